// Whether a workload's selector selects its own pod template: the API server (or the controller) rejects it if not.
import { kindName } from './describe.js';
import { APPS_SELECTOR_KINDS, isBuiltinGroup } from './kinds.js';
import {
  formatLabelSelector,
  formatMapSelector,
  isEmptyLabelSelector,
  labelSelectorProblem,
  matchesLabelSelector,
} from './selector.js';
import type { WorkloadModel } from './types.js';

/** apps/v1 (and v1beta2) no longer default the selector from the template labels. */
const SELECTOR_REQUIRED_VERSIONS = new Set(['apps/v1', 'apps/v1beta2']);

/** Why the workload's selector is rejected, as a sentence naming the workload; null when it is accepted. */
export function selectorProblem(workload: WorkloadModel): string | null {
  const name = kindName(workload);
  const { selector } = workload;
  if (!selector) {
    if (!APPS_SELECTOR_KINDS.has(workload.kind) || !SELECTOR_REQUIRED_VERSIONS.has(workload.apiVersion)) return null;
    return `${name} has no spec.selector; ${workload.apiVersion} requires one that matches the pod template labels`;
  }
  if (isEmptyLabelSelector(selector)) {
    if (!APPS_SELECTOR_KINDS.has(workload.kind)) return null;
    return `${name} has an empty spec.selector; ${workload.apiVersion} requires a non-empty selector that matches the pod template labels`;
  }
  const malformed = labelSelectorProblem(selector);
  if (malformed) return `${name} spec.selector is invalid: ${malformed}`;
  if (matchesLabelSelector(selector, workload.podLabels)) return null;
  const labels = Object.keys(workload.podLabels).length ? formatMapSelector(workload.podLabels) : 'none';
  const rejectedBy = isBuiltinGroup(workload.apiVersion)
    ? 'the API server'
    : workload.kind === 'DeploymentConfig'
      ? 'the OpenShift API server'
      : 'its controller';
  return `${name} selector ${formatLabelSelector(selector)} does not match its pod template labels (${labels}); ${rejectedBy} rejects it`;
}
