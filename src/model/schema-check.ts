// Schema checks of the fields svclint reads, while the YAML nodes are still at hand: a value Kubernetes cannot
// decode (`port: "80"`), a missing required field or an unknown enum value becomes a problem at the exact node,
// instead of a crash or a silent skip in the rules. The JSON Schemas live in schemas/kubernetes (see its README).
import { existsSync, readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { type NodeReader } from './nodes.js';
import { makeRange, rangeEnd, rangeStart, rangeOf, type Range } from '../position/range.js';
import { ROUTE_KINDS } from './extract-networking.js';
import type { ManifestObject, SchemaProblem } from './types.js';
import * as precompiled from './schema-validators.generated.js';

type ValidatorName = keyof typeof precompiled.DEFINITIONS;

/**
 * The validator each checked kind is validated with, by "apiVersion kind": precompiled by
 * scripts/gen-schema-validators.mjs, which also records the schema definition behind each (DEFINITIONS).
 */
const KIND_VALIDATORS: ReadonlyMap<string, ValidatorName> = new Map([
  ['v1 Service', 'Service'],
  ['v1 Pod', 'Pod'],
  ['v1 ReplicationController', 'ReplicationController'],
  ['apps/v1 Deployment', 'Deployment'],
  ['apps/v1 ReplicaSet', 'ReplicaSet'],
  ['apps/v1 StatefulSet', 'StatefulSet'],
  ['apps/v1 DaemonSet', 'DaemonSet'],
  ['batch/v1 Job', 'Job'],
  ['batch/v1 CronJob', 'CronJob'],
  ['networking.k8s.io/v1 Ingress', 'Ingress'],
  ['autoscaling/v2 HorizontalPodAutoscaler', 'HorizontalPodAutoscalerV2'],
  ['autoscaling/v1 HorizontalPodAutoscaler', 'HorizontalPodAutoscalerV1'],
  ['policy/v1 PodDisruptionBudget', 'PodDisruptionBudget'],
  ['monitoring.coreos.com/v1 ServiceMonitor', 'ServiceMonitor'],
  ['monitoring.coreos.com/v1 PodMonitor', 'PodMonitor'],
]);
/** schemas/ is two levels up from src/model/, three from dist/src/model/. */
const SCHEMA_DIRECTORIES = ['../../schemas/kubernetes/', '../../../schemas/kubernetes/'];

export function checkSchema(object: ManifestObject, node: YAMLMap, reader: NodeReader): SchemaProblem[] {
  const validator = validatorNameFor(object.apiVersion, object.kind);
  if (!validator) return [];
  const { validate, shape } = schemas().validatorFor(validator);
  const data = project(node, shape, reader);
  if (validate(data)) return [];
  return problemsOf(validate.errors ?? [], node, data, reader);
}

function validatorNameFor(apiVersion: string, kind: string): ValidatorName | null {
  const validator = KIND_VALIDATORS.get(`${apiVersion} ${kind}`);
  if (validator) return validator;
  // Every Gateway API version (v1, v1beta1, v1alpha2, v1alpha3) shares the BackendRef type.
  if (ROUTE_KINDS.has(kind) && apiVersion.startsWith('gateway.networking.k8s.io/v1')) return 'Route';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas: the precompiled validators, and the shape of each kind read from the schema files on first use

interface JsonSchema {
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  [keyword: string]: unknown;
}

/** Which parts of a node a schema looks at, so only those are converted to plain JS. */
interface Shape {
  properties?: Map<string, Shape>;
  /** The schema of every value of a map (labels, a Service selector). */
  values?: Shape;
  items?: Shape;
}

interface KindValidator {
  validate: ValidateFunction;
  shape: Shape;
}

class SchemaSet {
  private readonly files = new Map<string, JsonSchema>();
  private readonly validators = new Map<string, KindValidator>();
  private readonly shapes = new Map<JsonSchema, Shape>();

  constructor() {
    const directory = schemaDirectory();
    for (const name of precompiled.SCHEMA_FILES) {
      const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, directory), 'utf8')) as JsonSchema;
      this.files.set(`${name}.schema.json`, schema);
    }
  }

  validatorFor(name: ValidatorName): KindValidator {
    let validator = this.validators.get(name);
    if (!validator) {
      const [schema, file] = this.resolve(precompiled.DEFINITIONS[name], '');
      validator = { validate: precompiled[name] as ValidateFunction, shape: this.shapeOf(schema, file) };
      this.validators.set(name, validator);
    }
    return validator;
  }

  /** A `$ref` ("file#/definitions/Name", or "#/definitions/Name" within `file`) and the file it lives in. */
  private resolve(ref: string, file: string): [JsonSchema, string] {
    const [target = '', pointer = ''] = ref.split('#');
    const targetFile = target || file;
    let schema = this.files.get(targetFile) as unknown;
    for (const segment of pointer.split('/').filter(Boolean))
      schema = (schema as Record<string, unknown> | undefined)?.[segment];
    if (!schema) throw new Error(`svclint: schema reference ${ref} does not resolve`);
    return [schema as JsonSchema, targetFile];
  }

  private shapeOf(schema: JsonSchema, file: string): Shape {
    if (schema.$ref) {
      const [target, targetFile] = this.resolve(schema.$ref, file);
      return this.shapeOf(target, targetFile);
    }
    const known = this.shapes.get(schema);
    if (known) return known;
    const shape: Shape = {};
    this.shapes.set(schema, shape);
    if (schema.properties) {
      shape.properties = new Map(
        Object.entries(schema.properties).map(([key, child]) => [key, this.shapeOf(child, file)]),
      );
    }
    if (typeof schema.additionalProperties === 'object') shape.values = this.shapeOf(schema.additionalProperties, file);
    if (schema.items) shape.items = this.shapeOf(schema.items, file);
    return shape;
  }
}

let schemaSet: SchemaSet | null = null;

function schemas(): SchemaSet {
  schemaSet ??= new SchemaSet();
  return schemaSet;
}

function schemaDirectory(): URL {
  for (const relative of SCHEMA_DIRECTORIES) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(new URL('meta-v1.schema.json', url))) return url;
  }
  throw new Error('svclint: schemas/kubernetes/*.schema.json not found next to the installed package');
}

// ---------------------------------------------------------------------------------------------------------------
// YAML to plain JS, only where the schema looks

/**
 * Plain JS of the parts of `node` the shape looks at (aliases resolved and charged to the reader's budget). A null
 * mapping value is left out: Kubernetes decodes it as unset, so a required field written `port:` is reported as
 * missing, and an optional one is fine. A collection where the schema expects a scalar becomes an empty one: only
 * its type matters.
 */
function project(node: unknown, shape: Shape, r: NodeReader): unknown {
  const n = r.resolve(node);
  // .inf, .nan and 1e400 are numbers to JS that ajv takes for integers; JSON (and so Kubernetes) has no such numbers.
  if (isScalar(n)) return typeof n.value === 'number' && !Number.isFinite(n.value) ? String(n.value) : n.value;
  if (isSeq(n)) return shape.items ? n.items.map((item) => project(item, shape.items!, r)) : [];
  if (isMap(n))
    return shape.properties || shape.values
      ? projectMap(n, shape, r, Object.create(null) as Record<string, unknown>)
      : {};
  return null;
}

function projectMap(map: YAMLMap, shape: Shape, r: NodeReader, out: Record<string, unknown>): Record<string, unknown> {
  // Earlier merge sources win over later ones, and the map's own keys over all of them.
  for (const source of mergeSources(map, r).reverse()) projectMap(source, shape, r, out);
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (key === null) continue;
    const child = shape.properties?.get(key) ?? shape.values;
    if (!child) continue;
    const value = project(pair.value, child, r);
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** A pair's key as a string; null for `<<` merge keys and keys that are not scalars. */
function keyOf(pair: Pair): string | null {
  const key = pair.key;
  if (!isScalar(key) || isMergeKey(pair)) return null;
  return String(key.value);
}

/** YAML 1.1 `<<: *base` merges, which Kubernetes' YAML decoder applies (YAML 1.2 leaves `<<` a plain key). */
function isMergeKey(pair: Pair): boolean {
  const key = pair.key;
  if (!isScalar(key)) return false;
  return (
    (key.value === '<<' && key.type === 'PLAIN') || (typeof key.value === 'symbol' && key.value.description === '<<')
  );
}

function mergeSources(map: YAMLMap, r: NodeReader): YAMLMap[] {
  const sources: YAMLMap[] = [];
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const value = r.resolve(pair.value);
    if (isMap(value)) sources.push(value);
    else if (isSeq(value))
      for (const item of value.items) {
        const source = r.resolve(item);
        if (isMap(source)) sources.push(source);
      }
  }
  return sources;
}

/** The pair holding `key` (the last one when a key repeats), looking into merges as the decoder does. */
function findPair(map: YAMLMap, key: string, r: NodeReader): Pair | null {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i]!;
    if (keyOf(pair) === key) return pair;
  }
  for (const source of mergeSources(map, r)) {
    const pair = findPair(source, key, r);
    if (pair) return pair;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// ajv errors to problems at YAML nodes

/** A node reached from the object's root, and where to point at it. */
interface Step {
  node: Node | null;
  /** The pair whose value the node is; null for sequence items and the root. */
  pair: Pair | null;
  /** The nearest key range on the way (for empty sequence items). */
  keyRange: Range | null;
  path: string;
}

/** The kinds of error worth reporting, most useful first: one problem per node. */
const KEYWORD_PRIORITY: Record<string, number> = { type: 0, required: 1, enum: 2 };

function problemsOf(errors: ErrorObject[], root: YAMLMap, data: unknown, r: NodeReader): SchemaProblem[] {
  const byPath = new Map<string, { priority: number; problem: SchemaProblem }>();
  for (const error of errors) {
    const problem = problemOf(error, root, data, r);
    if (!problem) continue;
    const priority = KEYWORD_PRIORITY[error.keyword] ?? 3;
    const known = byPath.get(problem.path);
    if (!known || priority < known.priority) byPath.set(problem.path, { priority, problem });
  }
  return [...byPath.values()]
    .map((entry) => entry.problem)
    .sort((a, b) => rangeStart(a.range) - rangeStart(b.range) || a.path.localeCompare(b.path));
}

function problemOf(error: ErrorObject, root: YAMLMap, data: unknown, r: NodeReader): SchemaProblem | null {
  const segments = pointerSegments(error.instancePath);
  const step = walk(root, segments, r);
  if (!step) return null;
  if (error.keyword === 'required') return missingProblem(step, String(error.params.missingProperty), root, r);
  const range = pointRange(step, root, r);
  if (error.keyword === 'type') {
    const expected = ([] as string[]).concat(error.params.type as string | string[]);
    if (readAsByKubernetes(step.node, expected)) return null;
    if (isScalar(step.node) && step.node.value === null) {
      return { range, path: step.path, message: `${step.path} is empty; it must be ${expectedTypes(expected)}` };
    }
    return {
      range,
      path: step.path,
      message: `${step.path} must be ${expectedTypes(expected)}, not ${describeNode(step.node)}`,
    };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map(String);
    const value = String(valueAt(data, segments));
    return {
      range,
      path: step.path,
      message: `${step.path} "${value}" is not one of ${allowed.join(', ')}${caseHint(value, allowed)}`,
    };
  }
  // An empty list where Kubernetes wants at least one item (`containers: []`) is a missing required value to it.
  if (error.keyword === 'minItems') return { range, path: step.path, message: `${step.path} is required but empty` };
  if (error.keyword === 'minimum' || error.keyword === 'maximum') {
    const limit = error.params.limit as number;
    const bound = error.keyword === 'minimum' ? `at least ${limit}` : `at most ${limit}`;
    return { range, path: step.path, message: `${step.path} ${String(valueAt(data, segments))} must be ${bound}` };
  }
  return { range, path: step.path, message: `${step.path} ${error.message ?? 'is invalid'}` };
}

function missingProblem(parent: Step, property: string, root: YAMLMap, r: NodeReader): SchemaProblem {
  const path = joinPath(parent.path, property);
  // Present but empty (`port:`): Kubernetes decodes it as unset.
  const pair = isMap(parent.node) ? findPair(parent.node, property, r) : null;
  if (pair)
    return { range: rangeOf(pair.key) ?? pointRange(parent, root, r), path, message: `${path} is required but empty` };
  return { range: pointRange(parent, root, r), path, message: `${path} is required but missing` };
}

/** Decodes a JSON pointer (ajv's instancePath) into keys and indices. */
function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function walk(root: YAMLMap, segments: string[], r: NodeReader): Step | null {
  let step: Step = { node: root, pair: null, keyRange: null, path: '' };
  for (const segment of segments) {
    const node = step.node;
    if (isMap(node)) {
      const pair = findPair(node, segment, r);
      if (!pair) return null;
      step = { node: r.resolve(pair.value), pair, keyRange: rangeOf(pair.key), path: joinPath(step.path, segment) };
    } else if (isSeq(node)) {
      const index = Number(segment);
      step = {
        node: r.resolve(node.items[index]),
        pair: null,
        keyRange: step.keyRange,
        path: `${step.path}[${index}]`,
      };
    } else {
      return null;
    }
  }
  return step;
}

/** spec.ports[0].port; keys that are not plain words are quoted: metadata.labels["app.kubernetes.io/name"]. */
function joinPath(path: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** The value for scalars, the key for collections, the first line of a sequence item, `kind` for the root. */
function pointRange(step: Step, root: YAMLMap, r: NodeReader): Range {
  const { node, pair } = step;
  if (isScalar(node) && node.value !== null) return rangeOf(node)!;
  if (pair) return rangeOf(pair.key)!;
  if (node === root) return r.keyRange(root, 'kind') ?? rangeOf(root)!;
  const head = node ? headRange(node) : null;
  return head && rangeEnd(head) > rangeStart(head) ? head : (step.keyRange ?? rangeOf(root)!);
}

/** The first line of a collection: its first pair (key and scalar value), or the head of its first item. */
function headRange(node: Node): Range | null {
  const range = rangeOf(node);
  if (isMap(node) && node.items.length > 0) {
    const { key, value } = node.items[0]!;
    const keyRange = rangeOf(key);
    if (!keyRange) return range;
    const end = isScalar(value) && value.range ? value.range[1] : rangeEnd(keyRange);
    return makeRange(rangeStart(keyRange), end);
  }
  if (isSeq(node) && node.items.length > 0 && range) {
    const first = node.items[0] as Node;
    const head = headRange(first);
    return head ? makeRange(rangeStart(range), rangeEnd(head)) : range;
  }
  return range;
}

/** " (case-sensitive; did you mean TCP?)" when only the case differs, as the service-type rule says it. */
function caseHint(value: string, allowed: string[]): string {
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  return match ? ` (case-sensitive; did you mean ${match}?)` : '';
}

function valueAt(data: unknown, segments: string[]): unknown {
  let value = data;
  for (const segment of segments) value = (value as Record<string, unknown> | null)?.[segment];
  return value;
}

function expectedTypes(types: string[]): string {
  const names: Record<string, string> = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    null: 'empty',
  };
  return types.map((t) => names[t] ?? t).join(' or ');
}

function describeNode(node: Node | null): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node)) return 'empty';
  const value = node.value;
  // `yes` is a boolean to Kubernetes (YAML 1.1), whatever YAML 1.2 says.
  if (typeof value === 'string' && node.type === 'PLAIN' && yaml11Type(value) === 'boolean')
    return `the boolean ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  // The number or boolean as written (1.0, not 1).
  const written = node.type === 'PLAIN' && node.source ? node.source : String(value);
  if (typeof value === 'number') return `the number ${written}`;
  if (typeof value === 'boolean') return `the boolean ${written}`;
  return String(value);
}

/**
 * Kubernetes reads YAML 1.1 (go-yaml v2 via sigs.k8s.io/yaml), where some plain scalars that YAML 1.2 reads as
 * strings are booleans or numbers: `yes`/`on`/`off`, `0b101`, `1_000`, `-0x1F`. When that reading has the expected
 * type, Kubernetes decodes the value fine, so there is nothing to report.
 */
function readAsByKubernetes(node: Node | null, expected: string[]): boolean {
  if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.value !== 'string') return false;
  const type = yaml11Type(node.value);
  return type !== null && (expected.includes(type) || (type === 'integer' && expected.includes('number')));
}

function yaml11Type(text: string): 'boolean' | 'integer' | 'number' | null {
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(text)) return 'boolean';
  const plain = text.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[1-9][0-9]*|0)$/.test(plain)) return 'integer';
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return 'number';
  return null;
}
