import { defineRule, at, type RelatedLocation } from '../../src/rule.js';
import { kindName, qualifiedName } from '../../src/model/describe.js';
import { formatMapSelector } from '../../src/model/selector.js';
import { listing } from '../../src/strings.js';
import { hasManagedEndpoints } from '../../src/analysis/endpoints.js';
import { sourceFileOf, type Model } from '../../src/model/build.js';
import { LabelIndex, type PodSource } from '../../src/model/pod-index.js';
import { podLabelOf, selectedReplicas, type OpenLabel } from '../../src/model/pod-labels.js';
import type { ServiceModel, WorkloadModel } from '../../src/model/types.js';
import type { Range } from '../../src/position/range.js';
import { OperatorEvidence, type OperatorHint } from './operator-evidence.js';
import { keyTypoOf, NearestSearch, withinOneEdit } from './nearest.js';

export default defineRule({
  meta: {
    id: 'orphan-service',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'selector', 'endpoints'], precision: 'high' },
    description:
      'A Service whose selector matches no pod template in its namespace (a note when an operator likely makes its pods).',
    rationale: `A Service's \`spec.selector\` is a map of labels that a pod must all carry (extra pod labels are
fine), and only pods in the Service's own namespace count. The EndpointSlice controller builds the Service's
endpoints from exactly those pods; when none match, the Service has no endpoints and every connection to it
fails. Matching the workload's own \`metadata.labels\` is not enough: Services select the pod template's labels
(\`spec.template.metadata.labels\`).

Only workloads the cluster accepts make pods. A workload in an apiVersion the target Kubernetes version no
longer serves (api-version), or one the API server rejects (a schema, workload-selector or port-name error, a
container name used twice), never exists: when such workloads are the only ones that match, the Service has no
endpoints, and the message names them and why ("its only pods would come from Deployment/my-nginx, which the
cluster rejects: extensions/v1beta1 is not served since 1.16").

The message names the cause when it can: a workload whose \`metadata.labels\` (not its template's) match, pods
with these labels in another namespace, or the nearest pod template in the namespace and which label differs (the
finding then points at that label's value, or at its key when the pods lack the key); it suggests a fix ("did you
mean") only when the difference looks like a typo, never another app's labels: a value one edit from the pods' (a
letter missing, extra or wrong, or two neighbouring letters swapped: \`wbe\` for \`web\`), or the pods' value under a
key one edit from the selector's (\`ap: web\` for \`app: web\`). Services without a selector
(endpoints managed by hand) and ExternalName Services are not orphans. Pods made by an operator from a custom
resource that declares their labels (\`spec.podMetadata.labels\`, as prometheus-operator's Alertmanager and
Prometheus do) count as matching pods.

Pods carry the labels their controllers add as well as the template's, and a Service may select those:

- Job (the registry's \`generateSelector\`, unless \`manualSelector: true\`): \`job-name\` and
  \`batch.kubernetes.io/job-name\` (the Job's name; unknown for a CronJob's Jobs, named \`<cronjob>-<time>\` by
  \`getJobFromTemplate2\`), \`controller-uid\` and \`batch.kubernetes.io/controller-uid\`, each only when the template
  does not set it; \`batch.kubernetes.io/job-completion-index\` for Indexed Jobs (\`addCompletionIndexLabel\`).
- StatefulSet (\`updateIdentity\`, \`setPodRevision\`): \`statefulset.kubernetes.io/pod-name\` (\`<name>-<ordinal>\`),
  \`apps.kubernetes.io/pod-index\` (the ordinal, from \`spec.ordinals.start\`) and \`controller-revision-hash\`.
- Deployment (\`getNewReplicaSet\`): \`pod-template-hash\`; DaemonSet (\`CreatePodTemplate\`): \`controller-revision-hash\` and
  \`pod-template-generation\`; OpenShift DeploymentConfig (\`MakeDeployment\`): \`deploymentconfig\` (its name) and
  \`deployment\`; Argo Rollout: \`rollouts-pod-template-hash\`.
- LeaderWorkerSet (leaderworkerset.x-k8s.io/v1, its pod webhook's \`SetLabels\`): \`leaderworkerset.sigs.k8s.io/name\`,
  \`group-index\` (0 to \`spec.replicas\` - 1), \`worker-index\` (0 is the leader, made from \`leaderTemplate\` when set),
  \`group-key\`. Its leaders and workers are two pod templates, so targetPorts resolve against the right containers.

A value only the cluster knows (a hash, a UID) may be the one selected, so it matches (and the endpoint map counts
all the workload's pods); an ordinal matches the one pod that has it (\`pod-name: web-0\` is one replica of
StatefulSet/web; an ordinal beyond the declared replicas is matched with 0 replicas, since scaling may create it).

When nothing in the files matches but the files suggest that an operator makes the pods, the finding is a **note**
instead, pointing at the configuration's \`externalWorkloads\` (declare the pods there and the Service is checked
like any other): a custom resource in the Service's namespace named by a selector value (operators label their pods
with their resource's name: \`cnpg.io/cluster: pg-main\`, \`strimzi.io/cluster\`, \`ray.io/cluster\`) or carrying the
selector's labels; a selector key under a prefix that no pod template in the files uses and Kubernetes does not
reserve (\`cnpg.io/\`, \`ray.io/\`; never \`app.kubernetes.io/\`, which charts set by hand); or an
\`app.kubernetes.io/managed-by\` value (other than Helm) that no pod template has. svclint cannot know whether such a
Service has endpoints, and a warning there would be a confident guess. The warning stays when the files themselves
explain the orphan: the labels in \`metadata.labels\` or another namespace, or a value that looks like a typo of a pod
template's.`,
    examples: {
      valid: [
        {
          title: 'The selector is a subset of the pod template labels',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
      track: stable
  template:
    metadata:
      labels:
        app: api
        track: stable
    spec:
      containers:
        - name: api
          image: example/api:2.3
          ports:
            - containerPort: 8080
`,
        },
      ],
      invalid: [
        {
          title: 'A typo in a label value',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api-sever
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api-server
  template:
    metadata:
      labels:
        app: api-server
    spec:
      containers:
        - name: api
          image: example/api:2.3
          ports:
            - containerPort: 8080
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    // Built on the first orphan only: most manifest sets have none.
    let byObjectLabels: LabelIndex<WorkloadModel> | undefined;
    let operatorEvidence: OperatorEvidence | undefined;
    let search: NearestSearch | undefined;
    for (const endpoints of analysis.endpoints) {
      const service = endpoints.service;
      if (!hasManagedEndpoints(service) || endpoints.workloads.length > 0 || endpoints.operatorResources.length > 0)
        continue;
      byObjectLabels ??= new LabelIndex(
        model.workloads.filter((w) => w.kind !== 'Pod'),
        (w) => w.labels,
      );
      const selector = formatMapSelector(service.selector!);
      const range = service.selectorRange ?? service.nameRange;
      const rejected = rejectedFinding(service, model, selector, range);
      if (rejected) {
        report(rejected);
        continue;
      }
      search ??= new NearestSearch(model.podIndex, (source) => sourceFileOf(model, source.fileId).path);
      const explanation = explain(service, model, byObjectLabels, search);
      // A typo or a misplaced label is the likelier cause; otherwise pods an operator makes are not in the files.
      const operator = explanation.certain ? null : (operatorEvidence ??= new OperatorEvidence(model)).hintFor(service);
      if (operator) {
        report(operatorNote(service, selector, range, operator));
        continue;
      }
      const finding = at(
        service,
        explanation.range ?? range,
        'spec.selector',
        `Service ${qualifiedName(service)} selects ${selector}, but no pod template in namespace ${service.namespace} has these labels, so it has no endpoints${explanation.hint}`,
      );
      if (explanation.related.length) finding.related = explanation.related;
      report(finding);
    }
  },
});

/** Pods only rejected workloads would make: the cluster never runs them, and the finding names why. */
function rejectedFinding(service: ServiceModel, model: Model, selector: string, range: ServiceModel['range']) {
  if (model.rejected.size === 0) return null;
  const workloads = model.rejectedIndex
    .selectMap(service.namespace ?? '', service.selector)
    .filter((s): s is WorkloadModel => s.category === 'workload');
  if (workloads.length === 0) return null;
  const reasons = workloads.map((w) => `${kindName(w)}, which the cluster rejects: ${model.rejected.get(w)}`);
  const finding = at(
    service,
    range,
    'spec.selector',
    `Service ${qualifiedName(service)} selects ${selector}, but its only pods would come from ${listing(reasons)}, so it has no endpoints`,
  );
  finding.related = workloads.map((w) => ({ object: w, range: w.nameRange, message: `${kindName(w)} (rejected)` }));
  return finding;
}

function operatorNote(service: ServiceModel, selector: string, range: ServiceModel['range'], operator: OperatorHint) {
  const note = at(
    service,
    range,
    'spec.selector',
    `Service ${qualifiedName(service)} selects ${selector}, which no pod template in these files has; ${operator.reason}, so its pods likely come from an operator: declare them in the configuration's externalWorkloads to have this Service and its ports checked`,
  );
  note.severity = 'note';
  if (operator.related) note.related = [operator.related];
  return note;
}

/** Why nothing matches: `certain` when the cause is in the files (labels in the wrong place, a typo). */
function explain(
  service: ServiceModel,
  model: Model,
  workloadsByObjectLabels: LabelIndex<WorkloadModel>,
  search: NearestSearch,
): { hint: string; related: RelatedLocation[]; certain: boolean; range: Range | null } {
  const selector = service.selector!;
  const namespace = service.namespace ?? '';
  // Exact matches in the wrong place come first: they name the real cause.
  const byObjectLabels = firstByName(workloadsByObjectLabels.selectMap(namespace, selector));
  if (byObjectLabels) {
    return {
      hint: `; ${kindName(byObjectLabels)} carries them in metadata.labels, but a Service selects pod template labels (spec.template.metadata.labels)`,
      related: [{ object: byObjectLabels, range: byObjectLabels.nameRange, message: kindName(byObjectLabels) }],
      certain: true,
      range: null,
    };
  }
  // One lookup in an index of every namespace, not one per namespace.
  const elsewhere = firstByName(
    model.podIndex
      .selectMapAnywhere(selector)
      .filter((s): s is WorkloadModel => s.category === 'workload' && (s.namespace ?? '') !== namespace),
  );
  if (elsewhere) {
    return {
      hint: `; ${kindName(elsewhere)} in namespace ${elsewhere.namespace} has them, but a Service selects pods in its own namespace only`,
      related: [
        { object: elsewhere, range: elsewhere.podLabelsRange ?? elsewhere.nameRange, message: kindName(elsewhere) },
      ],
      certain: true,
      range: null,
    };
  }
  const nearest = search.nearest(namespace, selector);
  if (!nearest) return { hint: '', related: [], certain: false, range: null };
  const differing = Object.entries(selector)
    .filter(([key, value]) => selectedReplicas({ [key]: value }, nearest) === null)
    .map(([key, value]) => {
      const has = podLabelOf(nearest, key);
      return { key, value, has, keyTypo: has === undefined ? keyTypoOf(nearest, key, value) : undefined };
    });
  const differences = differing.map(({ key, value, has, keyTypo }) => {
    if (keyTypo !== undefined) return `${keyTypo}=${value} (not ${key}=${value})`;
    return has === undefined
      ? `no ${key} label`
      : `${key}=${typeof has === 'string' ? has : describeOpen(has, nearest)} (not ${value})`;
  });
  // Suggest a fix only when every differing label looks like a typo of the pod's, never another app's labels.
  const typos = differing.every(
    ({ value, has, keyTypo }) => keyTypo !== undefined || (typeof has === 'string' && withinOneEdit(value, has)),
  );
  const suggestion = Object.entries(selector)
    .map(([key, value]) => {
      const differs = differing.find((d) => d.key === key);
      if (!differs) return `${key}=${value}`;
      return differs.keyTypo !== undefined ? `${differs.keyTypo}=${value}` : `${key}=${String(differs.has)}`;
    })
    .join(',');
  // The finding points at the first differing label: its value when the pods carry the key, else its key.
  const first = differing[0];
  const written = first ? service.selectorLabelRanges[first.key] : undefined;
  const range = written
    ? ((first!.has === undefined ? written.key : written.value) ?? written.key ?? written.value)
    : null;
  return {
    hint: `; nearest is ${kindName(nearest)}, whose pods have ${listing(differences)}${typos ? `; did you mean ${suggestion}?` : ''}`,
    certain: typos,
    range,
    related: [
      {
        object: nearest,
        range: nearest.category === 'workload' ? (nearest.podLabelsRange ?? nearest.nameRange) : nearest.nameRange,
        message: `pod labels of ${kindName(nearest)}`,
      },
    ],
  };
}

/**
 * The first by namespace, kind and name (not in apply order, so that the message, and a baseline entry matching it,
 * does not change when files are reordered); the first in apply order among equals.
 */
function firstByName<T extends PodSource>(sources: readonly T[]): T | undefined {
  const key = (s: PodSource) => `${s.namespace ?? ''}\u0000${s.kind}/${s.name}`;
  let first: T | undefined;
  for (const source of sources) if (!first || key(source) < key(first)) first = source;
  return first;
}

/** "web-0…web-2": the values a per-pod controller label takes at the declared replicas. */
function describeOpen(label: OpenLabel, source: PodSource): string {
  const axis = label.kind === 'ordinal' && source.category === 'workload' ? source.podOrdinals[label.axis] : undefined;
  if (label.kind !== 'ordinal' || !axis) return 'a value set in the cluster';
  const first = `${label.prefix}${axis.first}`;
  return axis.count <= 1 ? first : `${first}…${label.prefix}${axis.first + axis.count - 1}`;
}
