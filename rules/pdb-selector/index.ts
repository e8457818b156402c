import { defineRule, at, hasSchemaProblem, type Report } from '../../src/rule.js';
import { kindName, qualifiedName } from '../../src/model/describe.js';
import { listing } from '../../src/strings.js';
import { formatLabelSelector, isEmptyLabelSelector } from '../../src/model/selector.js';
import { EXTERNAL_WORKLOAD_KIND, type Model } from '../../src/model/build.js';
import { parsePercent } from '../../src/model/extract-policy.js';
import { certainlySelects, type Policies } from '../../src/analysis/policies.js';
import type { PodSource } from '../../src/model/pod-index.js';
import type { DisruptionBudgetModel, WorkloadModel } from '../../src/model/types.js';
import { OperatorEvidence } from '../orphan-service/operator-evidence.js';

export default defineRule({
  meta: {
    id: 'pdb-selector',
    severity: 'warning',
    description:
      'A PodDisruptionBudget that selects no pod template in its namespace, that can never allow a voluntary disruption, or that selects pods another budget already selects.',
    rationale: `A PodDisruptionBudget (policy/v1) protects the pods its \`spec.selector\` selects in its own namespace; a
missing (null) selector selects no pods, and \`{}\` selects every pod of the namespace. The disruption controller
(pkg/controller/disruption, \`getExpectedPodCount\`) computes how many of them must stay healthy: an integer
\`minAvailable\` as written, a percentage of the pods the selected pods' controllers want (\`getExpectedScale\`),
rounded up (\`GetScaledValueFromIntOrPercent(..., true)\`), or the expected pods minus \`maxUnavailable\` (also rounded
up). Evictions (\`kubectl drain\`, cluster autoscaler scale-down, node upgrades) are allowed only while more pods are
healthy than that.

This rule reports:

- a budget whose selector selects no pod template in its namespace: it protects nothing, usually because of a label
  typo. It is silent where the pods may come from elsewhere: no pod template in the input in that namespace, pods an
  operator makes (a custom resource with pod labels, or labels that point at one, as orphan-service judges), and
  workloads the cluster rejects (other rules report them);
- a budget that can never allow a voluntary disruption: \`maxUnavailable: 0\` or \`0%\`, \`minAvailable: 100%\`, or a
  \`minAvailable\` equal to or above all the pods of the workloads it selects together (a percentage rounded up).
  Where a HorizontalPodAutoscaler scales a workload, its \`minReplicas\` is counted: when the autoscaler scales down
  to it, nothing can be evicted. Node drains then hang ("Cannot evict pod as it would violate the pod's disruption
  budget"). Pods whose number the input cannot know (operators', DaemonSets', Jobs') are not counted, and the
  budget is then not judged, except for the values that block whatever the count;
- two budgets that select the same pods: the eviction API (pkg/registry/core/pod/storage/eviction.go) refuses to
  evict a pod that more than one budget selects, whatever they allow ("This pod has more than one
  PodDisruptionBudget, which the eviction subresource does not support", HTTP 500). Reported once, on the later
  budget in apply order. Only labels with one known value count: a selector that reads a pod name or a hash may
  select other pods of the workload than another budget's.`,
    examples: {
      valid: [
        {
          title: 'A budget that keeps two of three replicas',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
`,
        },
      ],
      invalid: [
        {
          title: 'A budget that requires every replica',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const { policies } = analysis;
    if (policies.budgets.length === 0) return;
    let evidence: OperatorEvidence | undefined;
    /** The first budget (in apply order) that certainly selects each pod template. */
    const claimed = new Map<WorkloadModel, DisruptionBudgetModel>();
    for (const budget of policies.budgets) {
      if (hasSchemaProblem(budget, 'spec.selector')) continue;
      const selected = policies.selectedBy(budget);
      if (selected.length === 0) {
        const finding = selectsNothing(budget, model, () => (evidence ??= new OperatorEvidence(model)));
        if (finding) report(finding);
        continue;
      }
      const blocking = neverAllows(budget, selected, policies);
      if (blocking) report(blocking);
      const overlap = overlapping(budget, selected, claimed);
      if (overlap) report(overlap);
    }
  },
});

function selectorText(budget: DisruptionBudgetModel): string {
  return isEmptyLabelSelector(budget.selector!) ? 'every pod ({})' : formatLabelSelector(budget.selector!);
}

function selectsNothing(budget: DisruptionBudgetModel, model: Model, evidence: () => OperatorEvidence): Report | null {
  const namespace = budget.namespace ?? '';
  const range = budget.selectorRange ?? budget.nameRange;
  if (!budget.selector) {
    return at(
      budget,
      range,
      'spec.selector',
      `PodDisruptionBudget ${qualifiedName(budget)} has no spec.selector, so it selects no pods and protects nothing`,
    );
  }
  // Pods the input cannot know: a namespace whose pod templates are kept elsewhere, an operator's, rejected workloads'.
  if (model.podIndex.inNamespace(namespace).length === 0) return null;
  if (model.podIndex.inNamespace(namespace).some((s) => s.category === 'operator-resource')) return null;
  if (model.rejectedIndex.selectLabelSelector(namespace, budget.selector).length > 0) return null;
  const matchLabels = budget.selector.matchLabels ?? {};
  if (Object.keys(matchLabels).length > 0 && evidence().hintForLabels(namespace, matchLabels)) return null;
  return at(
    budget,
    range,
    'spec.selector',
    `PodDisruptionBudget ${qualifiedName(budget)} selects ${selectorText(budget)}, but no pod template in namespace ${namespace} has these labels, so it protects nothing`,
  );
}

const BLOCKED = 'so it never allows a voluntary disruption: evictions of its pods are refused and node drains hang';

function neverAllows(budget: DisruptionBudgetModel, selected: readonly PodSource[], policies: Policies): Report | null {
  const { minAvailable, maxUnavailable } = budget;
  // Both set: the API server rejects the budget (schema).
  if (minAvailable !== null && maxUnavailable !== null) return null;
  if (maxUnavailable !== null && budget.maxUnavailableRange && !hasSchemaProblem(budget, 'spec.maxUnavailable')) {
    if (maxUnavailable === 0 || maxUnavailable === '0%') {
      return at(
        budget,
        budget.maxUnavailableRange,
        'spec.maxUnavailable',
        `PodDisruptionBudget ${qualifiedName(budget)} sets maxUnavailable ${JSON.stringify(maxUnavailable)}, ${BLOCKED}`,
      );
    }
    return null;
  }
  if (minAvailable === null || !budget.minAvailableRange || hasSchemaProblem(budget, 'spec.minAvailable')) return null;
  const percent = typeof minAvailable === 'string' ? parsePercent(minAvailable) : null;
  if (percent === 100) {
    return at(
      budget,
      budget.minAvailableRange,
      'spec.minAvailable',
      `PodDisruptionBudget ${qualifiedName(budget)} sets minAvailable "100%", ${BLOCKED}`,
    );
  }
  const count = countPods(budget, selected, policies);
  if (!count || count.total === 0) return null;
  const required =
    percent !== null
      ? Math.ceil((percent * count.total) / 100)
      : typeof minAvailable === 'number'
        ? minAvailable
        : null;
  if (required === null || required < count.total) return null;
  const rounded = percent !== null ? ` (${minAvailable} of ${count.total}, rounded up)` : '';
  const finding = at(
    budget,
    budget.minAvailableRange,
    'spec.minAvailable',
    `PodDisruptionBudget ${qualifiedName(budget)} requires ${required} available ${required === 1 ? 'pod' : 'pods'}${rounded}, but it selects only ${count.total}: ${listing(count.parts)}, ${BLOCKED}`,
  );
  finding.related = count.workloads.map((w) => ({ object: w, range: w.nameRange, message: kindName(w) }));
  return finding;
}

/** The pods of the selected workloads together, or null when their number is not known from the input. */
function countPods(budget: DisruptionBudgetModel, selected: readonly PodSource[], policies: Policies) {
  let total = 0;
  const parts: string[] = [];
  const workloads: WorkloadModel[] = [];
  for (const source of selected) {
    if (
      source.category !== 'workload' ||
      source.kind === EXTERNAL_WORKLOAD_KIND ||
      !certainlySelects(budget.selector, source)
    )
      return null;
    if (source.replicas === 'per-node' || source.kind === 'Job' || source.kind === 'CronJob') return null;
    const autoscaler = policies.of(source).autoscalers[0];
    const pods = autoscaler ? autoscaler.minReplicas : source.replicas;
    total += pods;
    workloads.push(source);
    const scaled = autoscaler ? `, the minReplicas of HorizontalPodAutoscaler ${autoscaler.name}` : '';
    parts.push(`${kindName(source)} (${pods}${scaled})`);
  }
  return { total, parts, workloads };
}

function overlapping(
  budget: DisruptionBudgetModel,
  selected: readonly PodSource[],
  claimed: Map<WorkloadModel, DisruptionBudgetModel>,
): Report | null {
  let finding: Report | null = null;
  for (const source of selected) {
    if (source.category !== 'workload' || !certainlySelects(budget.selector, source)) continue;
    const earlier = claimed.get(source);
    if (!earlier) {
      claimed.set(source, budget);
      continue;
    }
    // Two definitions of one budget (alternatives, duplicate-object) are not two budgets.
    if (finding || earlier.name === budget.name) continue;
    finding = at(
      budget,
      budget.selectorRange ?? budget.nameRange,
      'spec.selector',
      `PodDisruptionBudget ${qualifiedName(budget)} selects the pods of ${kindName(source)}, which PodDisruptionBudget ${qualifiedName(earlier)} already selects; the eviction API refuses to evict a pod with more than one PodDisruptionBudget, so node drains hang on them`,
    );
    finding.related = [
      {
        object: earlier,
        range: earlier.selectorRange ?? earlier.nameRange,
        message: `PodDisruptionBudget ${qualifiedName(earlier)}`,
      },
    ];
  }
  return finding;
}
