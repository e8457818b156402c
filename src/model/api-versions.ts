// The one table of built-in API versions that Kubernetes deprecated or stopped serving, from the Deprecated API
// Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide) and the prerelease-lifecycle tags of
// k8s.io/api. The api-version rule reports from it, and objects the target version does not serve make no pods.
import { compareKubernetesVersions, formatKubernetesVersion, type KubernetesVersion } from '../settings.js';

/** A version the cluster may serve instead, and the first minor release that serves it. */
export interface ApiReplacement {
  apiVersion: string;
  /** The replacement's kind when it differs (Endpoints -> EndpointSlice). */
  kind?: string;
  since: number;
}

export interface DeprecatedApi {
  apiVersion: string;
  kind: string;
  /** Minor release (of 1.x) from which the API server warns that it is deprecated. */
  deprecatedIn: number;
  /** Minor release that no longer serves it; null when no removal is planned. */
  removedIn: number | null;
  /** Oldest first; empty when the API is gone without a successor. */
  replacements: readonly ApiReplacement[];
  /** What to do instead when there is no replacement API. */
  advice?: string;
}

const APPS_V1: ApiReplacement[] = [{ apiVersion: 'apps/v1', since: 9 }];

/** [apiVersion, kinds, deprecatedIn, removedIn, replacements, advice?], grouped by the release that removes them. */
type Row = [string, string[], number, number | null, ApiReplacement[], string?];

const ROWS: Row[] = [
  // v1.16
  ['extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], 8, 16, APPS_V1],
  ['apps/v1beta1', ['Deployment', 'ReplicaSet', 'StatefulSet'], 8, 16, APPS_V1],
  ['apps/v1beta2', ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], 9, 16, APPS_V1],
  ['extensions/v1beta1', ['NetworkPolicy'], 9, 16, [{ apiVersion: 'networking.k8s.io/v1', since: 8 }]],
  [
    'extensions/v1beta1',
    ['PodSecurityPolicy'],
    11,
    16,
    [{ apiVersion: 'policy/v1beta1', since: 10 }],
    'use Pod Security Admission',
  ],
  // v1.22
  [
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    16,
    22,
    [{ apiVersion: 'admissionregistration.k8s.io/v1', since: 16 }],
  ],
  [
    'apiextensions.k8s.io/v1beta1',
    ['CustomResourceDefinition'],
    16,
    22,
    [{ apiVersion: 'apiextensions.k8s.io/v1', since: 16 }],
  ],
  ['apiregistration.k8s.io/v1beta1', ['APIService'], 19, 22, [{ apiVersion: 'apiregistration.k8s.io/v1', since: 10 }]],
  ['authentication.k8s.io/v1beta1', ['TokenReview'], 19, 22, [{ apiVersion: 'authentication.k8s.io/v1', since: 6 }]],
  [
    'authorization.k8s.io/v1beta1',
    ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
    19,
    22,
    [{ apiVersion: 'authorization.k8s.io/v1', since: 6 }],
  ],
  [
    'certificates.k8s.io/v1beta1',
    ['CertificateSigningRequest'],
    19,
    22,
    [{ apiVersion: 'certificates.k8s.io/v1', since: 19 }],
  ],
  ['coordination.k8s.io/v1beta1', ['Lease'], 19, 22, [{ apiVersion: 'coordination.k8s.io/v1', since: 14 }]],
  [
    'extensions/v1beta1',
    ['Ingress'],
    14,
    22,
    [
      { apiVersion: 'networking.k8s.io/v1beta1', since: 14 },
      { apiVersion: 'networking.k8s.io/v1', since: 19 },
    ],
  ],
  [
    'networking.k8s.io/v1beta1',
    ['Ingress', 'IngressClass'],
    19,
    22,
    [{ apiVersion: 'networking.k8s.io/v1', since: 19 }],
  ],
  [
    'rbac.authorization.k8s.io/v1beta1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    17,
    22,
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', since: 8 }],
  ],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], 17, 22, [{ apiVersion: 'scheduling.k8s.io/v1', since: 14 }]],
  ['storage.k8s.io/v1beta1', ['CSIDriver'], 19, 22, [{ apiVersion: 'storage.k8s.io/v1', since: 19 }]],
  ['storage.k8s.io/v1beta1', ['CSINode'], 17, 22, [{ apiVersion: 'storage.k8s.io/v1', since: 17 }]],
  ['storage.k8s.io/v1beta1', ['StorageClass'], 19, 22, [{ apiVersion: 'storage.k8s.io/v1', since: 6 }]],
  ['storage.k8s.io/v1beta1', ['VolumeAttachment'], 19, 22, [{ apiVersion: 'storage.k8s.io/v1', since: 13 }]],
  // v1.25
  ['batch/v1beta1', ['CronJob'], 21, 25, [{ apiVersion: 'batch/v1', since: 21 }]],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, [{ apiVersion: 'discovery.k8s.io/v1', since: 21 }]],
  ['events.k8s.io/v1beta1', ['Event'], 22, 25, [{ apiVersion: 'events.k8s.io/v1', since: 19 }]],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 22, 25, [{ apiVersion: 'autoscaling/v2', since: 23 }]],
  ['policy/v1beta1', ['PodDisruptionBudget'], 21, 25, [{ apiVersion: 'policy/v1', since: 21 }]],
  [
    'policy/v1beta1',
    ['PodSecurityPolicy'],
    21,
    25,
    [],
    'use Pod Security Admission (pod-security.kubernetes.io/* namespace labels) or a third-party admission webhook',
  ],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], 22, 25, [{ apiVersion: 'node.k8s.io/v1', since: 20 }]],
  // v1.26
  [
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    23,
    26,
    [
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', since: 26 },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: 29 },
    ],
  ],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, [{ apiVersion: 'autoscaling/v2', since: 23 }]],
  // v1.27
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, [{ apiVersion: 'storage.k8s.io/v1', since: 24 }]],
  // v1.29
  [
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    26,
    29,
    [
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', since: 26 },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: 29 },
    ],
  ],
  // v1.32
  [
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    29,
    32,
    [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: 29 }],
  ],
  // Deprecated, no removal planned: kube-apiserver warns "v1 Endpoints is deprecated in v1.33+".
  ['v1', ['Endpoints'], 33, null, [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', since: 21 }]],
];

export const DEPRECATED_APIS: readonly DeprecatedApi[] = ROWS.flatMap(
  ([apiVersion, kinds, deprecatedIn, removedIn, replacements, advice]) =>
    kinds.map((kind) => ({ apiVersion, kind, deprecatedIn, removedIn, replacements, ...(advice && { advice }) })),
);

const BY_API_VERSION_AND_KIND = new Map(DEPRECATED_APIS.map((api) => [`${api.apiVersion} ${api.kind}`, api]));

export function deprecatedApi(apiVersion: string, kind: string): DeprecatedApi | undefined {
  return BY_API_VERSION_AND_KIND.get(`${apiVersion} ${kind}`);
}

/** How the cluster at `version` treats an apiVersion/kind: served, served but deprecated, or not served. */
export type ApiStatus =
  { status: 'served' } | { status: 'deprecated'; api: DeprecatedApi } | { status: 'removed'; api: DeprecatedApi };

export function apiStatus(apiVersion: string, kind: string, version: KubernetesVersion): ApiStatus {
  const api = deprecatedApi(apiVersion, kind);
  if (!api) return { status: 'served' };
  if (api.removedIn !== null && atLeast(version, api.removedIn)) return { status: 'removed', api };
  if (atLeast(version, api.deprecatedIn)) return { status: 'deprecated', api };
  return { status: 'served' };
}

/** The newest replacement the cluster at `version` serves, or null (none, or none served yet). */
export function servedReplacement(api: DeprecatedApi, version: KubernetesVersion): ApiReplacement | null {
  const served = api.replacements.filter(
    (r) => atLeast(version, r.since) && apiStatus(r.apiVersion, r.kind ?? api.kind, version).status !== 'removed',
  );
  return served.at(-1) ?? null;
}

/** "extensions/v1beta1 is not served since 1.16": why the cluster rejects the object, or null when it serves it. */
export function notServedReason(apiVersion: string, kind: string, version: KubernetesVersion): string | null {
  const status = apiStatus(apiVersion, kind, version);
  return status.status === 'removed' ? `${apiVersion} is not served since ${release(status.api.removedIn!)}` : null;
}

export function release(minor: number): string {
  return formatKubernetesVersion({ major: 1, minor });
}

function atLeast(version: KubernetesVersion, minor: number): boolean {
  return compareKubernetesVersions(version, { major: 1, minor }) >= 0;
}
