// The calls svclint knows about: who connects to which Service port and pods, and where that is written. Found the way
// the rules that check them do: host names in env values, command, args and ConfigMaps read through envFrom
// (host-sites, resolved by ClusterDns as dns-reference does), and Service link variables (env.ts, as
// service-env-order resolves them). Each call is written in the input, so there are at most as many as values.
import type { Model } from '../model/build.js';
import { rangeInValue } from '../model/text.js';
import type { ManifestObject, Protocol, ServiceModel, ServicePortModel, WorkloadModel } from '../model/types.js';
import type { Range } from '../position/range.js';
import type { Analysis } from './analysis.js';
import { ClusterDns, scanHosts } from './dns.js';
import { isHeadless } from './endpoints.js';
import {
  definesItself,
  indexServiceLinks,
  mayComeFromUnknownSource,
  resolveServiceLink,
  serviceLinkPort,
  serviceLinkUses,
} from './env.js';
import { isConnectedHost, valueSites, type ValueSite } from './host-sites.js';

/** "env CART_ADDR", "dns" (command, args, ConfigMap data), "service-link", "statefulset-peer". */
export type CallVia = `env ${string}` | 'dns' | 'service-link' | 'statefulset-peer';

/** The pods a call reaches and on which port (after the Service's targetPort). */
export interface CallTarget {
  workload: WorkloadModel;
  port: number;
  protocol: Protocol;
}

export interface KnownCall {
  from: WorkloadModel;
  via: CallVia;
  /** Whether the client looks the name up in the cluster DNS first (not for Service link variables: an IP). */
  byName: boolean;
  /** Where the call is written, and how ("cart:80", "$(CART_SERVICE_HOST)"). */
  object: ManifestObject;
  range: Range;
  path: string;
  written: string;
  service: ServiceModel | null;
  servicePort: ServicePortModel | null;
  targets: CallTarget[];
}

export function knownCalls(model: Model, analysis: Analysis, clusterDomain: string): KnownCall[] {
  const calls: KnownCall[] = [];
  const dns = new ClusterDns(model, analysis, clusterDomain);
  const consumers = configMapConsumers(model);
  for (const site of valueSites(model)) {
    const clients = site.workload
      ? [site.workload]
      : (consumers.get(`${site.object.namespace}/${site.object.name}`) ?? []);
    if (clients.length === 0) continue;
    for (const reference of scanHosts(site.text.value)) {
      if (!isConnectedHost(site, reference)) continue;
      const resolution = dns.resolve(reference.host, site.namespace);
      if (resolution?.status !== 'resolved') continue;
      const record = resolution.record;
      const range = rangeInValue(site.text, reference.start, reference.portEnd);
      const written = site.text.value.slice(reference.start, reference.portEnd);
      const base = { byName: true, object: site.object, range, path: site.path, written };
      for (const from of clients) {
        const via = (target: ServiceModel): CallVia =>
          from.kind === 'StatefulSet' && from.serviceName?.value === target.name && target.namespace === from.namespace
            ? 'statefulset-peer'
            : viaOf(site);
        if (record.type === 'A') {
          for (const call of serviceCalls(analysis, record.service, reference.port))
            calls.push({ ...base, from, via: via(record.service), ...call });
        } else if (record.type === 'pod' && reference.port !== null) {
          const targets = [{ workload: record.pod.workload, port: reference.port, protocol: 'TCP' as Protocol }];
          calls.push({ ...base, from, via: via(record.service), service: record.service, servicePort: null, targets });
        }
      }
    }
  }
  calls.push(...serviceLinkCalls(model, analysis));
  return calls;
}

function viaOf(site: ValueSite): CallVia {
  return site.workload && site.path.includes('.env[') ? `env ${site.label}` : 'dns';
}

/**
 * The Service ports a connection to the Service's name on `port` goes to: with a cluster IP, the Service port of that
 * number (kube-proxy forwards it to the endpoints' targetPort); for a headless Service the pods themselves on `port`.
 * Without a port written, only a Service with one port is taken to be called on it.
 */
function serviceCalls(
  analysis: Analysis,
  service: ServiceModel,
  port: number | null,
): Pick<KnownCall, 'service' | 'servicePort' | 'targets'>[] {
  if (service.type === 'ExternalName') return [];
  const endpoints = analysis.endpointsOf(service);
  if (isHeadless(service)) {
    if (port === null) return [];
    const targets = endpoints.workloads.map((workload) => ({ workload, port, protocol: 'TCP' as Protocol }));
    return targets.length
      ? [{ service, servicePort: service.ports.find((p) => p.port === port) ?? null, targets }]
      : [];
  }
  const ports =
    port === null
      ? endpoints.ports.length === 1
        ? endpoints.ports
        : []
      : endpoints.ports.filter((p) => p.port.port === port);
  return ports
    .filter((p) => p.endpoints.length > 0)
    .map((p) => ({
      service,
      servicePort: p.port,
      targets: p.endpoints.map((e) => ({ workload: e.workload, port: e.containerPort, protocol: p.port.protocol })),
    }));
}

/** Workloads whose containers read a ConfigMap through envFrom, by namespace/name. */
function configMapConsumers(model: Model): Map<string, WorkloadModel[]> {
  const consumers = new Map<string, WorkloadModel[]>();
  for (const workload of model.workloads) {
    const names = new Set(
      workload.containers.flatMap((c) =>
        c.envFrom.filter((e) => e.source === 'configMap' && e.name).map((e) => e.name!),
      ),
    );
    for (const name of names) {
      const key = `${workload.namespace}/${name}`;
      const list = consumers.get(key);
      if (list) list.push(workload);
      else consumers.set(key, [workload]);
    }
  }
  return consumers;
}

/** `$(CART_SERVICE_PORT)`, `$CART_PORT_80_TCP`: a Service link variable that stands for a port the pod connects to. */
function serviceLinkCalls(model: Model, analysis: Analysis): KnownCall[] {
  const calls: KnownCall[] = [];
  const index = indexServiceLinks(model.services);
  for (const workload of model.workloads) {
    const pod = {
      namespace: workload.namespace ?? 'default',
      order: workload.order,
      serviceLinks: workload.enableServiceLinks?.value !== false,
    };
    for (const container of workload.containers) {
      const env = analysis.containerEnvironment(container, pod.namespace);
      for (const use of serviceLinkUses(container)) {
        if (definesItself(env, use.name) || mayComeFromUnknownSource(env, use.name)) continue;
        const link = resolveServiceLink(index, use.name, pod);
        if (!link?.service || link.problem) continue;
        const port = serviceLinkPort(link.reading, link.service);
        if (port === null) continue;
        for (const call of serviceCalls(analysis, link.service, port)) {
          calls.push({
            from: workload,
            via: 'service-link',
            byName: false,
            object: workload,
            range: rangeInValue(use.text, use.start, use.end),
            path: use.path,
            written: use.text.value.slice(use.start, use.end),
            ...call,
          });
        }
      }
    }
  }
  return calls;
}
