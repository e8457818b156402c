// The ServiceAccount a pod runs as, and whether the input evidently lacks it: pod admission (the ServiceAccount
// admission plugin) rejects a pod whose service account does not exist, so such workloads make no pods.
import { editDistance } from '../strings.js';
import { isPlaceholderPath } from './placeholders.js';
import type { Located, ManifestObject, WorkloadModel } from './types.js';

/** The name every namespace has: the service account controller creates it. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** Bounds the "did you mean" search: a namespace with more ServiceAccounts than this gets no suggestion. */
const MAX_SUGGESTION_CANDIDATES = 2000;

export interface ServiceAccountIndex {
  has(namespace: string, name: string): boolean;
  /** Whether the input defines any ServiceAccount in the namespace (then it evidently manages them there). */
  definesIn(namespace: string): boolean;
  /** The nearest ServiceAccount name of the namespace (edit distance 1 or 2, and small for the name), or null. */
  nearest(namespace: string, name: string): string | null;
}

export function indexServiceAccounts(objects: readonly ManifestObject[]): ServiceAccountIndex {
  const byNamespace = new Map<string, Set<string>>();
  for (const object of objects) {
    if (object.category !== 'service-account' || !object.name) continue;
    const namespace = object.namespace ?? '';
    let names = byNamespace.get(namespace);
    if (!names) byNamespace.set(namespace, (names = new Set()));
    names.add(object.name);
  }
  return {
    has: (namespace, name) => byNamespace.get(namespace)?.has(name) ?? false,
    definesIn: (namespace) => byNamespace.has(namespace),
    nearest: (namespace, name) => nearestName(name, byNamespace.get(namespace) ?? []),
  };
}

/** A near name ("did you mean"): distance 1 or 2 and at most a quarter of the longer name; the first in sorted order wins ties. */
export function nearestName(
  name: string,
  candidates: Iterable<string> & { size?: number; length?: number },
): string | null {
  const count = candidates.size ?? candidates.length ?? 0;
  if (count > MAX_SUGGESTION_CANDIDATES) return null;
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > 2) continue;
    const distance = editDistance(name, candidate);
    if (distance > 2 || distance * 4 > Math.max(name.length, candidate.length)) continue;
    if (!best || distance < best.distance || (distance === best.distance && candidate < best.name))
      best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

export interface EffectiveServiceAccount {
  name: string;
  /** Where the effective name is written: serviceAccountName, else the deprecated serviceAccount. */
  located: Located<string>;
  field: 'serviceAccountName' | 'serviceAccount';
}

/**
 * The service account the pods run as, as the API server reads the pod spec: serviceAccountName, else (when that is
 * empty) the deprecated serviceAccount (Convert_v1_PodSpec_To_core_PodSpec); null when neither names one ("default").
 */
export function effectiveServiceAccount(workload: WorkloadModel): EffectiveServiceAccount | null {
  const account = workload.serviceAccount;
  if (!account) return null;
  if (account.name && account.name.value !== '')
    return { name: account.name.value, located: account.name, field: 'serviceAccountName' };
  if (account.deprecated && account.deprecated.value !== '')
    return { name: account.deprecated.value, located: account.deprecated, field: 'serviceAccount' };
  return null;
}

/** The service account the workload's pods name when the input defines ServiceAccounts in its namespace but not this one. */
export function missingServiceAccount(
  workload: WorkloadModel,
  accounts: ServiceAccountIndex,
): EffectiveServiceAccount | null {
  const effective = effectiveServiceAccount(workload);
  if (!effective || effective.name === DEFAULT_SERVICE_ACCOUNT) return null;
  if (isPlaceholderPath(workload.placeholders, `${workload.podSpecPath}.${effective.field}`)) return null;
  const namespace = workload.namespace ?? '';
  if (!accounts.definesIn(namespace) || accounts.has(namespace, effective.name)) return null;
  return effective;
}
