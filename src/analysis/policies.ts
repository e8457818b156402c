// What scales each workload (HorizontalPodAutoscalers by scaleTargetRef) and what protects it (PodDisruptionBudgets
// by selector), resolved once for the rules and the reports.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Model } from '../model/build.js';
import type { PodSource } from '../model/pod-index.js';
import { fixedPodLabels, openPodLabelKeys } from '../model/pod-labels.js';
import { matchesLabelSelector } from '../model/selector.js';
import type { AutoscalerModel, DisruptionBudgetModel, ManifestObject, WorkloadModel } from '../model/types.js';

export interface WorkloadPolicies {
  /** The HorizontalPodAutoscalers whose scaleTargetRef names the workload, in apply order. */
  autoscalers: AutoscalerModel[];
  /** The PodDisruptionBudgets whose selector selects its pods, in apply order. */
  budgets: DisruptionBudgetModel[];
}

export interface Policies {
  autoscalers: readonly AutoscalerModel[];
  budgets: readonly DisruptionBudgetModel[];
  /** The object an autoscaler's scaleTargetRef names (kind and name, in its namespace; the first in apply order), or null. */
  targetOf(autoscaler: AutoscalerModel): ManifestObject | null;
  /** The pod sources a budget's selector may select in its namespace (controller labels included), in apply order. */
  selectedBy(budget: DisruptionBudgetModel): readonly PodSource[];
  of(workload: WorkloadModel): WorkloadPolicies;
}

const NONE: WorkloadPolicies = { autoscalers: [], budgets: [] };
const SEP = '\u0000';

export function resolvePolicies(model: Model): Policies {
  const autoscalers: AutoscalerModel[] = [];
  const budgets: DisruptionBudgetModel[] = [];
  for (const object of model.objects) {
    if (object.category === 'autoscaler') autoscalers.push(object);
    else if (object.category === 'disruption-budget') budgets.push(object);
  }
  const byKindName = new Map<string, ManifestObject>();
  if (autoscalers.length > 0) {
    for (const object of model.objects) {
      const key = `${object.namespace ?? ''}${SEP}${object.kind}${SEP}${object.name}`;
      if (!byKindName.has(key)) byKindName.set(key, object);
    }
  }
  const targets = new Map<AutoscalerModel, ManifestObject | null>();
  const perWorkload = new Map<WorkloadModel, WorkloadPolicies>();
  const entry = (workload: WorkloadModel) => {
    let policies = perWorkload.get(workload);
    if (!policies) perWorkload.set(workload, (policies = { autoscalers: [], budgets: [] }));
    return policies;
  };
  for (const autoscaler of autoscalers) {
    const { kind, name } = autoscaler.target;
    const target =
      kind && name ? (byKindName.get(`${autoscaler.namespace ?? ''}${SEP}${kind}${SEP}${name}`) ?? null) : null;
    targets.set(autoscaler, target);
    if (target?.category === 'workload') entry(target).autoscalers.push(autoscaler);
  }
  const selections = new Map<DisruptionBudgetModel, readonly PodSource[]>();
  for (const budget of budgets) {
    const selected = model.podIndex.selectLabelSelector(budget.namespace ?? '', budget.selector);
    selections.set(budget, selected);
    for (const source of selected) if (source.category === 'workload') entry(source).budgets.push(budget);
  }
  return {
    autoscalers,
    budgets,
    targetOf: (autoscaler) => targets.get(autoscaler) ?? null,
    selectedBy: (budget) => selections.get(budget) ?? [],
    of: (workload) => perWorkload.get(workload) ?? NONE,
  };
}

/**
 * Whether every pod of the source carries labels the selector selects, judged on labels with one known value only: a
 * selector that reads a label only the cluster knows (a hash) or one that varies per pod (a pod name) is not certain.
 */
export function certainlySelects(selector: LabelSelector | null, source: PodSource): boolean {
  if (!selector || source.category !== 'workload') return false;
  const open = openPodLabelKeys(source);
  if (open.length > 0) {
    const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
    if (keys.some((key) => open.includes(key))) return false;
  }
  return matchesLabelSelector(selector, fixedPodLabels(source));
}

/** "scaled by HorizontalPodAutoscaler/web (2-10 replicas), protected by PodDisruptionBudget/web (minAvailable 1)"; null when neither. */
export function describePolicies(policies: WorkloadPolicies): string | null {
  const parts: string[] = [];
  for (const a of policies.autoscalers)
    parts.push(`scaled by HorizontalPodAutoscaler/${a.name} (${a.minReplicas}-${a.maxReplicas ?? '?'} replicas)`);
  for (const b of policies.budgets) {
    const value =
      b.minAvailable !== null
        ? `minAvailable ${b.minAvailable}`
        : b.maxUnavailable !== null
          ? `maxUnavailable ${b.maxUnavailable}`
          : 'no minAvailable or maxUnavailable';
    parts.push(`protected by PodDisruptionBudget/${b.name} (${value})`);
  }
  return parts.length ? parts.join(', ') : null;
}

/** The same for the JSON report: present only when something scales or protects the workload. */
export function policiesEntry(policies: WorkloadPolicies) {
  return {
    ...(policies.autoscalers.length > 0 && {
      autoscalers: policies.autoscalers.map((a) => ({
        name: a.name,
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
      })),
    }),
    ...(policies.budgets.length > 0 && {
      disruptionBudgets: policies.budgets.map((b) => ({
        name: b.name,
        minAvailable: b.minAvailable,
        maxUnavailable: b.maxUnavailable,
      })),
    }),
  };
}
