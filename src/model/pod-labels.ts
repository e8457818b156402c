// The labels a pod source's pods carry: the template's plus its controller's, some of them known only per pod or in the cluster.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { matchesMapSelector, matchesRequirement } from './selector.js';
import type { ControllerLabel, Labels, OperatorResourceModel, WorkloadModel } from './types.js';

type PodSource = WorkloadModel | OperatorResourceModel;

/** Labels whose value is not one known string: they vary per pod or are known only in the cluster. */
export type OpenLabel = Exclude<ControllerLabel, { kind: 'fixed' }>;

/** What the pods of `source` carry under `key`: a value, an open label, or undefined when they do not carry it. */
export function podLabelOf(source: PodSource, key: string): string | OpenLabel | undefined {
  if (source.category === 'workload' && hasOwn(source.controllerLabels, key)) {
    const label = source.controllerLabels[key]!;
    return label.kind === 'fixed' ? label.value : label;
  }
  return hasOwn(source.podLabels, key) ? source.podLabels[key] : undefined;
}

/** The labels with one known value on every pod: the template's, overridden by the controller's fixed ones. */
export function fixedPodLabels(source: PodSource): Labels {
  if (source.category !== 'workload' || isEmpty(source.controllerLabels)) return source.podLabels;
  const labels: Labels = { ...source.podLabels };
  for (const key in source.controllerLabels) {
    const label = source.controllerLabels[key]!;
    if (label.kind === 'fixed') labels[key] = label.value;
    else delete labels[key];
  }
  return labels;
}

/** Keys of labels whose value is open (per pod or known only in the cluster). */
export function openPodLabelKeys(source: PodSource): string[] {
  if (source.category !== 'workload') return [];
  return Object.keys(source.controllerLabels).filter((key) => source.controllerLabels[key]!.kind !== 'fixed');
}

/**
 * How many of the source's pods a Service's map selector may select, or null when none can: every selector label
 * must be one the pods can carry. An unknown value may be the one selected (silence beats a wrong finding), and counts
 * all replicas; an ordinal value selects the one pod with that ordinal on its axis (0 pods when it is beyond the
 * declared replicas, though scaling may create it).
 */
export function selectedReplicas(selector: Labels | null, source: PodSource): WorkloadModel['replicas'] | null {
  if (source.category !== 'workload') return matchesMapSelector(selector, source.podLabels) ? 1 : null;
  if (!selector || isEmpty(selector)) return null;
  const chosen = new Map<number, number>();
  for (const key in selector) {
    const value = podLabelOf(source, key);
    const wanted = selector[key]!;
    if (value === undefined) return null;
    if (typeof value === 'string') {
      if (value !== wanted) return null;
    } else if (value.kind === 'ordinal') {
      const ordinal = possibleOrdinal(source, value, wanted);
      if (ordinal === null || (chosen.has(value.axis) && chosen.get(value.axis) !== ordinal)) return null;
      chosen.set(value.axis, ordinal);
    }
  }
  if (chosen.size === 0 || source.replicas === 'per-node') return source.replicas;
  let replicas = 1;
  source.podOrdinals.forEach((axis, i) => {
    const ordinal = chosen.get(i);
    replicas *= ordinal === undefined ? axis.count : ordinal < axis.first + axis.count ? 1 : 0;
  });
  return replicas;
}

/** Whether some pod of the source may match a LabelSelector (matchLabels and matchExpressions, ANDed). */
export function mayMatchLabelSelector(selector: LabelSelector | null | undefined, source: PodSource): boolean {
  if (!selector) return false;
  const matchLabels = selector.matchLabels ?? {};
  if (!isEmpty(matchLabels) && selectedReplicas(matchLabels, source) === null) return false;
  return (selector.matchExpressions ?? []).every((requirement) => mayMatchRequirement(requirement, source));
}

function mayMatchRequirement(requirement: LabelSelectorRequirement, source: PodSource): boolean {
  const value = podLabelOf(source, requirement.key);
  if (value === undefined || typeof value === 'string') {
    return matchesRequirement(requirement, value === undefined ? {} : { [requirement.key]: value });
  }
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return values.some(
        (v) => value.kind === 'unknown' || possibleOrdinal(source as WorkloadModel, value, v) !== null,
      );
    case 'NotIn':
      // Pods with other values (other ordinals, other hashes) may exist.
      return values.length > 0;
    case 'Exists':
      return values.length === 0;
    default:
      return false;
  }
}

/** The ordinal `value` names on the label's axis, when a pod can have it; null otherwise. */
function possibleOrdinal(
  source: WorkloadModel,
  label: Extract<ControllerLabel, { kind: 'ordinal' }>,
  value: string,
): number | null {
  if (!value.startsWith(label.prefix)) return null;
  const digits = value.slice(label.prefix.length);
  // strconv.Itoa: no sign, no leading zeros.
  if (!/^(0|[1-9][0-9]{0,8})$/.test(digits)) return null;
  const ordinal = Number(digits);
  const axis = source.podOrdinals[label.axis];
  if (!axis || ordinal < axis.first) return null;
  return axis.scalable || ordinal < axis.first + axis.count ? ordinal : null;
}

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
