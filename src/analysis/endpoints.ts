// Predicts the endpoints of every Service port, as the EndpointSlice controller would build them (findPort).
import { formatMapSelector } from '../model/selector.js';
import type { Model } from '../model/build.js';
import type { PodSource } from '../model/pod-index.js';
import { isValidPortName } from '../model/names.js';
import { isPlaceholderPath } from '../model/placeholders.js';
import { selectedReplicas } from '../model/pod-labels.js';
import { neverReadyReason } from './probes.js';
import type {
  ContainerModel,
  ContainerPortModel,
  OperatorResourceModel,
  ServiceModel,
  ServicePortModel,
  WorkloadModel,
} from '../model/types.js';

export interface Endpoint {
  workload: WorkloadModel;
  /** The container that declares the port; null for a numeric targetPort no container declares. */
  container: string | null;
  containerPort: number;
  /** Pods of the workload the selector selects (fewer than its replicas when it selects a controller label such as a pod name). */
  replicas: WorkloadModel['replicas'];
  /** Whether kube-proxy routes to it: its pods become Ready, or the Service publishes not-ready addresses. */
  ready: boolean;
  /** Why its pods never become Ready (a readiness or startup probe that can never succeed); null when they can. */
  notReadyReason: string | null;
}

/** Why a matched workload's pods do not (or may not) serve a Service port. */
export type PortGap =
  /** Named targetPort: no container port has that name. The pods are left out of the port's endpoints. */
  | { kind: 'name-not-found'; workload: WorkloadModel }
  /** The name or number is declared, but only with another protocol. */
  | {
      kind: 'protocol-mismatch';
      workload: WorkloadModel;
      declared: { container: ContainerModel; port: ContainerPortModel };
    }
  /** Numeric targetPort no container declares: still routed, but often a typo. */
  | { kind: 'number-undeclared'; workload: WorkloadModel }
  /**
   * A container port that may be this one holds a placeholder (`name: ${PORT_NAME}`, `containerPort: ${PORT}`,
   * `protocol: ${PROTOCOL}`): unknown until another tool fills it in, so no rule judges the workload on this port.
   */
  | { kind: 'placeholder'; workload: WorkloadModel; declared: { container: ContainerModel; port: ContainerPortModel } };

export interface PortEndpoints {
  port: ServicePortModel;
  /** targetPort after defaulting to port; null when the port cannot be resolved (invalid values). */
  targetPort: number | string | null;
  endpoints: Endpoint[];
  gaps: PortGap[];
}

export interface ServiceEndpoints {
  service: ServiceModel;
  /** Workloads whose pod template the selector selects, in apply order. */
  workloads: WorkloadModel[];
  /** Custom resources whose operator makes selected pods; their ports are unknown. */
  operatorResources: OperatorResourceModel[];
  ports: PortEndpoints[];
  /** Workloads the selector matches but the cluster rejects (not served, invalid): they make no pods, so no endpoints. */
  rejected: { workload: WorkloadModel; reason: string }[];
  /** The deployable set it was predicted in ("kustomization overlays/prod"), when the input has several. */
  set?: string;
}

/** clusterIP None (or clusterIPs ["None"], which the API server derives it into): no virtual IP, DNS per endpoint. */
export function isHeadless(service: ServiceModel): boolean {
  if (service.clusterIP !== null) return service.clusterIP === 'None';
  const clusterIPs = service.spec.clusterIPs?.value;
  return Array.isArray(clusterIPs) && clusterIPs[0] === 'None';
}

/** Whether Kubernetes manages endpoints for the Service from its selector. */
export function hasManagedEndpoints(service: ServiceModel): boolean {
  return service.type !== 'ExternalName' && service.selector !== null;
}

export function predictEndpoints(model: Model): ServiceEndpoints[] {
  const reasons = new Map<WorkloadModel, string | null>();
  // Once per workload, however many Services select it.
  const notReadyReasonOf: NotReadyReasonOf = (workload) => {
    let reason = reasons.get(workload);
    if (reason === undefined) reasons.set(workload, (reason = neverReadyReason(workload)));
    return reason;
  };
  return model.services.map((service) => predictServiceEndpoints(service, model, notReadyReasonOf));
}

type NotReadyReasonOf = (workload: WorkloadModel) => string | null;

/** spec.publishNotReadyAddresses: true publishes every endpoint as ready, so not-ready pods are routed to all the same. */
export function publishesNotReadyAddresses(service: ServiceModel): boolean {
  return service.spec.publishNotReadyAddresses?.value === true;
}

function predictServiceEndpoints(
  service: ServiceModel,
  model: Model,
  notReadyReasonOf: NotReadyReasonOf,
): ServiceEndpoints {
  const sources: PodSource[] = hasManagedEndpoints(service)
    ? model.podIndex.selectMap(service.namespace ?? '', service.selector)
    : [];
  const workloads = sources.filter((s): s is WorkloadModel => s.category === 'workload');
  const operatorResources = sources.filter((s): s is OperatorResourceModel => s.category === 'operator-resource');
  // A selector on a controller label (statefulset.kubernetes.io/pod-name: web-0) selects only some of the pods.
  const replicasOf = (workload: WorkloadModel) => selectedReplicas(service.selector, workload) ?? workload.replicas;
  const publishesNotReady = publishesNotReadyAddresses(service);
  const endpointOf: EndpointOf = (workload, container, containerPort) => {
    const notReadyReason = notReadyReasonOf(workload);
    return {
      workload,
      container,
      containerPort,
      replicas: replicasOf(workload),
      ready: notReadyReason === null || publishesNotReady,
      notReadyReason,
    };
  };
  const ports = service.ports.map((port) => predictPort(port, workloads, endpointOf));
  const rejected =
    model.rejected.size === 0 || !hasManagedEndpoints(service)
      ? []
      : model.rejectedIndex
          .selectMap(service.namespace ?? '', service.selector)
          .filter((s): s is WorkloadModel => s.category === 'workload')
          .map((workload) => ({ workload, reason: model.rejected.get(workload)! }));
  return { service, workloads, operatorResources, ports, rejected };
}

/** Why a port has no endpoints, for endpoint maps: its pods would come only from rejected workloads, or none match. */
export function noEndpointsReason(entry: ServiceEndpoints, port: PortEndpoints): string {
  if (port.targetPort === null) return 'invalid port or targetPort';
  if (entry.workloads.length === 0 && entry.rejected.length > 0) {
    return `its only pods would come from ${entry.rejected.map((r) => `${r.workload.kind}/${r.workload.name}, which the cluster rejects: ${r.reason}`).join('; ')}`;
  }
  return `selector ${formatMapSelector(entry.service.selector ?? {})} matches no pods`;
}

/** targetPort defaults to port when it is missing, 0 or "" (SetDefaults_Service). */
export function effectiveTargetPort(port: ServicePortModel): number | string | null {
  const target = port.targetPort;
  if (target === null || target === 0 || target === '') return typeof port.port === 'number' ? port.port : null;
  if (typeof target === 'number') return Number.isInteger(target) && target > 0 && target <= 65535 ? target : null;
  // A string must be an IANA_SVC_NAME; anything else (e.g. "8080") is rejected by the API server.
  return isValidPortName(target) ? target : null;
}

type EndpointOf = (workload: WorkloadModel, container: string | null, containerPort: number) => Endpoint;

function predictPort(
  port: ServicePortModel,
  workloads: readonly WorkloadModel[],
  endpointOf: EndpointOf,
): PortEndpoints {
  const targetPort = effectiveTargetPort(port);
  const result: PortEndpoints = { port, targetPort, endpoints: [], gaps: [] };
  if (targetPort === null) return result;
  for (const workload of workloads) {
    const match = findPort(workload, targetPort, port.protocol);
    if (match) {
      result.endpoints.push(endpointOf(workload, match.container.name, Number(match.port.containerPort)));
      continue;
    }
    const unknown = placeholderPort(workload, targetPort, port.protocol);
    if (unknown) {
      // Unknown until filled in; a number is routed as is all the same.
      if (typeof targetPort === 'number') result.endpoints.push(endpointOf(workload, null, targetPort));
      result.gaps.push({ kind: 'placeholder', workload, declared: unknown });
      continue;
    }
    const other = findPort(workload, targetPort, null);
    if (other) result.gaps.push({ kind: 'protocol-mismatch', workload, declared: other });
    if (typeof targetPort === 'string') {
      if (!other) result.gaps.push({ kind: 'name-not-found', workload });
    } else {
      // A numeric targetPort is routed whether or not a container declares it.
      result.endpoints.push(endpointOf(workload, null, targetPort));
      if (!other) result.gaps.push({ kind: 'number-undeclared', workload });
    }
  }
  return result;
}

/** The first container port (containers, then sidecar init containers) with this name or number and protocol. */
export function findPort(
  workload: WorkloadModel,
  target: number | string,
  protocol: string | null,
): { container: ContainerModel; port: ContainerPortModel } | null {
  for (const container of workload.containers) {
    if (container.role === 'init') continue;
    for (const port of container.ports) {
      const same = typeof target === 'string' ? port.name === target : port.containerPort === target;
      if (same && (protocol === null || port.protocol === protocol)) return { container, port };
    }
  }
  return null;
}

/**
 * The first container port (containers, then sidecars) that may be `target` once its placeholders are filled in: its
 * name (for a named targetPort) or number (for a numeric one) is a placeholder, or it has this name or number and a
 * placeholder protocol. Null when every port that could match is known.
 */
export function placeholderPort(
  workload: WorkloadModel,
  target: number | string,
  protocol: string,
): { container: ContainerModel; port: ContainerPortModel } | null {
  if (!workload.placeholders) return null;
  for (const container of workload.containers) {
    if (container.role === 'init') continue;
    for (const port of container.ports) {
      const path = `${container.path}.ports[${port.index}]`;
      const held = (field: string) => isPlaceholderPath(workload.placeholders, `${path}.${field}`);
      const same = typeof target === 'string' ? port.name === target : port.containerPort === target;
      if (held(typeof target === 'string' ? 'name' : 'containerPort')) return { container, port };
      if (same && port.protocol !== protocol && held('protocol')) return { container, port };
    }
  }
  return null;
}

/** What the endpoint maps say about an endpoint whose pods never become Ready; null when they can. */
export function describeReadiness(endpoint: Endpoint): string | null {
  if (endpoint.notReadyReason === null) return null;
  return endpoint.ready
    ? `never ready, routed all the same (publishNotReadyAddresses): ${endpoint.notReadyReason}`
    : `never ready: ${endpoint.notReadyReason}`;
}

/** What the endpoint maps say about a 'placeholder' gap. */
export function describePlaceholderGap(gap: Extract<PortGap, { kind: 'placeholder' }>): string {
  return `container ${gap.declared.container.name} has a port holding a placeholder (filled in before the manifest is applied), so whether it serves this port is unknown`;
}

/** Whether a port's endpoints are unknown for some workload, because a container port that may serve it holds a placeholder. */
export function hasPlaceholderGap(port: PortEndpoints): boolean {
  return port.gaps.some((g) => g.kind === 'placeholder');
}
