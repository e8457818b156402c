// Workloads the cluster never runs: the API server does not serve their apiVersion, or rejects the object. They make
// no pods, so the pod index leaves them out (a Service they alone match has no endpoints) and orphan-service says why.
import type { KubernetesVersion } from '../settings.js';
import { notServedReason } from './api-versions.js';
import { portNameProblem } from './names.js';
import { isPlaceholderPath } from './placeholders.js';
import type { ContainerModel, WorkloadModel } from './types.js';
import { selectorProblem } from './workload-selector.js';
import { missingServiceAccount, type ServiceAccountIndex } from './service-accounts.js';

/** Why the cluster rejects the workload ("extensions/v1beta1 is not served since 1.16"), or null when it accepts it. */
export function rejectionOf(
  workload: WorkloadModel,
  version: KubernetesVersion,
  accounts?: ServiceAccountIndex,
): string | null {
  return (
    notServedReason(workload.apiVersion, workload.kind, version) ??
    schemaProblem(workload) ??
    (selectorProblem(workload) === null ? null : 'its selector does not match its pod template labels') ??
    duplicateContainerName(workload) ??
    invalidContainerPortName(workload) ??
    (accounts ? serviceAccountRejection(workload, accounts) : null)
  );
}

/** The ServiceAccount admission plugin refuses pods whose service account does not exist (service-account rule). */
function serviceAccountRejection(workload: WorkloadModel, accounts: ServiceAccountIndex): string | null {
  const missing = missingServiceAccount(workload, accounts);
  return missing
    ? `its pods' service account ${workload.namespace}/${missing.name} is not defined, so pod admission refuses them ("service account ${workload.namespace}/${missing.name} was not found, retry after the service account is created")`
    : null;
}

/** A schema error anywhere (the pod template, the selector, metadata.name): the API server rejects the whole object. */
function schemaProblem(workload: WorkloadModel): string | null {
  const problem = workload.schemaProblems?.[0];
  return problem ? `${problem.path} is invalid` : null;
}

/** ValidatePodSpec: containers and initContainers share one namespace of names. */
export function duplicateContainers(workload: WorkloadModel): [first: ContainerModel, again: ContainerModel][] {
  const seen = new Map<string, ContainerModel>();
  const duplicates: [ContainerModel, ContainerModel][] = [];
  for (const container of workload.containers) {
    if (!container.name || isPlaceholderPath(workload.placeholders, `${container.path}.name`)) continue;
    const first = seen.get(container.name);
    if (first) duplicates.push([first, container]);
    else seen.set(container.name, container);
  }
  return duplicates;
}

function duplicateContainerName(workload: WorkloadModel): string | null {
  const [duplicate] = duplicateContainers(workload);
  return duplicate ? `container name "${duplicate[1].name}" is used twice` : null;
}

function invalidContainerPortName(workload: WorkloadModel): string | null {
  for (const container of workload.containers) {
    for (const port of container.ports) {
      if (port.name === null || isPlaceholderPath(workload.placeholders, `${container.path}.ports[${port.index}].name`))
        continue;
      if (portNameProblem(port.name)) return `container ${container.name} port name "${port.name}" is invalid`;
    }
  }
  return null;
}
