import { defineRule, at, hasSchemaProblem, type Report } from '../../src/rule.js';
import { kindName, qualifiedName } from '../../src/model/describe.js';
import { isBuiltinGroup } from '../../src/model/kinds.js';
import { compareText, editDistance, listing } from '../../src/strings.js';
import type { Model } from '../../src/model/build.js';
import type {
  AutoscalerMetricModel,
  AutoscalerModel,
  ContainerModel,
  ManifestObject,
  WorkloadModel,
} from '../../src/model/types.js';

/** Built-in kinds with a scale subresource, which an autoscaler can target. */
const SCALABLE_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
]);
/** Built-in workload kinds without a scale subresource. */
const UNSCALABLE_KINDS: ReadonlySet<string> = new Set(['DaemonSet', 'Job', 'CronJob', 'Pod']);
/** The resources the metrics server reports, and so the ones a Resource metric can target. */
const METRIC_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory']);
/** Bounds the "did you mean" search per finding. */
const MAX_CANDIDATES = 1000;

export default defineRule({
  meta: {
    id: 'hpa-target',
    severity: 'warning',
    description:
      "A HorizontalPodAutoscaler whose scaleTargetRef names no object in its namespace, or whose utilization metric reads a request its target's containers do not set (a note when the target also sets spec.replicas).",
    rationale: `A HorizontalPodAutoscaler (autoscaling/v2 or v1) scales the object its \`spec.scaleTargetRef\` names, by
kind and name, in its own namespace, through that object's scale subresource. When there is no such object the
controller cannot read the scale ("the HPA controller was unable to get the target's current scale"), reports
\`AbleToScale: False\` and never scales anything. The built-in kinds with a scale subresource are Deployment,
StatefulSet, ReplicaSet and ReplicationController; DaemonSets, Jobs, CronJobs and Pods have none, so an autoscaler
never scales them. A missing target of a built-in kind is reported when the input has pod templates in that namespace;
a target of a custom kind (an Argo Rollout) only when the input has objects of that kind there: otherwise the object
is likely created elsewhere, and svclint stays silent.

A \`Resource\` metric (cpu or memory) with a \`Utilization\` target divides the pods' usage by their requests. The
controller (pkg/controller/podautoscaler, replica_calculator.go \`calculateRequests\`) sums the request of every
container of each pod, counting native sidecars (init containers with \`restartPolicy: Always\`, since 1.29) but not
plain init containers, and a container without a request fails the whole computation: "missing request for cpu in
container app of Pod web-5d8f...", so the autoscaler never scales. A \`ContainerResource\` metric reads only its own
container ("container sidecar not found in Pod" when there is none). A limit counts as a request: the API server copies
limits into missing requests when it creates the pod (\`SetDefaults_Pod\`). Pod-level \`spec.resources\`
(PodLevelResources) is used instead of the containers' when it sets requests, so a pod template with pod-level
resources is not judged. Without any metric (v2) or \`targetCPUUtilizationPercentage\` (v1), an autoscaler targets
80% CPU utilization, so the same holds for cpu. A LimitRange in the namespace may give containers default requests:
with one in the input there, svclint does not judge requests.

A target that sets \`spec.replicas\` as well is a note: every \`kubectl apply\` (or GitOps sync) of the workload resets
its replica count to that number, undoing the autoscaler's choice until it scales again; leave \`spec.replicas\` out
of the manifest of an autoscaled workload.`,
    examples: {
      valid: [
        {
          title: 'A Deployment whose container requests the CPU its autoscaler targets',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 100m
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`,
        },
      ],
      invalid: [
        {
          title: 'An autoscaler that names a Deployment by a wrong name',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 100m
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: webapp
  maxReplicas: 10
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const { policies } = analysis;
    if (policies.autoscalers.length === 0) return;
    const index = new NamespaceIndex(model);
    const noted = new Set<WorkloadModel>();
    for (const autoscaler of policies.autoscalers) {
      if (hasSchemaProblem(autoscaler, 'spec.scaleTargetRef')) continue;
      const { kind, name } = autoscaler.target;
      if (!kind || !name) continue;
      const target = policies.targetOf(autoscaler);
      if (!target) {
        const missing = missingTarget(autoscaler, kind, name, index);
        if (missing) report(missing);
        continue;
      }
      if (UNSCALABLE_KINDS.has(target.kind) && isBuiltinGroup(target.apiVersion)) {
        const finding = at(
          autoscaler,
          autoscaler.targetKindRange ?? autoscaler.targetRange,
          'spec.scaleTargetRef.kind',
          `HorizontalPodAutoscaler ${qualifiedName(autoscaler)} targets ${kindName(target)}, but a ${target.kind} has no scale subresource, so the autoscaler can never scale it`,
        );
        finding.related = [{ object: target, range: target.nameRange, message: kindName(target) }];
        report(finding);
        continue;
      }
      if (target.category !== 'workload') continue;
      for (const metric of autoscaler.resourceMetrics) {
        const finding = metricFinding(autoscaler, metric, target, index);
        if (finding) report(finding);
      }
      if (target.replicasRange && !noted.has(target) && !hasSchemaProblem(target, 'spec.replicas')) {
        noted.add(target);
        const note = at(
          target,
          target.replicasRange,
          'spec.replicas',
          `${kindName(target)} sets spec.replicas while HorizontalPodAutoscaler ${qualifiedName(autoscaler)} scales it, so every apply of this manifest resets the replica count to ${target.replicas} and undoes the autoscaler's choice; leave spec.replicas out`,
        );
        note.severity = 'note';
        note.related = [
          {
            object: autoscaler,
            range: autoscaler.targetNameRange ?? autoscaler.targetRange,
            message: `HorizontalPodAutoscaler ${qualifiedName(autoscaler)}`,
          },
        ];
        report(note);
      }
    }
  },
});

/** The input's objects by namespace and kind, and which namespaces have pod templates or LimitRanges. */
class NamespaceIndex {
  private readonly byKind = new Map<string, ManifestObject[]>();
  private readonly withWorkloads = new Set<string>();
  private readonly withLimitRanges = new Set<string>();

  constructor(model: Model) {
    for (const object of model.objects) {
      const namespace = object.namespace ?? '';
      const key = `${namespace}\u0000${object.kind}`;
      const list = this.byKind.get(key);
      if (list) list.push(object);
      else this.byKind.set(key, [object]);
      if (object.category === 'workload') this.withWorkloads.add(namespace);
      if (object.kind === 'LimitRange' && object.apiVersion === 'v1') this.withLimitRanges.add(namespace);
    }
  }

  ofKind(namespace: string, kind: string): readonly ManifestObject[] {
    return this.byKind.get(`${namespace}\u0000${kind}`) ?? [];
  }

  hasWorkloads(namespace: string): boolean {
    return this.withWorkloads.has(namespace);
  }

  hasLimitRange(namespace: string): boolean {
    return this.withLimitRanges.has(namespace);
  }
}

function missingTarget(autoscaler: AutoscalerModel, kind: string, name: string, index: NamespaceIndex): Report | null {
  const namespace = autoscaler.namespace ?? '';
  const sameKind = index.ofKind(namespace, kind);
  const builtin =
    SCALABLE_KINDS.has(kind) && (autoscaler.target.apiVersion === null || isBuiltinGroup(autoscaler.target.apiVersion));
  // Objects the input cannot know: a custom kind it has none of, a namespace whose workloads are kept elsewhere.
  if (sameKind.length === 0 && !(builtin && index.hasWorkloads(namespace))) return null;
  const otherKind = [...SCALABLE_KINDS]
    .filter((k) => k !== kind)
    .flatMap((k) => index.ofKind(namespace, k))
    .find((o) => o.name === name);
  const near = otherKind ? null : nearestName(name, sameKind);
  const suggestion = otherKind ?? near;
  const hint = suggestion ? `; did you mean ${kindName(suggestion)}?` : '';
  const finding = at(
    autoscaler,
    autoscaler.targetNameRange ?? autoscaler.targetRange,
    'spec.scaleTargetRef.name',
    `HorizontalPodAutoscaler ${qualifiedName(autoscaler)} scales ${kind}/${name}, but there is no ${kind} named ${name} in namespace ${namespace}, so it never scales anything${hint}`,
  );
  if (suggestion)
    finding.related = [{ object: suggestion, range: suggestion.nameRange, message: kindName(suggestion) }];
  return finding;
}

/** The object whose name looks like a typo of `name` (edit distance at most a third of its length), nearest first. */
function nearestName(name: string, candidates: readonly ManifestObject[]): ManifestObject | null {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: ManifestObject | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates.slice(0, MAX_CANDIDATES)) {
    if (Math.abs(candidate.name.length - name.length) > limit) continue;
    const distance = editDistance(candidate.name, name);
    if (distance < bestDistance || (distance === bestDistance && best && compareText(candidate.name, best.name) < 0)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The containers a metric reads: its own (ContainerResource), or every container and native sidecar of the pod. */
function containersOf(metric: AutoscalerMetricModel, target: WorkloadModel): ContainerModel[] {
  if (metric.container !== null)
    return target.containers.filter((c) => c.name === metric.container && c.role !== 'init');
  return target.containers.filter((c) => c.role !== 'init');
}

function hasRequest(container: ContainerModel, resource: string): boolean {
  return (
    container.resources !== undefined &&
    (container.resources.requests.includes(resource) || container.resources.limits.includes(resource))
  );
}

function metricFinding(
  autoscaler: AutoscalerModel,
  metric: AutoscalerMetricModel,
  target: WorkloadModel,
  index: NamespaceIndex,
): Report | null {
  if (metric.targetType !== 'Utilization' || !METRIC_RESOURCES.has(metric.resource)) return null;
  if (hasSchemaProblem(autoscaler, metric.path) || target.leaderPods || target.containers.length === 0) return null;
  // Requests the input cannot see: a LimitRange's defaults, values another tool fills in, pod-level resources.
  if (index.hasLimitRange(target.namespace ?? '')) return null;
  const aboutResources = (p: { path: string }) =>
    p.path.startsWith(target.podSpecPath) && p.path.includes('.resources');
  if ((target.placeholders ?? []).some(aboutResources) || (target.schemaProblems ?? []).some(aboutResources))
    return null;
  const what = metric.defaulted
    ? `targets ${metric.resource} utilization (the default of an autoscaler without metrics)`
    : `scales on ${metric.resource} utilization`;
  const containers = containersOf(metric, target);
  if (metric.container !== null && containers.length === 0) {
    if (!metric.containerRange) return null;
    const finding = at(
      autoscaler,
      metric.containerRange,
      `${metric.path}.containerResource.container`,
      `HorizontalPodAutoscaler ${qualifiedName(autoscaler)} ${what} of container ${metric.container}, but ${kindName(target)} has no container named ${metric.container} (its containers: ${listing(target.containers.filter((c) => c.role !== 'init').map((c) => c.name))}), so the HPA controller cannot compute this metric and does not scale on it ("container ${metric.container} not found")`,
    );
    finding.related = [{ object: target, range: target.nameRange, message: kindName(target) }];
    return finding;
  }
  // Pod-level requests are used instead of the containers' (a ContainerResource metric still reads its container).
  if (metric.container === null && target.podResources) return null;
  const missing = containers.filter((c) => !hasRequest(c, metric.resource));
  if (missing.length === 0) return null;
  const names = missing.map((c) => `${c.role === 'sidecar' ? 'sidecar ' : ''}${c.name}`);
  const finding = at(
    autoscaler,
    metric.range,
    metric.defaulted ? 'spec' : metric.path,
    `HorizontalPodAutoscaler ${qualifiedName(autoscaler)} ${what}, but ${missing.length === 1 ? 'container' : 'containers'} ${listing(names)} of ${kindName(target)} ${missing.length === 1 ? 'sets' : 'set'} no ${metric.resource} request (nor limit), so the HPA controller cannot compute this metric and does not scale on it ("missing request for ${metric.resource}")`,
  );
  finding.related = missing.map((c) => ({ object: target, range: c.range, message: `container ${c.name}` }));
  return finding;
}
