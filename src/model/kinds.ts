// What Kubernetes itself says about kinds: which are cluster-scoped, which make pods and from where.

/** Built-in and common cluster-scoped kinds; their objects have no namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'GatewayClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** API groups of Kubernetes itself: a kind from another group is a custom resource. */
const BUILTIN_GROUP = /^(|apps|batch|extensions|policy|autoscaling|[a-z0-9.-]*\.k8s\.io)$/;

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isBuiltinGroup(apiVersion: string): boolean {
  return BUILTIN_GROUP.test(apiGroup(apiVersion));
}

/** Kinds whose pod template lives at spec.template (apps and core controllers). */
export const TEMPLATE_WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
]);

/** apps/v1 controllers: spec.selector is required, non-empty, and must match the template labels. */
export const APPS_SELECTOR_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
]);
