// Builds compact model objects straight from a document's YAML nodes.
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { NodeReader, rangeOf } from './nodes.js';
import { CLUSTER_SCOPED_KINDS, TEMPLATE_WORKLOAD_KINDS, isBuiltinGroup } from './kinds.js';
import type {
  ContainerModel,
  ContainerPortModel,
  ManifestObject,
  Protocol,
  Range,
  ServiceModel,
  ServicePortModel,
  WorkloadModel,
} from './types.js';

export interface ExtractContext {
  fileId: number;
  /** Namespace for namespaced objects that name none (--namespace, else "default"). */
  defaultNamespace: string;
  /** Hands out apply-order positions. */
  nextOrder(): number;
}

export interface ExtractResult {
  objects: ManifestObject[];
  /** Mappings that are not Kubernetes objects (no apiVersion or kind). */
  skipped: number;
  problems: { range: Range; message: string }[];
}

export function extractObjects(root: YAMLMap, reader: NodeReader, ctx: ExtractContext): ExtractResult {
  const result: ExtractResult = { objects: [], skipped: 0, problems: [] };
  collect(root, reader, ctx, result);
  return result;
}

function collect(map: YAMLMap, r: NodeReader, ctx: ExtractContext, result: ExtractResult): void {
  const apiVersion = r.string(map, 'apiVersion');
  const kind = r.string(map, 'kind');
  if (!apiVersion || !kind) {
    result.skipped++;
    return;
  }
  // kubectl expands `kind: List` (and FooList) into its items.
  if (kind === 'List' || (kind.endsWith('List') && r.seq(map, 'items'))) {
    for (const item of r.items(r.seq(map, 'items'))) {
      if (isMap(item)) collect(item, r, ctx, result);
      else result.problems.push({ range: rangeOf(item) ?? rangeOf(map)!, message: `${kind} item is not a Kubernetes object (a mapping)` });
    }
    return;
  }
  result.objects.push(extractObject(map, apiVersion, kind, r, ctx));
}

function extractObject(map: YAMLMap, apiVersion: string, kind: string, r: NodeReader, ctx: ExtractContext): ManifestObject {
  const metadata = r.map(map, 'metadata');
  const range = rangeOf(map)!;
  const base = {
    apiVersion,
    kind,
    name: stringOf(r.scalar(metadata, 'name')),
    namespace: CLUSTER_SCOPED_KINDS.has(kind) ? null : stringOf(r.scalar(metadata, 'namespace')) || ctx.defaultNamespace,
    fileId: ctx.fileId,
    order: ctx.nextOrder(),
    labels: r.stringMap(r.map(metadata, 'labels')),
    range,
    nameRange: r.keyRange(metadata, 'name') ?? r.keyRange(map, 'metadata') ?? range,
  };
  const spec = r.map(map, 'spec');
  if (kind === 'Service' && apiVersion === 'v1') return extractService(base, spec, r);
  const workload = extractWorkload(base, map, spec, r);
  if (workload) return workload;
  if (!isBuiltinGroup(apiVersion)) {
    const podMetadata = r.map(spec, 'podMetadata') ?? r.map(r.map(spec, 'podTemplate'), 'metadata');
    const podLabels = r.map(podMetadata, 'labels');
    if (podLabels) return { ...base, category: 'operator-resource', podLabels: r.stringMap(podLabels) };
  }
  return { ...base, category: 'other' };
}

type Base = Omit<ServiceModel, 'category' | 'type' | 'typeRange' | 'clusterIP' | 'externalName' | 'selector' | 'selectorRange' | 'ports'>;

function extractService(base: Base, spec: YAMLMap | null, r: NodeReader): ServiceModel {
  const selectorMap = r.map(spec, 'selector');
  const selector = r.stringMap(selectorMap);
  const ports: ServicePortModel[] = [];
  r.items(r.seq(spec, 'ports')).forEach((node, index) => {
    if (!isMap(node)) return;
    ports.push({
      index,
      name: nonEmpty(r.string(node, 'name')),
      port: r.intOrString(node, 'port'),
      protocol: (r.string(node, 'protocol') ?? 'TCP') as Protocol,
      targetPort: r.intOrString(node, 'targetPort'),
      nodePort: r.intOrString(node, 'nodePort'),
      range: rangeOf(node)!,
      nameRange: r.keyRange(node, 'name'),
      portRange: r.keyRange(node, 'port'),
      protocolRange: r.keyRange(node, 'protocol'),
      targetPortRange: r.keyRange(node, 'targetPort'),
      nodePortRange: r.keyRange(node, 'nodePort'),
    });
  });
  return {
    ...base,
    category: 'service',
    type: (r.string(spec, 'type') ?? 'ClusterIP') as ServiceModel['type'],
    typeRange: r.keyRange(spec, 'type'),
    clusterIP: r.string(spec, 'clusterIP'),
    externalName: r.string(spec, 'externalName'),
    selector: Object.keys(selector).length > 0 ? selector : null,
    selectorRange: r.keyRange(spec, 'selector'),
    ports,
  };
}

/** Where a workload kind keeps its pod template, its selector and its pod count. */
function extractWorkload(base: Base, map: YAMLMap, spec: YAMLMap | null, r: NodeReader): WorkloadModel | null {
  const { kind, apiVersion } = base;
  let templateMeta: YAMLMap | null;
  let podSpec: YAMLMap | null;
  let selectorHolder: YAMLMap | null = spec;
  let replicas: WorkloadModel['replicas'] = 1;
  let podLabelsRange: Range | null;

  if (kind === 'Pod' && apiVersion === 'v1') {
    const metadata = r.map(map, 'metadata');
    templateMeta = metadata;
    podSpec = spec;
    selectorHolder = null;
    podLabelsRange = r.keyRange(metadata, 'labels');
  } else {
    let template: YAMLMap | null;
    if (kind === 'CronJob' && isBuiltinGroup(apiVersion)) {
      const jobSpec = r.map(r.map(spec, 'jobTemplate'), 'spec');
      template = r.map(jobSpec, 'template');
      selectorHolder = jobSpec;
      replicas = countOf(r.scalar(jobSpec, 'parallelism'));
    } else {
      template = r.map(spec, 'template');
      const builtin = TEMPLATE_WORKLOAD_KINDS.has(kind) && isBuiltinGroup(apiVersion);
      // Any other kind with a pod template (Argo Rollout, OpenKruise CloneSet) is a workload too.
      if (!builtin && !r.seq(r.map(template, 'spec'), 'containers')) return null;
      if (!builtin && !r.map(template, 'metadata')) return null;
      if (kind === 'DaemonSet') replicas = 'per-node';
      else if (kind === 'Job') replicas = countOf(r.scalar(spec, 'parallelism'));
      else replicas = countOf(r.scalar(spec, 'replicas'));
    }
    if (!template) return null;
    templateMeta = r.map(template, 'metadata');
    podSpec = r.map(template, 'spec');
    podLabelsRange = r.keyRange(templateMeta, 'labels') ?? r.keyRange(template, 'metadata') ?? r.keyRange(spec, 'template');
  }

  const podLabels = r.stringMap(r.map(templateMeta, 'labels'));
  const { selector, selectorRange } = readSelector(kind, apiVersion, selectorHolder, podLabels, r);
  return {
    ...base,
    category: 'workload',
    podLabels,
    podLabelsRange,
    selector,
    selectorRange,
    replicas,
    containers: readContainers(podSpec, r),
  };
}

function readSelector(
  kind: string,
  apiVersion: string,
  holder: YAMLMap | null,
  podLabels: Record<string, string>,
  r: NodeReader,
): { selector: LabelSelector | null; selectorRange: Range | null } {
  if (!holder) return { selector: null, selectorRange: null };
  const node = r.value(holder, 'selector');
  const selectorRange = r.keyRange(holder, 'selector');
  if (kind === 'ReplicationController') {
    // A map selector; when empty the API server defaults it to the template labels.
    const labels = r.stringMap(isMap(node) ? node : null);
    return { selector: { matchLabels: Object.keys(labels).length ? labels : { ...podLabels } }, selectorRange };
  }
  if (kind === 'Job' || kind === 'CronJob') {
    // Without manualSelector the Job controller generates the selector from a unique label.
    if (r.scalar(holder, 'manualSelector') !== true) return { selector: null, selectorRange: null };
  }
  if (!isMap(node)) return { selector: null, selectorRange };
  return { selector: labelSelector(node, r), selectorRange };
}

function labelSelector(node: YAMLMap, r: NodeReader): LabelSelector {
  const selector: LabelSelector = {};
  const matchLabels = r.map(node, 'matchLabels');
  if (matchLabels) selector.matchLabels = r.stringMap(matchLabels);
  const expressions = r.seq(node, 'matchExpressions');
  if (expressions) {
    selector.matchExpressions = r.items(expressions).filter(isMap).map((e) => {
      const values = r.items(r.seq(e, 'values'));
      return {
        key: stringOf(r.scalar(e, 'key')),
        operator: stringOf(r.scalar(e, 'operator')),
        values: values.map((v) => (isScalar(v) && v.value !== null ? String(v.value) : '')),
      };
    });
  }
  return selector;
}

function readContainers(podSpec: YAMLMap | null, r: NodeReader): ContainerModel[] {
  const containers: ContainerModel[] = [];
  for (const node of r.items(r.seq(podSpec, 'containers'))) {
    if (isMap(node)) containers.push(readContainer(node, 'container', r));
  }
  for (const node of r.items(r.seq(podSpec, 'initContainers'))) {
    // Sidecars (restartPolicy: Always) keep running and serve ports; other init containers have exited.
    if (isMap(node)) containers.push(readContainer(node, r.string(node, 'restartPolicy') === 'Always' ? 'sidecar' : 'init', r));
  }
  return containers;
}

function readContainer(node: YAMLMap, role: ContainerModel['role'], r: NodeReader): ContainerModel {
  const ports: ContainerPortModel[] = [];
  for (const p of r.items(r.seq(node, 'ports'))) {
    if (!isMap(p)) continue;
    ports.push({
      name: nonEmpty(r.string(p, 'name')),
      containerPort: r.intOrString(p, 'containerPort'),
      protocol: (r.string(p, 'protocol') ?? 'TCP') as Protocol,
      range: rangeOf(p)!,
      nameRange: r.keyRange(p, 'name'),
      containerPortRange: r.keyRange(p, 'containerPort'),
    });
  }
  return { name: stringOf(r.scalar(node, 'name')), role, ports, range: rangeOf(node as Node)! };
}

function stringOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function nonEmpty(value: string | null): string | null {
  return value ? value : null;
}

/** replicas/parallelism: unset means 1; a non-number (a template leftover) is treated as unset. */
function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 1;
}
