// Label selector semantics of apimachinery's labels package (Requirement.Matches), nothing more, nothing less.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import type { Labels } from './types.js';

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** A Service's map selector: every key=value must be on the pod. An empty map is "no selector" and matches nothing. */
export function matchesMapSelector(selector: Labels | null, labels: Labels): boolean {
  if (!selector) return false;
  let any = false;
  for (const key in selector) {
    any = true;
    if (!hasOwn(labels, key) || labels[key] !== selector[key]) return false;
  }
  return any;
}

/**
 * A LabelSelector: matchLabels and every matchExpression, ANDed. `{}` matches everything, null matches
 * nothing (metav1.LabelSelectorAsSelector); a malformed requirement makes the selector match nothing.
 */
export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const matchLabels = selector.matchLabels ?? {};
  for (const key in matchLabels) {
    if (!hasOwn(labels, key) || labels[key] !== matchLabels[key]) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    if (!matchesRequirement(requirement, labels)) return false;
  }
  return true;
}

export function matchesRequirement(requirement: LabelSelectorRequirement, labels: Labels): boolean {
  const values = requirement.values ?? [];
  const present = hasOwn(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return values.length > 0 && present && values.includes(labels[requirement.key]!);
    case 'NotIn':
      // NotIn also matches pods that do not have the key at all.
      return values.length > 0 && (!present || !values.includes(labels[requirement.key]!));
    case 'Exists':
      return values.length === 0 && present;
    case 'DoesNotExist':
      return values.length === 0 && !present;
    default:
      return false;
  }
}

/** Why a LabelSelector is rejected by the API server (ValidateLabelSelector), or null when it is well formed. */
export function labelSelectorProblem(selector: LabelSelector): string | null {
  for (const requirement of selector.matchExpressions ?? []) {
    const values = requirement.values ?? [];
    const op = requirement.operator;
    if (!(SELECTOR_OPERATORS as readonly string[]).includes(op)) {
      return `matchExpressions operator "${op}" is not one of ${SELECTOR_OPERATORS.join(', ')}`;
    }
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      return `matchExpressions ${requirement.key} ${op} needs at least one value`;
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      return `matchExpressions ${requirement.key} ${op} must not have values`;
    }
  }
  return null;
}

export function isEmptyLabelSelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** "app=web,tier!=db" style text, as kubectl prints selectors. */
export function formatMapSelector(selector: Labels): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function formatLabelSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator.toLowerCase()} (${values.join(',')})`);
  }
  return parts.join(',');
}

function hasOwn(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}
