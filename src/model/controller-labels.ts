// Labels Kubernetes' controllers add to the pods they make, beyond the pod template's (the sources are quoted per kind).
import type { ControllerLabel, PodOrdinalAxis, WorkloadModel } from './types.js';

export interface ControllerLabelInput {
  kind: string;
  apiVersion: string;
  name: string;
  podLabels: Record<string, string>;
  replicas: WorkloadModel['replicas'];
  /** StatefulSet spec.ordinals.start. */
  ordinalsStart: number;
  /** Job (or a CronJob's jobTemplate) spec.manualSelector is true. */
  manualSelector: boolean;
  /** Job (or a CronJob's jobTemplate) spec.completionMode is Indexed. */
  indexed: boolean;
}

export interface ControllerLabels {
  controllerLabels: Record<string, ControllerLabel>;
  podOrdinals: PodOrdinalAxis[];
}

const UNKNOWN: ControllerLabel = { kind: 'unknown' };
const NONE: ControllerLabels = { controllerLabels: {}, podOrdinals: [] };

/** The controller labels of a kind with one pod template; LeaderWorkerSets are modelled in extract-workload. */
export function controllerLabelsOf(w: ControllerLabelInput): ControllerLabels {
  const group = w.apiVersion.includes('/') ? w.apiVersion.slice(0, w.apiVersion.indexOf('/')) : '';
  if (group === 'apps' || group === 'extensions' || group === '') {
    switch (w.kind) {
      // StatefulSet controller, updateIdentity and setPodRevision: pod-name `<set>-<ordinal>`, pod-index `<ordinal>`
      // (PodIndexLabel), controller-revision-hash the revision; ordinals run from spec.ordinals.start.
      case 'StatefulSet':
        return {
          controllerLabels: {
            'statefulset.kubernetes.io/pod-name': { kind: 'ordinal', prefix: `${w.name}-`, axis: 0 },
            'apps.kubernetes.io/pod-index': { kind: 'ordinal', prefix: '', axis: 0 },
            'controller-revision-hash': UNKNOWN,
          },
          podOrdinals: [
            { first: w.ordinalsStart, count: typeof w.replicas === 'number' ? w.replicas : 0, scalable: true },
          ],
        };
      // Deployment controller, getNewReplicaSet: CloneAndAddLabel(template labels, "pod-template-hash", hash).
      case 'Deployment':
        return { controllerLabels: { 'pod-template-hash': UNKNOWN }, podOrdinals: [] };
      // DaemonSet controller, CreatePodTemplate: pod-template-generation (the generation) and controller-revision-hash.
      case 'DaemonSet':
        return {
          controllerLabels: { 'controller-revision-hash': UNKNOWN, 'pod-template-generation': UNKNOWN },
          podOrdinals: [],
        };
    }
  }
  if (group === 'batch' && (w.kind === 'Job' || w.kind === 'CronJob')) return jobLabels(w);
  // OpenShift MakeDeployment: podLabels[deploymentconfig] = config.Name, podLabels[deployment] = `<config>-<version>`.
  if (w.kind === 'DeploymentConfig' && (group === 'apps.openshift.io' || group === '')) {
    return {
      controllerLabels: { deploymentconfig: { kind: 'fixed', value: w.name }, deployment: UNKNOWN },
      podOrdinals: [],
    };
  }
  // Argo Rollouts adds its own pod-template-hash (DefaultRolloutUniqueLabelKey) to the ReplicaSets it makes.
  if (w.kind === 'Rollout' && group === 'argoproj.io')
    return { controllerLabels: { 'rollouts-pod-template-hash': UNKNOWN }, podOrdinals: [] };
  return NONE;
}

/**
 * Job registry strategy, generateSelector (unless manualSelector): job-name and batch.kubernetes.io/job-name = the Job's
 * name, controller-uid and batch.kubernetes.io/controller-uid = its UID, each only where the template does not set the
 * key. A CronJob's Jobs are named `<cronjob>-<scheduled time>` (getJobFromTemplate2), so there job-name is unknown too.
 * Indexed Jobs' pods get batch.kubernetes.io/job-completion-index (addCompletionIndexLabel).
 */
function jobLabels(w: ControllerLabelInput): ControllerLabels {
  const labels: Record<string, ControllerLabel> = {};
  const add = (key: string, label: ControllerLabel) => {
    if (!Object.prototype.hasOwnProperty.call(w.podLabels, key)) labels[key] = label;
  };
  if (!w.manualSelector) {
    const jobName: ControllerLabel = w.kind === 'Job' ? { kind: 'fixed', value: w.name } : UNKNOWN;
    add('job-name', jobName);
    add('batch.kubernetes.io/job-name', jobName);
    add('controller-uid', UNKNOWN);
    add('batch.kubernetes.io/controller-uid', UNKNOWN);
  }
  if (w.indexed) labels['batch.kubernetes.io/job-completion-index'] = UNKNOWN;
  return { controllerLabels: labels, podOrdinals: [] };
}

/** leaderworkerset.x-k8s.io/v1 label keys (api/leaderworkerset/v1/leaderworkerset_types.go). */
export const LWS = {
  name: 'leaderworkerset.sigs.k8s.io/name',
  groupIndex: 'leaderworkerset.sigs.k8s.io/group-index',
  workerIndex: 'leaderworkerset.sigs.k8s.io/worker-index',
  /** Labels whose values are hashes, or depend on a subGroupPolicy svclint does not model. */
  unknown: [
    'leaderworkerset.sigs.k8s.io/group-key',
    'leaderworkerset.sigs.k8s.io/template-revision-hash',
    'leaderworkerset.sigs.k8s.io/subgroup-index',
    'leaderworkerset.sigs.k8s.io/subgroup-key',
  ],
} as const;

/**
 * The pod webhook (SetLabels) of LeaderWorkerSet: name = the LWS name, group-index = the group (0 .. replicas-1),
 * worker-index = the pod in its group (0 is the leader), group-key a hash. Leaders are pods of StatefulSet `<lws>`,
 * workers of StatefulSet `<lws>-<group>`: the StatefulSet labels are set too, with values svclint leaves unknown.
 * `part` is the leader pods (when a leaderTemplate is set), the workers (when it is), or every pod (when it is not).
 */
export function leaderWorkerSetLabels(
  name: string,
  groups: number,
  size: number,
  part: 'leaders' | 'workers' | 'all',
): ControllerLabels {
  const controllerLabels: Record<string, ControllerLabel> = {
    [LWS.name]: { kind: 'fixed', value: name },
    [LWS.groupIndex]: { kind: 'ordinal', prefix: '', axis: 0 },
    'statefulset.kubernetes.io/pod-name': UNKNOWN,
    'apps.kubernetes.io/pod-index': UNKNOWN,
    'controller-revision-hash': UNKNOWN,
  };
  for (const key of LWS.unknown) controllerLabels[key] = UNKNOWN;
  const podOrdinals: PodOrdinalAxis[] = [{ first: 0, count: groups, scalable: true }];
  if (part === 'leaders') controllerLabels[LWS.workerIndex] = { kind: 'fixed', value: '0' };
  else {
    controllerLabels[LWS.workerIndex] = { kind: 'ordinal', prefix: '', axis: 1 };
    // The group size is fixed by spec.leaderWorkerTemplate.size; only the number of groups scales.
    podOrdinals.push(
      part === 'workers'
        ? { first: 1, count: Math.max(size - 1, 0), scalable: false }
        : { first: 0, count: size, scalable: false },
    );
  }
  return { controllerLabels, podOrdinals };
}
