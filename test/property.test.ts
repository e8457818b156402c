// Property-based tests (fast-check): generated manifests, valid and corrupted, through the whole pipeline.
//
// Realistic objects (Services, Deployments, StatefulSets, ConfigMaps, Ingresses, with env, ports and selectors) are
// rendered to YAML with the `yaml` package, then corrupted: as objects (dropped fields, nulls, wrong types, random
// Unicode, huge numbers, deep nesting, empty lists) and as text (inserted YAML syntax, tabs, CRLF, BOMs, lines
// dropped or doubled, truncation). Whatever comes out:
//   - lintSources and runCli never throw (runCli exits 0 or 1, with nothing on stderr);
//   - every finding and related location lies inside its file;
//   - every formatter runs, and json and sarif parse;
//   - the same input gives byte-identical output;
//   - reordering the files changes only the findings of the order-dependent rules (see ORDER_DEPENDENT);
//   - files modelled on worker threads give the same report as one thread (the built package: dist/).
//
// A failure prints the seed and the counterexample's path; replay it with FC_SEED=<seed> FC_PATH=<path>, or run
// more cases with FC_RUNS=<n> (e.g. FC_RUNS=2000 before a release).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { lintSources, type Finding, type LintResult } from '../src/lint.js';
import { decode } from '../src/input/inputs.js';
import { formatters, FORMAT_NAMES } from '../src/report/index.js';
import { formatEndpoints } from '../src/report/endpoints-table.js';
import type { SourceText } from '../src/load/source.js';
import { cli, writeFixture } from './helpers.js';

// ---------------------------------------------------------------------------------------------------------------
// Run settings

const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const PATH = process.env.FC_PATH;

/** Per test: generous when FC_RUNS asks for more cases than the defaults. */
const TIMEOUT = RUNS ? 3_600_000 : 60_000;

/** fast-check parameters: `runs` cases unless FC_RUNS says otherwise; FC_SEED and FC_PATH replay a failure. */
function params(runs: number): fc.Parameters<unknown> {
  return { numRuns: RUNS ?? runs, ...(SEED !== undefined && { seed: SEED }), ...(PATH && { path: PATH }) };
}

// ---------------------------------------------------------------------------------------------------------------
// Realistic objects

/** Few names, so that selectors, Service names, env references and DNS names often meet. */
const NAMES = ['web', 'api', 'db', 'cache', 'worker', 'web-2', 'frontend'] as const;
const name = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/) },
);
const namespace = fc.option(fc.constantFrom('default', 'shop', 'ops'), { nil: undefined });
const labels = fc.dictionary(
  fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'version'),
  fc.constantFrom(...NAMES, 'v1', 'backend'),
  {
    minKeys: 1,
    maxKeys: 3,
  },
);
const portNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(80, 443, 8080, 9090, 53, 5432, 6379) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 65535 }) },
);
const portName = fc.constantFrom('http', 'https', 'metrics', 'grpc', 'dns', 'db', 'web');
const protocol = fc.constantFrom('TCP', 'UDP', 'SCTP');

/** Values that exercise env-var-order, service-env-order and dns-reference: $(VAR)s, Service link names, URLs. */
const textValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'http://web:80',
      'http://api.shop.svc.cluster.local:8080/v1',
      'db:5432',
      'redis://cache.ops:6379/0',
      '$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)',
      'http://$(API_SERVICE_HOST):$(API_SERVICE_PORT_HTTP)/',
      '$(PORT)',
      '$$(ESCAPED)',
      'web-0.web.default.svc.cluster.local',
      'upstream backend {\n  server web.default.svc.cluster.local:80;\n  server api:8080;\n}\n',
      'plain text',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
const envName = fc.constantFrom(
  'PORT',
  'HOST',
  'URL',
  'PATH',
  'WEB_SERVICE_HOST',
  'WEB_SERVICE_PORT',
  'API_SERVICE_HOST',
  'DB_SERVICE_HOST',
  'CACHE_PORT',
);

const envVar = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name: envName, value: textValue }) },
  {
    weight: 1,
    arbitrary: fc.record({
      name: envName,
      valueFrom: fc.constant({ configMapKeyRef: { name: 'settings', key: 'url' } }),
    }),
  },
);

const container = fc.record(
  {
    name,
    image: fc.constant('example/app:1.0'),
    ports: fc.array(
      fc.record(
        { name: portName, containerPort: portNumber, protocol, hostPort: portNumber },
        { requiredKeys: ['containerPort'] },
      ),
      { maxLength: 3 },
    ),
    env: fc.array(envVar, { maxLength: 4 }),
    envFrom: fc.array(
      fc.record(
        { configMapRef: fc.record({ name }), prefix: fc.constantFrom('APP_', '') },
        { requiredKeys: ['configMapRef'] },
      ),
      { maxLength: 1 },
    ),
    command: fc.array(textValue, { maxLength: 2 }),
    args: fc.array(
      fc.oneof(
        textValue,
        fc.constant('sh'),
        fc.constant('-c'),
        fc.constant('curl http://$WEB_SERVICE_HOST:$WEB_SERVICE_PORT/'),
      ),
      { maxLength: 3 },
    ),
    restartPolicy: fc.constant('Always'),
  },
  { requiredKeys: ['name', 'image'] },
);

const podSpec = fc.record(
  {
    containers: fc.array(container, { minLength: 1, maxLength: 2 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    enableServiceLinks: fc.boolean(),
    hostNetwork: fc.boolean(),
    dnsPolicy: fc.constantFrom('ClusterFirst', 'Default', 'None'),
  },
  { requiredKeys: ['containers'] },
);

const meta = (n: string, ns: string | undefined, extra: Record<string, unknown> = {}) => ({
  name: n,
  ...(ns !== undefined && { namespace: ns }),
  ...extra,
});

const service = fc
  .record({
    name,
    namespace,
    type: fc.option(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'), { nil: undefined }),
    headless: fc.boolean(),
    selector: fc.option(labels, { nil: undefined }),
    ports: fc.array(
      fc.record(
        {
          name: portName,
          port: portNumber,
          targetPort: fc.oneof(portNumber, portName),
          protocol,
          nodePort: fc.integer({ min: 30000, max: 32767 }),
        },
        { requiredKeys: ['port'] },
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ name: n, namespace: ns, type, headless, selector, ports }) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(n, ns),
    spec: {
      ...(type && { type }),
      ...(type === 'ExternalName' && { externalName: `${n}.example.com` }),
      ...(headless && { clusterIP: 'None' }),
      ...(selector && { selector }),
      ports,
    },
  }));

const workload = fc
  .record({
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'),
    name,
    namespace,
    labels,
    /** Whether the selector selects the template's labels (the API server requires it). */
    consistent: fc.boolean(),
    otherLabels: labels,
    replicas: fc.integer({ min: 0, max: 5 }),
    serviceName: name,
    podSpec,
  })
  .map(
    ({
      kind,
      name: n,
      namespace: ns,
      labels: podLabels,
      consistent,
      otherLabels,
      replicas,
      serviceName,
      podSpec: spec,
    }) => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: meta(n, ns),
      spec: {
        ...(kind !== 'DaemonSet' && { replicas }),
        ...(kind === 'StatefulSet' && { serviceName }),
        selector: { matchLabels: consistent ? podLabels : otherLabels },
        template: { metadata: { labels: podLabels }, spec },
      },
    }),
  );

const configMap = fc
  .record({
    name,
    namespace,
    data: fc.dictionary(fc.constantFrom('url', 'nginx.conf', 'PORT', 'HOST', 'WEB_SERVICE_HOST'), textValue, {
      maxKeys: 3,
    }),
  })
  .map(({ name: n, namespace: ns, data }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(n, ns), data }));

const ingress = fc
  .record({
    name,
    namespace,
    service: name,
    port: fc.oneof(
      portNumber.map((number) => ({ number })),
      portName.map((p) => ({ name: p })),
    ),
  })
  .map(({ name: n, namespace: ns, service: s, port }) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(n, ns),
    spec: {
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: s, port } } }] } }],
    },
  }));

const k8sObject = fc.oneof(
  { weight: 3, arbitrary: service },
  { weight: 3, arbitrary: workload },
  { weight: 1, arbitrary: configMap },
  { weight: 1, arbitrary: ingress },
);

// ---------------------------------------------------------------------------------------------------------------
// Corruptions

/** Characters that trouble parsers and position arithmetic: astral planes, lone surrogates, BOM, NEL, LS, CR, NUL. */
const nastyChar = fc.constantFrom(
  'é',
  '😀',
  '\u{10FFFF}',
  '\uD800',
  '\uDC00',
  '\uFEFF',
  '\u0085',
  '\u2028',
  '\r',
  '\t',
  '\u0000',
  '\u200F',
  '\u0301',
  '"',
  "'",
  '\\',
  ':',
  '#',
  '&',
  '*',
  '{',
  '[',
  '%',
  '@',
  '`',
);
const unicodeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: nastyChar, maxLength: 8 }),
);
const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  Infinity,
  -Infinity,
  NaN,
  -0,
  5e-324,
  1.5,
  4294967296,
);
const wrongType = fc.constantFrom<unknown>(
  42,
  'text',
  true,
  false,
  [],
  {},
  [1, 'two'],
  { a: { b: 'c' } },
  '80',
  'None',
  '',
);

type ObjectCorruption =
  | { op: 'drop' | 'null' | 'empty-list' | 'empty-map'; at: number }
  | { op: 'set'; at: number; value: unknown }
  | { op: 'deep'; at: number; depth: number; flow: 'seq' | 'map' };

const objectCorruption: fc.Arbitrary<ObjectCorruption> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop', 'null', 'empty-list', 'empty-map'), at: fc.nat() }),
  fc.record({ op: fc.constant('set'), at: fc.nat(), value: fc.oneof(wrongType, unicodeText, hugeNumber) }),
  fc.record({
    op: fc.constant('deep'),
    at: fc.nat(),
    depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 490, max: 520 })),
    flow: fc.constantFrom('seq', 'map'),
  }),
);

/** Every [container, key] slot of a JSON-like tree, in a stable order. */
function slots(root: unknown): [Record<string | number, unknown>, string | number][] {
  const out: [Record<string | number, unknown>, string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      out.push([node as Record<string | number, unknown>, key]);
      stack.push((node as Record<string | number, unknown>)[key]);
    }
  }
  return out;
}

/** Deep nesting is rendered as text after stringify (the yaml stringifier itself recurses): a marker stands in. */
const deepMarker = (depth: number, flow: 'seq' | 'map') => `DEEP-${flow}-${depth}`;
const expandDeep = (text: string) =>
  text.replace(/"?DEEP-(seq|map)-(\d+)"?/g, (_, flow: string, depth: string) =>
    flow === 'seq'
      ? `${'['.repeat(Number(depth))}${']'.repeat(Number(depth))}`
      : `${'{a: '.repeat(Number(depth))}1${'}'.repeat(Number(depth))}`,
  );

function corruptObject(object: unknown, corruptions: readonly ObjectCorruption[]): unknown {
  const copy = structuredClone(object);
  for (const c of corruptions) {
    const all = slots(copy);
    if (all.length === 0) break;
    const [parent, key] = all[c.at % all.length]!;
    if (c.op === 'set') parent[key] = structuredClone(c.value);
    else if (c.op === 'deep') parent[key] = deepMarker(c.depth, c.flow);
    else if (c.op === 'null') parent[key] = null;
    else if (c.op === 'empty-list') parent[key] = [];
    else if (c.op === 'empty-map') parent[key] = {};
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  }
  return copy;
}

type TextCorruption =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'double-line' | 'drop-line' | 'tab-indent' | 'truncate'; at: number }
  | { op: 'crlf' | 'bom' };

/** YAML syntax that breaks or changes a document when dropped anywhere. */
const yamlSnippet = fc.constantFrom(
  ':',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '\t',
  '\n',
  '\r\n',
  '\r',
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '*missing',
  '<<: *a\n',
  '{{ .Values.x }}',
  '!!binary ',
  '!!int ',
  '%YAML 1.2\n',
  '# comment\n',
  '|\n',
  '>-\n',
  '? ',
  '  ',
  '\n  x: 1\n',
  'key: value\n',
  '\\',
  '\uFEFF',
);

const textCorruption: fc.Arbitrary<TextCorruption> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('insert'), at: fc.nat(), text: fc.oneof(yamlSnippet, unicodeText) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('delete'), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom('double-line', 'drop-line', 'tab-indent', 'truncate'), at: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('crlf', 'bom') }) },
);

function corruptText(text: string, corruptions: readonly TextCorruption[]): string {
  for (const c of corruptions) {
    if (c.op === 'crlf') text = text.replace(/\r?\n/g, '\r\n');
    else if (c.op === 'bom') text = `\uFEFF${text}`;
    else if ('at' in c) {
      const at = c.at % (text.length + 1);
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at) + 1;
      if (c.op === 'insert') text = text.slice(0, at) + c.text + text.slice(at);
      else if (c.op === 'delete') text = text.slice(0, at) + text.slice(at + c.length);
      else if (c.op === 'double-line')
        text = text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
      else if (c.op === 'drop-line') text = text.slice(0, lineStart) + text.slice(lineEnd);
      else if (c.op === 'tab-indent') text = text.slice(0, lineStart) + text.slice(lineStart).replace(/^ +/, '\t');
      else text = text.slice(0, at);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Files

interface GeneratedFile {
  objects: unknown[];
  /** Rendered as JSON (one object) instead of YAML. */
  json: boolean;
  indent: number;
  objectCorruptions: ObjectCorruption[][];
  textCorruptions: TextCorruption[];
}

const generatedFile = (corrupt: boolean): fc.Arbitrary<GeneratedFile> =>
  fc
    .record({
      objects: fc.array(k8sObject, { minLength: 1, maxLength: 4 }),
      json: fc.boolean(),
      indent: fc.constantFrom(2, 4),
      objectCorruptions: corrupt
        ? fc.array(fc.array(objectCorruption, { maxLength: 3 }), { maxLength: 4 })
        : fc.constant<ObjectCorruption[][]>([]),
      textCorruptions: corrupt ? fc.array(textCorruption, { maxLength: 3 }) : fc.constant<TextCorruption[]>([]),
    })
    .map((f) => ({ ...f, json: f.json && f.objects.length === 1 }));

function render(file: GeneratedFile): string {
  const objects = file.objects.map((o, i) => corruptObject(o, file.objectCorruptions[i] ?? []));
  const text = file.json
    ? `${JSON.stringify(objects[0], null, file.indent)}\n`
    : objects.map((o) => stringify(o, { indent: file.indent })).join('---\n');
  return corruptText(expandDeep(text), file.textCorruptions);
}

/** 1-4 files, sometimes corrupted (corrupt: undefined), always clean (false) or always corrupted (true). */
const sources = (corrupt?: boolean): fc.Arbitrary<SourceText[]> =>
  fc
    .array(corrupt === undefined ? fc.boolean().chain(generatedFile) : generatedFile(corrupt), {
      minLength: 1,
      maxLength: 4,
    })
    .map((files) =>
      files.map((file, i) => ({
        displayPath: `manifests/${String.fromCharCode(97 + i)}.${file.json ? 'json' : 'yaml'}`,
        text: render(file),
      })),
    );

// ---------------------------------------------------------------------------------------------------------------
// What must hold

/** Lines as positions (and editors) count them: "\n", and a lone "\r", end a line; a leading byte order mark is not content. */
function linesOf(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r(?!\n)|\n/);
}

function expectInside(
  where: string,
  span: { line: number; column: number; endLine: number; endColumn: number },
  lines: readonly string[],
): void {
  const { line, column, endLine, endColumn } = span;
  const ok =
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    Number.isInteger(endLine) &&
    Number.isInteger(endColumn) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1]!.length + 1 &&
    endLine >= 1 &&
    endLine <= lines.length &&
    endColumn >= 1 &&
    endColumn <= lines[endLine - 1]!.length + 1 &&
    (endLine > line || (endLine === line && endColumn >= column));
  if (!ok)
    throw new Error(`${where}: ${line}:${column}-${endLine}:${endColumn} is outside the file (${lines.length} lines)`);
}

function expectPositionsInside(result: LintResult, texts: ReadonlyMap<string, string>): void {
  const lines = new Map([...texts].map(([path, text]) => [path, linesOf(text)]));
  for (const f of result.findings) {
    const where = `${f.ruleId} in ${f.file} (${f.message})`;
    expect(lines.has(f.file), where).toBe(true);
    expectInside(where, f, lines.get(f.file)!);
    for (const r of f.related) {
      expect(lines.has(r.file), `${where}, related ${r.message}`).toBe(true);
      expectInside(`${where}, related ${r.message}`, r, lines.get(r.file)!);
    }
  }
}

const CONTEXT = { color: false, toolVersion: '0.0.0-test' };

/** Every format, and the endpoint table: none may throw; json and sarif must parse. */
function formatAll(result: LintResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const format of FORMAT_NAMES) out[format] = formatters[format](result, CONTEXT);
  out.endpoints = formatEndpoints(result, CONTEXT);
  out.stylishColor = formatters.stylish(result, { ...CONTEXT, color: true });
  return out;
}

function expectParsableReports(outputs: Record<string, string>): void {
  const json = JSON.parse(outputs.json!) as { findings: unknown[] };
  expect(Array.isArray(json.findings)).toBe(true);
  const sarif = JSON.parse(outputs.sarif!) as { version: string; runs: unknown[] };
  expect(sarif.version).toBe('2.1.0');
  JSON.parse(outputs.gitlab!);
}

/**
 * What depends on the apply order (files in sorted path order, documents in file order), as Kubernetes does:
 * - service-env-order: a Service applied after a workload injects no variables into its pods (whole findings);
 * - node-port-conflict: the first Service to claim a nodePort gets it, the later one is reported (whole findings);
 * - duplicate-object: the later definition of an object overwrites the earlier one and is reported (whole findings);
 * - env-var-order: only the message, which says whether a used-before-defined `$(FOO_SERVICE_HOST)` is filled by
 *   the Service's link variable (the Service was applied first) or stays literal text;
 * - duplicate Services (same namespace and name): the first in apply order is the one names resolve to
 *   (ingress-backend, dns-reference, statefulset-service, service-env-order), so inputs with duplicates are not
 *   compared.
 * Nothing else may change: lists in messages and related locations (other namespaces with a Service of that name,
 * workloads without the target port, the nearest pod template) are sorted by name, not by apply order, so that a
 * finding's message, and a baseline entry that matches it, survive renamed or reordered files.
 */
const ORDER_DEPENDENT = new Set(['service-env-order', 'node-port-conflict', 'duplicate-object']);
const ORDER_DEPENDENT_MESSAGE = new Set(['env-var-order']);

/** A finding as a line, without anything order may legitimately change (see ORDER_DEPENDENT). */
function canonical(f: Finding): string {
  const message = ORDER_DEPENDENT_MESSAGE.has(f.ruleId) ? null : f.message;
  return JSON.stringify([
    f.file,
    f.line,
    f.column,
    f.endLine,
    f.endColumn,
    f.ruleId,
    f.severity,
    message,
    f.path,
    f.object,
    f.related,
  ]);
}

/** Whether the input names the same Service twice: then name resolution depends on the order (see ORDER_DEPENDENT). */
function hasDuplicateServices(result: LintResult): boolean {
  const seen = new Set<string>();
  for (const s of result.model.services) {
    const key = `${s.namespace}/${s.name}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// The properties

describe('generated manifests through lintSources', () => {
  it(
    'never throw, place every finding inside its file, and format in every format (clean and corrupted)',
    () => {
      fc.assert(
        fc.property(sources(), (files) => {
          const result = lintSources(files);
          expectPositionsInside(result, new Map(files.map((f) => [f.displayPath, f.text])));
          expectParsableReports(formatAll(result));
        }),
        params(250),
      );
    },
    TIMEOUT,
  );

  it(
    'give clean generated manifests no parse-error and every object modelled',
    () => {
      fc.assert(
        fc.property(sources(false), (files) => {
          const result = lintSources(files);
          expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
          expect(result.summary.skippedDocuments).toBe(0);
          expect(result.summary.documents).toBe(result.summary.objects);
        }),
        params(60),
      );
    },
    TIMEOUT,
  );

  it(
    'give byte-identical output for the same input',
    () => {
      fc.assert(
        fc.property(sources(), (files) => {
          const first = formatAll(lintSources(files));
          const second = formatAll(lintSources(files.map((f) => ({ ...f }))));
          expect(second).toEqual(first);
        }),
        params(60),
      );
    },
    TIMEOUT,
  );

  it(
    'change only order-dependent findings when the files are reordered',
    () => {
      fc.assert(
        fc.property(sources(), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (files, keys) => {
          const reordered = files
            .map((f, i) => ({ f, key: keys[i]! }))
            .sort((a, b) => a.key - b.key)
            .map(({ f }) => f);
          const a = lintSources(files);
          const b = lintSources(reordered);
          // What is counted does not depend on the order.
          const { files: n, documents, objects, skippedDocuments } = a.summary;
          expect({ files: n, documents, objects, skippedDocuments }).toEqual({
            files: b.summary.files,
            documents: b.summary.documents,
            objects: b.summary.objects,
            skippedDocuments: b.summary.skippedDocuments,
          });
          if (hasDuplicateServices(a)) return;
          const stable = (r: LintResult) =>
            r.findings
              .filter((f) => !ORDER_DEPENDENT.has(f.ruleId))
              .map(canonical)
              .sort();
          expect(stable(b)).toEqual(stable(a));
        }),
        params(120),
      );
    },
    TIMEOUT,
  );
});

describe('what depends on the apply order (ORDER_DEPENDENT), in both orders', () => {
  const api = stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api' },
    spec: { type: 'NodePort', selector: { app: 'api' }, ports: [{ port: 8080, nodePort: 30080 }] },
  });
  const web = (env: { name: string; value: string }[]) =>
    stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'web:1', env }] },
        },
      },
    });
  const lint = (...texts: string[]) =>
    lintSources(texts.map((text, i) => ({ displayPath: `${i}.yaml`, text }))).findings.filter(
      (f) => f.ruleId !== 'orphan-service',
    );

  it('service-env-order: a Service applied after the workload injects no variables', () => {
    const deploy = web([{ name: 'API', value: '$(API_SERVICE_HOST)' }]);
    expect(lint(api, deploy).map((f) => f.ruleId)).toEqual([]);
    expect(lint(deploy, api).map((f) => f.ruleId)).toEqual(['service-env-order']);
  });

  it('env-var-order: only the message, which says whether the link variable fills the early use', () => {
    const deploy = web([
      { name: 'URL', value: '$(API_SERVICE_HOST)' },
      { name: 'API_SERVICE_HOST', value: 'api' },
    ]);
    const before = lint(api, deploy);
    const after = lint(deploy, api);
    expect(before.map((f) => [f.ruleId, f.line, f.column])).toEqual(after.map((f) => [f.ruleId, f.line, f.column]));
    expect(before.map((f) => f.message)).toEqual([
      expect.stringContaining('takes the link variable of Service default/api instead'),
    ]);
    expect(after.map((f) => f.message)).toEqual([expect.stringContaining('stays in URL as literal text')]);
  });

  it('node-port-conflict: the first Service to claim a nodePort gets it, the later one is reported', () => {
    const other = api.replace('name: api', 'name: other');
    expect(lint(api, other).map((f) => [f.ruleId, f.file])).toEqual([['node-port-conflict', '1.yaml']]);
    expect(lint(other, api).map((f) => [f.ruleId, f.file])).toEqual([['node-port-conflict', '1.yaml']]);
    expect(lint(api, other)[0]!.object!.name).toBe('other');
    expect(lint(other, api)[0]!.object!.name).toBe('api');
  });

  it('duplicate-object: the later definition overwrites the earlier one and is the one reported', () => {
    const settings = (mode: string) =>
      stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode } });
    const fast = settings('fast');
    const safe = settings('safe');
    expect(lint(fast, safe).map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([
      ['duplicate-object', '1.yaml', 4, 9],
    ]);
    expect(lint(safe, fast).map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([
      ['duplicate-object', '1.yaml', 4, 9],
    ]);
    expect(lint(fast, safe)[0]!.related).toEqual([expect.objectContaining({ file: '0.yaml', line: 4, column: 9 })]);
  });
});

describe('the CLI (runCli) on generated files', () => {
  let run = 0;

  /** Bytes as they may arrive: the rendered text, or the text's UTF-8 with a few raw bytes written over it. */
  const fileBytes = fc.tuple(
    sources(),
    fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 1, max: 255 }) }), { maxLength: 2 }),
  );

  it(
    'exits 0 or 1 with nothing on stderr, and its json report parses and places findings inside the files',
    async () => {
      await fc.assert(
        fc.asyncProperty(fileBytes, async ([files, patches]) => {
          const dir = `run-${run++}`;
          const written = new Map<string, string>();
          const raw: Record<string, Uint8Array> = {};
          files.forEach((f, i) => {
            const bytes = Buffer.from(f.text, 'utf8');
            if (i === 0) for (const p of patches) if (bytes.length > 0) bytes[p.at % bytes.length] = p.byte;
            raw[`${dir}/${f.displayPath}`] = bytes;
            // What the loader reads: lossy UTF-8 (binary files are not read at all, their finding is at 1:1).
            written.set(`${dir}/${f.displayPath}`, bytes.includes(0) ? '' : decode(bytes).text);
          });
          const tree = writeFixture(raw);
          try {
            const json = await cli(['--format', 'json', dir], { cwd: tree.dir });
            expect(json.stderr).toBe('');
            expect([0, 1]).toContain(json.code);
            const report = JSON.parse(json.stdout) as { findings: Finding[] };
            expectPositionsInside({ findings: report.findings } as LintResult, written);
            const sarif = await cli(['--format', 'sarif', dir], { cwd: tree.dir });
            expect(sarif.code).toBe(json.code);
            JSON.parse(sarif.stdout);
            // The same files again: the same bytes out.
            expect((await cli(['--format', 'json', dir], { cwd: tree.dir })).stdout).toBe(json.stdout);
          } finally {
            tree.remove();
          }
        }),
        params(30),
      );
    },
    TIMEOUT,
  );
});

describe('decoding bytes', () => {
  it(
    'places an encoding problem at the first invalid byte (the first U+FFFD of the lossy reading)',
    () => {
      const chunk = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 6 }).map((s) => Buffer.from(s.replace(/\0|\uFFFD/g, ''), 'utf8')),
        fc.uint8Array({ minLength: 1, maxLength: 4, min: 1 }),
        fc
          .constantFrom(
            [0xed, 0xa0, 0x80],
            [0xe0, 0x80, 0x80],
            [0xf4, 0x90, 0x80, 0x80],
            [0xc0, 0x80],
            [0xf0, 0x8f, 0xbf, 0xbf],
            [0xe2, 0x82],
          )
          .map((b) => Uint8Array.from(b)),
      );
      fc.assert(
        fc.property(fc.array(chunk, { maxLength: 6 }), (chunks) => {
          const bytes = Buffer.concat(chunks);
          const result = decode(bytes);
          const literalReplacement = bytes.includes(Buffer.from('\uFFFD', 'utf8'));
          if (result.encodingProblem === null) {
            expect(result.text).toBe(bytes.toString('utf8'));
          } else if (!literalReplacement) {
            expect(result.encodingProblemOffset).toBe(result.text.indexOf('\uFFFD'));
          }
        }),
        params(500),
      );
    },
    TIMEOUT,
  );
});

describe('worker threads on generated files (the built package)', () => {
  const repoRoot = path.resolve(import.meta.dirname, '..');
  let built: typeof import('../src/index.js');
  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'model-worker.js'))) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    built = (await import(
      pathToFileURL(path.join(repoRoot, 'dist', 'src', 'index.js')).href
    )) as typeof import('../src/index.js');
  }, 120_000);

  it(
    'give the same JSON report on two threads as on one',
    async () => {
      await fc.assert(
        fc.asyncProperty(sources(), async (files) => {
          const tree = writeFixture(Object.fromEntries(files.map((f) => [f.displayPath, f.text])));
          try {
            const report = async (threads: number) => {
              const result = await built.lintPaths(['manifests'], { cwd: tree.dir, threads });
              expect(result.threads).toBe(Math.min(threads, files.length));
              return built.formatters.json(result, { color: false, toolVersion: 'test' });
            };
            expect(await report(2)).toBe(await report(1));
          } finally {
            tree.remove();
          }
        }),
        params(20),
      );
    },
    TIMEOUT,
  );
});
