// The compact model: plain data (no classes, no YAML nodes) so it stays small and can cross threads.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { ServicePort, ContainerPort, ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { CommentDirective } from '../suppress/types.js';
import type { Range } from '../position/range.js';

export type Severity = 'error' | 'warning' | 'note';

export type Labels = Record<string, string>;

export type Protocol = NonNullable<ServicePort['protocol']>;

/** The identity of a Kubernetes object as the JSON report prints it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

/** A value as written (plain JS) and where it is: the value for scalars, the key for collections. */
export interface Located<T = unknown> {
  value: T;
  range: Range;
}

/** A string value with where each of its lines starts in the file, so findings can point inside it. */
export interface TextValue {
  value: string;
  /** The whole scalar, quotes and block header included. */
  range: Range;
  /** File offset of the first character of each line of `value`; null when the value is not verbatim in the file. */
  lineStarts: number[] | null;
}

/** A value that does not fit its field's schema, found while modelling. */
export interface SchemaProblem {
  range: Range;
  /** YAML path, e.g. spec.ports[0].port */
  path: string;
  message: string;
}

/** A field whose value another tool fills in (`port: ${PORT}`, `image: {{IMAGE}}`): unknown, so no rule judges it. */
export interface PlaceholderField {
  /** YAML path, e.g. spec.ports[0].port */
  path: string;
  range: Range;
  /** The placeholders as written: ${PORT}, {{ IMAGE }}. */
  tokens: string[];
}

export interface ObjectBase extends ObjectRef {
  /** Index into Model.files. */
  fileId: number;
  /** Position of the object in apply order: sorted files, then documents in file order. */
  order: number;
  labels: Labels;
  /** The whole object mapping, and the metadata.name value (or the object when the name is missing). */
  range: Range;
  nameRange: Range;
  /** The apiVersion value; absent for pod sources that are not in the files (external workloads). */
  apiVersionRange?: Range;
  /** metadata.namespace as written; null when the namespace was defaulted. */
  namespaceRange: Range | null;
  annotations: Labels;
  /** Schema violations in the fields svclint reads; absent when there are none. */
  schemaProblems?: SchemaProblem[];
  /** Fields holding placeholders (envsubst, a templating step); absent when there are none. */
  placeholders?: PlaceholderField[];
  /** Where the value of the svclint.dev/ignore annotation is; absent when the object has none. */
  ignoreAnnotationRange?: Range;
}

export interface ServicePortModel {
  index: number;
  name: string | null;
  /** Values as written; a wrongly typed value is kept so that rules can judge it. */
  port: number | string | null;
  protocol: Protocol;
  targetPort: number | string | null;
  nodePort: number | string | null;
  range: Range;
  nameRange: Range | null;
  portRange: Range | null;
  protocolRange: Range | null;
  appProtocol: string | null;
  targetPortRange: Range | null;
  nodePortRange: Range | null;
}

export interface ServiceModel extends ObjectBase {
  category: 'service';
  type: NonNullable<ServiceSpec['type']>;
  typeRange: Range | null;
  clusterIP: string | null;
  externalName: string | null;
  /** null when the Service has no selector (or an empty one): Kubernetes then manages no endpoints. */
  selector: Labels | null;
  selectorRange: Range | null;
  /** Where each selector label's key and value are written (a finding about one label points at it). */
  selectorLabelRanges: Record<string, { key: Range | null; value: Range | null }>;
  ports: ServicePortModel[];
  portsRange: Range | null;
  /** Every other spec field, by name (clusterIPs, externalTrafficPolicy, healthCheckNodePort, ...). */
  spec: Record<string, Located>;
}

export interface ContainerPortModel {
  /** Position in the container's ports list. */
  index: number;
  name: string | null;
  containerPort: number | string | null;
  protocol: NonNullable<ContainerPort['protocol']>;
  hostPort: number | string | null;
  hostIP: string | null;
  range: Range;
  nameRange: Range | null;
  containerPortRange: Range | null;
  protocolRange: Range | null;
  hostPortRange: Range | null;
}

export interface EnvVarModel {
  index: number;
  name: string;
  nameRange: Range | null;
  /** env[].value; null when absent (valueFrom, or an empty variable). */
  value: TextValue | null;
  /** The value comes from valueFrom (a ConfigMap, Secret, field or resource reference). */
  valueFrom: boolean;
  /** valueFrom.configMapKeyRef or valueFrom.secretKeyRef; absent for other variables. */
  keyRef?: KeyReference;
  range: Range;
}

/** A reference to a ConfigMap or Secret (env valueFrom, envFrom, a volume or projected volume source). */
export interface ConfigReference {
  kind: 'ConfigMap' | 'Secret';
  /** The name as written; null when it is missing or not a string. */
  name: string | null;
  /** The name's key, else the reference's. */
  nameRange: Range;
  /** `optional: true`: a missing object or key is no error. */
  optional: boolean;
  /** YAML path of the reference (e.g. spec.template.spec.volumes[0].configMap). */
  path: string;
}

/** env valueFrom.configMapKeyRef / secretKeyRef: one key of one object. */
export interface KeyReference extends ConfigReference {
  key: string | null;
  keyRange: Range | null;
}

/** A volume (or a projected volume's source) that mounts a ConfigMap or Secret, with the keys its items name. */
export interface ConfigVolumeSource extends ConfigReference {
  items: { key: string; range: Range; path: string }[];
}

export interface VolumeModel {
  index: number;
  name: string;
  /** The ConfigMaps and Secrets it mounts: one for configMap and secret volumes, any number for projected ones. */
  sources: ConfigVolumeSource[];
}

export interface EnvFromModel {
  index: number;
  source: 'configMap' | 'secret' | 'unknown';
  name: string | null;
  prefix: string;
  optional: boolean;
  range: Range;
  /** configMapRef.name or secretRef.name (else the ref's key); absent for an unknown source. */
  nameRange?: Range;
}

export interface ContainerModel {
  name: string;
  /** initContainers serve traffic only as sidecars (restartPolicy: Always). */
  role: 'container' | 'sidecar' | 'init';
  ports: ContainerPortModel[];
  env: EnvVarModel[];
  envFrom: EnvFromModel[];
  command: TextValue[];
  args: TextValue[];
  /** Its readiness, liveness and startup probes; absent when it has none. */
  probes?: ProbeModel[];
  /** The resources its resources.requests and resources.limits name (cpu, memory); absent when it sets neither. */
  resources?: ResourceNames;
  range: Range;
  /** Path of the container in the object, e.g. spec.template.spec.containers[1]. */
  path: string;
}

/** Which resources a container's (or a pod's) requests and limits name; the quantities are not modelled. */
export interface ResourceNames {
  requests: string[];
  limits: string[];
}

export type ProbeKind = 'readinessProbe' | 'livenessProbe' | 'startupProbe';

/** A container probe: how the kubelet checks it (httpGet, tcpSocket, grpc or exec) and on which port. */
export interface ProbeModel {
  kind: ProbeKind;
  /** The handler set; null when none is (the API server rejects that). */
  handler: 'httpGet' | 'tcpSocket' | 'grpc' | 'exec' | null;
  /** The port as written (a number, or a port name for httpGet and tcpSocket); null for exec or when absent. */
  port: number | string | null;
  /** httpGet.host or tcpSocket.host: the probe then goes to that host, not to the pod. */
  host: string | null;
  /** The probe's key (its value is a mapping). */
  range: Range;
  portRange: Range | null;
}

export interface WorkloadModel extends ObjectBase {
  category: 'workload';
  /** Labels of the pods this workload makes (the pod template's, or a Pod's own). */
  podLabels: Labels;
  podLabelsRange: Range | null;
  /** The workload's own selector, normalised to a LabelSelector (a ReplicationController's map becomes matchLabels). */
  selector: LabelSelector | null;
  selectorRange: Range | null;
  /** Pods it runs: a number, or 'per-node' for a DaemonSet. */
  replicas: number | 'per-node';
  /** Where spec.replicas is written; absent when it is not (or the kind has none). */
  replicasRange?: Range;
  /** Pod-level spec.resources (PodLevelResources); absent when the pod spec sets none. */
  podResources?: ResourceNames;
  containers: ContainerModel[];
  /** Path of the pod spec in the object: spec.template.spec, spec.jobTemplate.spec.template.spec or spec. */
  podSpecPath: string;
  /** Pod spec hostNetwork: hostPort then defaults to containerPort. */
  hostNetwork: boolean;
  /** Pod spec enableServiceLinks (default true): whether Service environment variables are injected. */
  enableServiceLinks: Located<boolean> | null;
  /** Pod spec dnsPolicy as written (ClusterFirst when unset). */
  dnsPolicy: string | null;
  /** StatefulSet spec.ordinals.start (0 when unset). */
  ordinalsStart: number;
  /** StatefulSet spec.serviceName. */
  serviceName: Located<string> | null;
  /** Labels its controller adds to every pod it makes (they win over the template's, except for a Job's). */
  controllerLabels: Record<string, ControllerLabel>;
  /** The ordinal axes that number its pods; replicas is the product of their counts when there are any. */
  podOrdinals: PodOrdinalAxis[];
  /** A LeaderWorkerSet's leader pods when spec.leaderWorkerTemplate.leaderTemplate is set (this workload is its workers). */
  leaderPods?: WorkloadModel;
  /** Pod spec serviceAccountName and the deprecated serviceAccount; absent when neither is set. */
  serviceAccount?: { name: Located<string> | null; deprecated: Located<string> | null };
  /** Pod spec volumes that mount ConfigMaps or Secrets; absent when there are none. */
  volumes?: VolumeModel[];
}

/** A label a controller adds to the pods it makes, on top of the pod template's. */
export type ControllerLabel =
  /** The same known value on every pod (job-name: the Job's name). */
  | { kind: 'fixed'; value: string }
  /** One value per pod: `${prefix}${n}` for the pod's ordinal n on axis `axis` of podOrdinals (pod-name: web-0). */
  | { kind: 'ordinal'; prefix: string; axis: number }
  /** A value only the cluster knows: a hash, a UID, the name of a Job a CronJob makes. */
  | { kind: 'unknown' };

/** Ordinals first .. first+count-1 number the pods; `scalable` when scaling (an HPA) can add higher ones. */
export interface PodOrdinalAxis {
  first: number;
  count: number;
  scalable: boolean;
}

/**
 * A custom resource whose operator makes pods (it carries labels for them), e.g. prometheus-operator's
 * Alertmanager with spec.podMetadata.labels. Its pods and ports are unknown to svclint.
 */
export interface OperatorResourceModel extends ObjectBase {
  category: 'operator-resource';
  podLabels: Labels;
}

/** A networking.k8s.io/v1 Ingress backend (spec.defaultBackend or a rule path's backend). */
export interface IngressBackendModel {
  path: string;
  range: Range;
  serviceName: string | null;
  serviceNameRange: Range | null;
  portNumber: number | string | null;
  portName: string | null;
  portRange: Range | null;
  /** A resource backend (not a Service). */
  resource: boolean;
  /** The v1beta1 shape (extensions, networking.k8s.io): serviceName and servicePort instead of service.name and .port. */
  legacy?: true;
}

export interface IngressModel extends ObjectBase {
  category: 'ingress';
  backends: IngressBackendModel[];
}

/** A Gateway API route's rules[].backendRefs[] entry. */
export interface RouteBackendRefModel {
  path: string;
  range: Range;
  /** "" (core) unless set. */
  group: string;
  /** "Service" unless set. */
  kind: string;
  name: string | null;
  nameRange: Range | null;
  /** The route's namespace unless set. */
  namespace: string;
  namespaceRange: Range | null;
  port: number | string | null;
  portRange: Range | null;
}

export interface RouteModel extends ObjectBase {
  category: 'route';
  backendRefs: RouteBackendRefModel[];
}

export interface ReferenceGrantModel extends ObjectBase {
  category: 'reference-grant';
  from: { group: string; kind: string; namespace: string }[];
  to: { group: string; kind: string; name: string | null }[];
}

export interface ConfigMapModel extends ObjectBase {
  category: 'config-map';
  data: { key: string; value: TextValue }[];
  /** binaryData keys; absent when there are none. */
  binaryDataKeys?: string[];
}

export interface SecretModel extends ObjectBase {
  category: 'secret';
  /** The Secret's type as written (Opaque when unset). */
  type: string;
  /** Keys of data and stringData (the API server merges stringData into data). */
  keys: string[];
}

export interface ServiceAccountModel extends ObjectBase {
  category: 'service-account';
}

/** A ServiceMonitor's endpoints[] or a PodMonitor's podMetricsEndpoints[] entry. */
export interface MonitorEndpointModel {
  index: number;
  /** The port name (a regular expression to Prometheus, anchored); null when unset. */
  port: string | null;
  portRange: Range | null;
  /** The deprecated targetPort (a number or a container port name); null when unset. */
  targetPort: number | string | null;
  targetPortRange: Range | null;
  range: Range;
}

/** A prometheus-operator ServiceMonitor or PodMonitor (monitoring.coreos.com/v1). */
export interface MonitorModel extends ObjectBase {
  category: 'monitor';
  /** Services (ServiceMonitor) or pods (PodMonitor) by their labels; null when the selector is missing or not a mapping. */
  selector: LabelSelector | null;
  selectorRange: Range | null;
  /** spec.namespaceSelector: any, or matchNames (empty: the monitor's own namespace). */
  anyNamespace: boolean;
  matchNames: string[];
  namespaceSelectorRange: Range | null;
  /** spec.endpoints (ServiceMonitor) or spec.podMetricsEndpoints (PodMonitor). */
  endpointsPath: 'spec.endpoints' | 'spec.podMetricsEndpoints';
  endpoints: MonitorEndpointModel[];
}

/** A networking.k8s.io/v1 NetworkPolicy port: `port` absent means every port of the protocol. */
export interface NetworkPolicyPortModel {
  index: number;
  /** A number, a port name, or null for every port. */
  port: number | string | null;
  /** TCP unless set. */
  protocol: Protocol;
  /** The last port of a range starting at `port`; null when unset. */
  endPort: number | null;
  range: Range;
  portRange: Range | null;
  protocolRange: Range | null;
  endPortRange: Range | null;
}

/** A NetworkPolicy peer (from[] or to[] entry). Absent selectors are null; an empty one ({}) selects everything. */
export interface NetworkPolicyPeerModel {
  index: number;
  range: Range;
  podSelector: LabelSelector | null;
  podSelectorRange: Range | null;
  namespaceSelector: LabelSelector | null;
  namespaceSelectorRange: Range | null;
  ipBlock: { cidr: string; except: string[] } | null;
  ipBlockRange: Range | null;
}

/** One ingress or egress rule. Absent or empty `from`/`to` admits every peer, absent or empty `ports` every port. */
export interface NetworkPolicyRuleModel {
  index: number;
  range: Range;
  /** Path of the rule, e.g. spec.ingress[0]. */
  path: string;
  peers: NetworkPolicyPeerModel[];
  /** The peers key (from or to) as written; null when absent. */
  peersRange: Range | null;
  ports: NetworkPolicyPortModel[];
}

export interface NetworkPolicyModel extends ObjectBase {
  category: 'network-policy';
  /** spec.podSelector; an absent one is empty (every pod of the namespace), as the Go type is not a pointer. */
  podSelector: LabelSelector;
  podSelectorRange: Range | null;
  /** After defaulting (SetDefaults_NetworkPolicy): Ingress, plus Egress when spec.egress has rules, when the list is empty. */
  policyTypes: ('Ingress' | 'Egress')[];
  /** The policyTypes key; null when defaulted. */
  policyTypesRange: Range | null;
  ingress: NetworkPolicyRuleModel[];
  egress: NetworkPolicyRuleModel[];
}

/** A metric of a HorizontalPodAutoscaler that reads resource usage against the pods' requests. */
export interface AutoscalerMetricModel {
  /** Resource: all the pod's containers; ContainerResource: one container. */
  type: 'Resource' | 'ContainerResource';
  /** cpu, memory, ... */
  resource: string;
  /** ContainerResource's container; null for Resource. */
  container: string | null;
  /** target.type (Utilization, AverageValue); autoscaling/v1's targetCPUUtilizationPercentage is Utilization. */
  targetType: string | null;
  /** YAML path of the metric, e.g. spec.metrics[0]; spec when the metric is the API server's default. */
  path: string;
  /** The resource name (or the metric, or spec, when defaulted). */
  range: Range;
  containerRange: Range | null;
  /** The API server's default (no metrics: 80% CPU utilization, SetDefaults_HorizontalPodAutoscaler). */
  defaulted?: true;
}

/** An autoscaling/v2 or v1 HorizontalPodAutoscaler. */
export interface AutoscalerModel extends ObjectBase {
  category: 'autoscaler';
  target: { apiVersion: string | null; kind: string | null; name: string | null };
  /** spec.scaleTargetRef (the key), or the object's name when it is missing. */
  targetRange: Range;
  targetNameRange: Range | null;
  targetKindRange: Range | null;
  /** spec.minReplicas (default 1) and spec.maxReplicas (null when missing or not a number). */
  minReplicas: number;
  maxReplicas: number | null;
  /** The metrics computed from resource requests (Resource and ContainerResource); others are not modelled. */
  resourceMetrics: AutoscalerMetricModel[];
}

/** A policy/v1 PodDisruptionBudget. */
export interface DisruptionBudgetModel extends ObjectBase {
  category: 'disruption-budget';
  /** spec.selector; null when missing (policy/v1: a null selector selects no pods; {} selects every pod). */
  selector: LabelSelector | null;
  selectorRange: Range | null;
  /** spec.minAvailable / spec.maxUnavailable as written (an integer or a percentage string); null when absent. */
  minAvailable: number | string | null;
  minAvailableRange: Range | null;
  maxUnavailable: number | string | null;
  maxUnavailableRange: Range | null;
}

export interface OtherObjectModel extends ObjectBase {
  category: 'other';
}

export type ManifestObject =
  | ServiceModel
  | WorkloadModel
  | OperatorResourceModel
  | IngressModel
  | RouteModel
  | ReferenceGrantModel
  | ConfigMapModel
  | NetworkPolicyModel
  | AutoscalerModel
  | DisruptionBudgetModel
  | SecretModel
  | ServiceAccountModel
  | MonitorModel
  | OtherObjectModel;

export interface SourceFile {
  id: number;
  /** Path as shown to the user: relative to cwd with forward slashes, or "-" for stdin. */
  path: string;
  /** Offsets at which each line starts (lineStartsOf), packed: a 100k-object input has millions of lines. */
  lineStarts: ArrayLike<number>;
  /** The `# svclint-disable...` comments in the file; absent when there are none. */
  directives?: CommentDirective[];
}
