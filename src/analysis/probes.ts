// Probes the kubelet can never run: a named port that the probed container itself does not declare
// (probe.ResolveContainerPort -> findPortByName looks in that container's ports only, whatever their protocol).
import { isValidPortName } from '../model/names.js';
import { isPlaceholderPath } from '../model/placeholders.js';
import type { ContainerModel, ProbeModel, WorkloadModel } from '../model/types.js';

export interface UnresolvedProbe {
  container: ContainerModel;
  probe: ProbeModel & { port: string };
  /** Another probed container of the pod that declares the name (the probe still cannot use it). */
  declaredBy: ContainerModel | null;
}

/** The containers the kubelet probes (AddPod): containers, then sidecar init containers (restartPolicy: Always). */
export function probedContainers(workload: WorkloadModel): ContainerModel[] {
  return workload.containers.filter((c) => c.role !== 'init');
}

/** Every probe of the workload whose named port its own container does not declare, in container order. */
export function unresolvedProbes(workload: WorkloadModel): UnresolvedProbe[] {
  const found: UnresolvedProbe[] = [];
  const containers = probedContainers(workload);
  for (const container of containers) {
    for (const probe of container.probes ?? []) {
      if (!isNamedPort(probe) || !isKnown(workload, container, probe) || declares(container, probe.port)) continue;
      const declaredBy = containers.find((c) => c !== container && declares(c, probe.port)) ?? null;
      found.push({ container, probe, declaredBy });
    }
  }
  return found;
}

/** Why the workload's pods are never Ready (a readiness or startup probe that can never succeed), or null. */
export function neverReadyReason(workload: WorkloadModel): string | null {
  const blocking = unresolvedProbes(workload).find((u) => u.probe.kind !== 'livenessProbe');
  return blocking
    ? `${blocking.probe.kind} port "${blocking.probe.port}" is not a port of container ${blocking.container.name}`
    : null;
}

/** The YAML path of a probe's port, e.g. spec.template.spec.containers[0].readinessProbe.httpGet.port. */
export function probePortPath(container: ContainerModel, probe: ProbeModel): string {
  return `${container.path}.${probe.kind}.${probe.handler}.port`;
}

/** Only httpGet and tcpSocket take names; one the API server rejects (not an IANA_SVC_NAME) is not judged here. */
function isNamedPort(probe: ProbeModel): probe is ProbeModel & { port: string } {
  return (
    (probe.handler === 'httpGet' || probe.handler === 'tcpSocket') &&
    typeof probe.port === 'string' &&
    isValidPortName(probe.port)
  );
}

/** A placeholder in the probe's port or in a port name of its container leaves the outcome unknown. */
function isKnown(workload: WorkloadModel, container: ContainerModel, probe: ProbeModel): boolean {
  if (!workload.placeholders) return true;
  if (
    isPlaceholderPath(workload.placeholders, probePortPath(container, probe)) ||
    isPlaceholderPath(workload.placeholders, `${container.path}.ports`)
  )
    return false;
  return !container.ports.some((p) =>
    isPlaceholderPath(workload.placeholders, `${container.path}.ports[${p.index}].name`),
  );
}

function declares(container: ContainerModel, name: string): boolean {
  return container.ports.some((p) => p.name === name);
}
