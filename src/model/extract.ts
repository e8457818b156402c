// Builds compact model objects straight from a document's YAML nodes.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { textValue } from './text.js';
import { rangeEnd, rangeStart, rangeOf, type Range } from '../position/range.js';
import { NodeReader, detach, nonEmpty, stringOf } from './nodes.js';
import { CLUSTER_SCOPED_KINDS, isBuiltinGroup } from './kinds.js';
import { extractWorkload, labelSelector } from './extract-workload.js';
import {
  extractIngress,
  extractNetworkPolicy,
  extractReferenceGrant,
  extractRoute,
  ROUTE_KINDS,
} from './extract-networking.js';
import {
  disruptionBudgetProblems,
  extractAutoscaler,
  extractDisruptionBudget,
  isAutoscaler,
  isDisruptionBudget,
} from './extract-policy.js';
import { checkSchema } from './schema-check.js';
import { findPlaceholders, isBarePlaceholder, isPlaceholderPath } from './placeholders.js';
import { IGNORE_ANNOTATION } from '../suppress/types.js';
import type {
  ConfigMapModel,
  ManifestObject,
  MonitorEndpointModel,
  MonitorModel,
  ObjectBase,
  PlaceholderField,
  Protocol,
  SchemaProblem,
  SecretModel,
  ServiceModel,
  ServicePortModel,
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
  /** Mappings that are not Kubernetes objects (no apiVersion or kind), and kustomize placeholder objects. */
  skipped: number;
  /** `placeholder`: a note of the placeholder rule, not a parse error. */
  problems: { range: Range; message: string; placeholder?: true }[];
}

/** kustomize's name for an object that a patch or replacement fills in; no real object of most kinds may have it. */
const KUSTOMIZE_PLACEHOLDER_NAME = '_';

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
      else
        result.problems.push({
          range: rangeOf(item) ?? rangeOf(map)!,
          message: `${kind} item is not a Kubernetes object (a mapping)`,
        });
    }
    return;
  }
  const metadata = r.map(map, 'metadata');
  if (r.string(metadata, 'name') === KUSTOMIZE_PLACEHOLDER_NAME) {
    result.skipped++;
    const message = `${kind} "${KUSTOMIZE_PLACEHOLDER_NAME}" is a kustomize placeholder that a patch or replacement fills in; not analysed`;
    result.problems.push({ range: r.keyRange(metadata, 'name')!, message, placeholder: true });
    return;
  }
  const object = extractObject(map, apiVersion, kind, r, ctx);
  const placeholders = findPlaceholders(map, r.source);
  const schemaProblems = withoutPlaceholders(
    [
      ...checkSchema(object, map, r),
      ...missingName(object, map, r),
      ...duplicateContainerNames(object, map, r),
      ...(object.category === 'disruption-budget' ? disruptionBudgetProblems(object) : []),
    ],
    placeholders,
    r.source,
  );
  if (schemaProblems.length > 0) object.schemaProblems = schemaProblems;
  // In text order, with any bare placeholders the schema check found.
  if (placeholders.length > 0)
    object.placeholders = placeholders.sort((a, b) => rangeStart(a.range) - rangeStart(b.range));
  result.objects.push(object);
}

/**
 * ValidateObjectMeta: "name or generateName is required"; `kubectl apply` needs the name itself. Only kinds svclint
 * models: other files with apiVersion and kind (kind configs, kubeconfigs, skaffold.yaml) are no API objects.
 */
function missingName(object: ManifestObject, map: YAMLMap, r: NodeReader): SchemaProblem[] {
  if (object.category === 'other') return [];
  const metadata = r.map(map, 'metadata');
  const given = (key: string) => !['', null, undefined].includes(r.scalar(metadata, key) as string | null | undefined);
  if (given('name') || given('generateName')) return [];
  const range = r.keyRange(map, 'metadata') ?? r.keyRange(map, 'kind')!;
  const message =
    'has no metadata.name (nor generateName): the API server requires one, and `kubectl apply` requires metadata.name (generateName only works with `kubectl create`)';
  return [{ range, path: 'metadata.name', message }];
}

/** ValidatePodSpec: containers and initContainers of one pod share one set of names ("Duplicate value"). */
function duplicateContainerNames(object: ManifestObject, map: YAMLMap, r: NodeReader): SchemaProblem[] {
  if (object.category !== 'workload') return [];
  let podSpec: YAMLMap | null = map;
  for (const key of object.podSpecPath.split('.')) podSpec = r.map(podSpec, key);
  const seen = new Map<string, string>();
  const problems: SchemaProblem[] = [];
  for (const list of ['containers', 'initContainers']) {
    r.items(r.seq(podSpec, list)).forEach((node, i) => {
      const name = isMap(node) ? r.string(node, 'name') : null;
      if (!name) return;
      const path = `${object.podSpecPath}.${list}[${i}]`;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, path);
      else
        problems.push({
          range: r.keyRange(node as YAMLMap, 'name')!,
          path: `${path}.name`,
          message: `container name "${name}" is already used by ${first} (containers and initContainers share one set of names)`,
        });
    });
  }
  return problems;
}

/**
 * Schema problems of fields that hold a placeholder are not problems: the value is not known yet. A bare upper-case
 * name where a number must be (`port: PORT`) is a placeholder too, and is added to `placeholders`.
 */
function withoutPlaceholders(
  problems: SchemaProblem[],
  placeholders: PlaceholderField[],
  source: string,
): SchemaProblem[] {
  if (problems.length === 0) return problems;
  return problems.filter((problem) => {
    if (isPlaceholderPath(placeholders, problem.path)) return false;
    const written = source.slice(rangeStart(problem.range), rangeEnd(problem.range));
    if (!/ must be (an integer|a number)\b/.test(problem.message) || !isBarePlaceholder(written)) return true;
    placeholders.push({ path: problem.path, range: problem.range, tokens: [written] });
    return false;
  });
}

function extractObject(
  map: YAMLMap,
  apiVersion: string,
  kind: string,
  r: NodeReader,
  ctx: ExtractContext,
): ManifestObject {
  const metadata = r.map(map, 'metadata');
  const range = rangeOf(map)!;
  const base: ObjectBase = {
    apiVersion,
    kind,
    name: stringOf(r.scalar(metadata, 'name')),
    namespace: CLUSTER_SCOPED_KINDS.has(kind)
      ? null
      : stringOf(r.scalar(metadata, 'namespace')) || ctx.defaultNamespace,
    fileId: ctx.fileId,
    order: ctx.nextOrder(),
    labels: r.stringMap(r.map(metadata, 'labels')),
    annotations: r.stringMap(r.map(metadata, 'annotations')),
    range,
    nameRange: r.keyRange(metadata, 'name') ?? r.keyRange(map, 'metadata') ?? range,
    apiVersionRange: r.keyRange(map, 'apiVersion') ?? range,
    namespaceRange: r.keyRange(metadata, 'namespace'),
  };
  if (base.annotations[IGNORE_ANNOTATION] !== undefined) {
    const ignoreRange = r.keyRange(r.map(metadata, 'annotations'), IGNORE_ANNOTATION);
    if (ignoreRange) base.ignoreAnnotationRange = ignoreRange;
  }
  const spec = r.map(map, 'spec');
  if (kind === 'Service' && apiVersion === 'v1') return extractService(base, spec, r);
  if (kind === 'Ingress' && (apiVersion.startsWith('networking.k8s.io/') || apiVersion === 'extensions/v1beta1'))
    return extractIngress(base, spec, r);
  if (ROUTE_KINDS.has(kind) && apiVersion.startsWith('gateway.networking.k8s.io/')) return extractRoute(base, spec, r);
  if (kind === 'ReferenceGrant' && apiVersion.startsWith('gateway.networking.k8s.io/'))
    return extractReferenceGrant(base, spec, r);
  if (kind === 'ConfigMap' && apiVersion === 'v1') return extractConfigMap(base, map, r);
  if (kind === 'NetworkPolicy' && apiVersion === 'networking.k8s.io/v1') return extractNetworkPolicy(base, spec, r);
  if (isAutoscaler(apiVersion, kind)) return extractAutoscaler(base, spec, r);
  if (isDisruptionBudget(apiVersion, kind)) return extractDisruptionBudget(base, spec, r);
  if (kind === 'Secret' && apiVersion === 'v1') return extractSecret(base, map, r);
  if (kind === 'ServiceAccount' && apiVersion === 'v1') return { ...base, category: 'service-account' };
  if ((kind === 'ServiceMonitor' || kind === 'PodMonitor') && apiVersion === 'monitoring.coreos.com/v1')
    return extractMonitor(base, spec, r);
  const workload = extractWorkload(base, map, spec, r);
  if (workload) return workload;
  if (!isBuiltinGroup(apiVersion)) {
    const podMetadata = r.map(spec, 'podMetadata') ?? r.map(r.map(spec, 'podTemplate'), 'metadata');
    const podLabels = r.map(podMetadata, 'labels');
    if (podLabels) return { ...base, category: 'operator-resource', podLabels: r.stringMap(podLabels) };
  }
  return { ...base, category: 'other' };
}

function extractConfigMap(base: ObjectBase, map: YAMLMap, r: NodeReader): ConfigMapModel {
  const data: ConfigMapModel['data'] = [];
  const dataMap = r.map(map, 'data');
  for (const pair of dataMap?.items ?? []) {
    const key = r.resolve(pair.key);
    const value = textValue(r.resolve(pair.value), r.source);
    if (isScalar(key) && value) data.push({ key: detach(String(key.value)), value });
  }
  const binaryDataKeys = keysOf(r.map(map, 'binaryData'), r);
  return { ...base, category: 'config-map', data, ...(binaryDataKeys.length > 0 && { binaryDataKeys }) };
}

function keysOf(map: YAMLMap | null, r: NodeReader): string[] {
  const keys: string[] = [];
  for (const pair of map?.items ?? []) {
    const key = r.resolve(pair.key);
    if (isScalar(key) && key.value !== null) keys.push(detach(String(key.value)));
  }
  return keys;
}

/** A Secret's keys: data and stringData (the API server merges stringData into data on write). */
function extractSecret(base: ObjectBase, map: YAMLMap, r: NodeReader): SecretModel {
  const keys = [...new Set([...keysOf(r.map(map, 'data'), r), ...keysOf(r.map(map, 'stringData'), r)])];
  return { ...base, category: 'secret', type: r.string(map, 'type') ?? 'Opaque', keys };
}

/** A ServiceMonitor (spec.endpoints) or PodMonitor (spec.podMetricsEndpoints) of prometheus-operator. */
function extractMonitor(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): MonitorModel {
  const selectorNode = r.value(spec, 'selector');
  const namespaceSelector = r.map(spec, 'namespaceSelector');
  const endpointsKey = base.kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints';
  const endpoints: MonitorEndpointModel[] = [];
  r.items(r.seq(spec, endpointsKey)).forEach((node, index) => {
    if (!isMap(node)) return;
    endpoints.push({
      index,
      port: nonEmpty(r.string(node, 'port')),
      portRange: r.keyRange(node, 'port'),
      targetPort: r.intOrString(node, 'targetPort'),
      targetPortRange: r.keyRange(node, 'targetPort'),
      range: rangeOf(node)!,
    });
  });
  return {
    ...base,
    category: 'monitor',
    selector: isMap(selectorNode) ? labelSelector(selectorNode, r) : null,
    selectorRange: r.keyRange(spec, 'selector'),
    anyNamespace: r.scalar(namespaceSelector, 'any') === true,
    matchNames: r
      .items(r.seq(namespaceSelector, 'matchNames'))
      .flatMap((n) => (isScalar(n) && typeof n.value === 'string' ? [detach(n.value)] : [])),
    namespaceSelectorRange: r.keyRange(spec, 'namespaceSelector'),
    endpointsPath: `spec.${endpointsKey}`,
    endpoints,
  };
}

/** Service spec fields modelled on their own; every other field lands in ServiceModel.spec. */
const SERVICE_OWN_FIELDS = new Set(['ports', 'selector']);

function extractService(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): ServiceModel {
  const selectorMap = r.map(spec, 'selector');
  const selector = r.stringMap(selectorMap);
  const selectorLabelRanges: ServiceModel['selectorLabelRanges'] = {};
  for (const key in selector) {
    selectorLabelRanges[key] = { key: rangeOf(r.pair(selectorMap, key)?.key), value: r.keyRange(selectorMap, key) };
  }
  const ports: ServicePortModel[] = [];
  r.items(r.seq(spec, 'ports')).forEach((node, index) => {
    if (!isMap(node)) return;
    ports.push({
      index,
      name: nonEmpty(r.string(node, 'name')),
      port: r.intOrString(node, 'port'),
      protocol: (r.string(node, 'protocol') ?? 'TCP') as Protocol,
      appProtocol: r.string(node, 'appProtocol'),
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
  const fields: ServiceModel['spec'] = {};
  for (const pair of spec?.items ?? []) {
    const key = String((pair.key as { value?: unknown } | null)?.value ?? '');
    if (!key || SERVICE_OWN_FIELDS.has(key)) continue;
    fields[key] = { value: r.plain(pair.value), range: r.keyRange(spec, key)! };
  }
  return {
    ...base,
    category: 'service',
    type: (r.string(spec, 'type') ?? 'ClusterIP') as ServiceModel['type'],
    typeRange: r.keyRange(spec, 'type'),
    clusterIP: r.string(spec, 'clusterIP'),
    externalName: r.string(spec, 'externalName'),
    selector: Object.keys(selector).length > 0 ? selector : null,
    selectorRange: r.keyRange(spec, 'selector'),
    selectorLabelRanges,
    ports,
    portsRange: r.keyRange(spec, 'ports'),
    spec: fields,
  };
}
