// The compact model: plain data (no classes, no YAML nodes) so it stays small and can cross threads.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { ServicePort, ContainerPort, ServiceSpec } from 'kubernetes-types/core/v1.js';

/** Character offsets [start, end) into the source file's text. */
export type Range = readonly [start: number, end: number];

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

interface ObjectBase extends ObjectRef {
  /** Index into Model.files. */
  fileId: number;
  /** Position of the object in apply order: sorted files, then documents in file order. */
  order: number;
  labels: Labels;
  /** The whole object mapping, and the metadata.name value (or the object when the name is missing). */
  range: Range;
  nameRange: Range;
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
  ports: ServicePortModel[];
}

export interface ContainerPortModel {
  name: string | null;
  containerPort: number | string | null;
  protocol: NonNullable<ContainerPort['protocol']>;
  range: Range;
  nameRange: Range | null;
  containerPortRange: Range | null;
}

export interface ContainerModel {
  name: string;
  /** initContainers serve traffic only as sidecars (restartPolicy: Always). */
  role: 'container' | 'sidecar' | 'init';
  ports: ContainerPortModel[];
  range: Range;
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
  containers: ContainerModel[];
}

/**
 * A custom resource whose operator makes pods (it carries labels for them), e.g. prometheus-operator's
 * Alertmanager with spec.podMetadata.labels. Its pods and ports are unknown to svclint.
 */
export interface OperatorResourceModel extends ObjectBase {
  category: 'operator-resource';
  podLabels: Labels;
}

export interface OtherObjectModel extends ObjectBase {
  category: 'other';
}

export type ManifestObject = ServiceModel | WorkloadModel | OperatorResourceModel | OtherObjectModel;

export interface SourceFile {
  id: number;
  /** Path as shown to the user: relative to cwd with forward slashes, or "-" for stdin. */
  path: string;
  /** Offsets at which each line starts (yaml's LineCounter). */
  lineStarts: number[];
}
