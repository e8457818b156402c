// The loader: files, folders, globs and stdin in; documents, objects and exactly placed problems out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/lint-paths.js';
import { modelFile } from '../src/input/model-file.js';
import { resolveInputs, UsageError } from '../src/input/inputs.js';
import type { Finding } from '../src/lint.js';
import type { WorkloadModel } from '../src/model/types.js';
import { cli, docs, lint, span, writeFixture, type TempDir } from './helpers.js';

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
`;

/** An orphan Service: its selector key is at 6:3-6:11, its targetPort value at 10:19-10:23. */
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

const ORPHAN_MESSAGE =
  'Service default/web selects app=web, but no pod template in namespace default has these labels, so it has no endpoints';

/** Pods with app=web that declare port 80 only: SERVICE's targetPort 8080 is then undeclared. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 80
`;

const byRule = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);
const parseErrors = (findings: Finding[]) =>
  byRule(findings, 'parse-error').map((f) => ({ file: f.file, span: span(f), message: f.message }));

describe('positions', () => {
  it('are 1-based lines and columns with an exclusive end column', () => {
    const result = lint(SERVICE);
    const [orphan] = byRule(result.findings, 'orphan-service');
    expect(orphan).toMatchObject({
      file: 'test.yaml',
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 11,
      message: ORPHAN_MESSAGE,
      path: 'spec.selector',
    });
    expect(orphan!.object).toEqual({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' });
  });

  it('point at a scalar value exactly, counting lines across documents', () => {
    const result = lint(docs(configMap('first'), SERVICE, DEPLOYMENT));
    const findings = byRule(result.findings, 'target-port-mismatch');
    // SERVICE starts on line 6 (4 lines of ConfigMap, then "---"): targetPort 8080 is on line 15, columns 19-22.
    expect(findings.map((f) => [f.severity, ...span(f), f.path])).toEqual([
      ['warning', 15, 19, 15, 23, 'spec.ports[0].targetPort'],
    ]);
  });

  it('are per file: each file counts from line 1', () => {
    const result = lint({
      'a.yaml': docs(configMap('x'), SERVICE),
      'b.yaml': SERVICE.replace('name: web', 'name: web2'),
    });
    expect(byRule(result.findings, 'orphan-service').map((f) => [f.file, ...span(f)])).toEqual([
      ['a.yaml', 11, 3, 11, 11],
      ['b.yaml', 6, 3, 6, 11],
    ]);
  });

  it('are the same for flow-style mappings', () => {
    const result = lint(SERVICE.replace('  selector:\n    app: web\n', '  selector: {app: web}\n'));
    expect(byRule(result.findings, 'orphan-service').map(span)).toEqual([[6, 3, 6, 11]]);
  });

  it('span several lines when the node does', () => {
    // A list document runs from its first item to the start of the line after it.
    expect(parseErrors(lint('- a\n- b\n').findings).map((p) => p.span)).toEqual([[1, 1, 3, 1]]);
  });
});

describe('documents and objects', () => {
  it('keep document order within a file and file order across files (apply order)', () => {
    const result = lint({
      'b.yaml': docs(configMap('one'), configMap('two')),
      'a.yaml': docs(configMap('three'), configMap('four')),
    });
    // lintSources keeps the order it is given; lintPaths sorts paths first (tested below).
    expect(result.model.objects.map((o) => [o.name, o.order, result.model.files[o.fileId]!.path])).toEqual([
      ['one', 0, 'b.yaml'],
      ['two', 1, 'b.yaml'],
      ['three', 2, 'a.yaml'],
      ['four', 3, 'a.yaml'],
    ]);
    expect(result.summary).toMatchObject({ files: 2, documents: 4, objects: 4, skippedDocuments: 0 });
  });

  it('expand `kind: List` and `*List` items into objects, and report items that are not mappings', () => {
    const result = lint(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: one
  - 42
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: two
---
apiVersion: v1
kind: ServiceList
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: web
      ports:
        - port: 80
`);
    expect(result.model.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'ConfigMap/one',
      'Namespace/two',
      'Service/web',
    ]);
    expect(result.model.services.map((s) => s.name)).toEqual(['web']);
    expect(parseErrors(result.findings)).toEqual([
      { file: 'test.yaml', span: [8, 5, 8, 7], message: 'List item is not a Kubernetes object (a mapping)' },
    ]);
    // Findings about a List item point into the item.
    expect(byRule(result.findings, 'orphan-service').map(span)).toEqual([[22, 7, 22, 15]]);
    expect(result.summary).toMatchObject({ documents: 2, objects: 3, skippedDocuments: 0 });
  });

  it('skip empty documents, comment-only documents and mappings without apiVersion or kind, but count them', () => {
    const result = lint(`# a comment before the first --- belongs to the document that --- starts (empty here)
---
---
# a comment-only document
# over two lines
---
foo: bar
---
apiVersion: v1
metadata:
  name: no-kind
---
kind: ConfigMap
metadata:
  name: no-api-version
---
${configMap('real')}---
`);
    expect(result.findings).toEqual([]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['real']);
    expect(result.summary).toEqual({
      files: 1,
      documents: 7,
      objects: 1,
      skippedDocuments: 6,
      errors: 0,
      warnings: 0,
      notes: 0,
      suppressed: 0,
    });
  });

  it('count an empty file as no documents', () => {
    expect(lint('').summary).toMatchObject({ files: 1, documents: 0, objects: 0, skippedDocuments: 0 });
    expect(lint('\n\n').summary).toMatchObject({ files: 1, documents: 0, objects: 0, skippedDocuments: 0 });
  });

  it('read JSON files as YAML', () => {
    const result = lint({
      'cm.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-json", "namespace": "shop"}}\n',
    });
    expect(result.model.objects.map((o) => [o.kind, o.name, o.namespace])).toEqual([
      ['ConfigMap', 'from-json', 'shop'],
    ]);
  });

  it('skip JSON that is no Kubernetes object or List silently, counting it, however broken', () => {
    const result = lint({
      'package-lock.json': '{\n  "name": "shop",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n',
      'tsconfig.json': '{\n  /* strict */ "compilerOptions": { "strict": true, },\n}\n',
      'renovate.json': '{"extends": ["config:recommended"], "extends": ["again"]}\n',
      'list.json': '[{"apiVersion": "v1", "kind": "ConfigMap"}]\n',
      'schema.json':
        '{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}}}\n',
      'truncated.json': '{"dashboard": {"panels": [\n',
    });
    expect(result.findings).toEqual([]);
    expect(result.summary).toMatchObject({ files: 6, documents: 6, objects: 0, skippedDocuments: 6 });
  });

  it('still report a broken JSON file that has the keys of a Kubernetes object, and a duplicate key in one', () => {
    const result = lint({
      'broken.json': '{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "x"}\n',
      'dup.json':
        '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "name": "b"}}]}\n',
    });
    expect(parseErrors(result.findings)).toEqual([
      { file: 'broken.json', span: [3, 1, 3, 1], message: 'YAML syntax error: Flow map must end with a }' },
      { file: 'dup.json', span: [1, 116, 1, 122], message: 'YAML duplicate key: Map keys must be unique' },
    ]);
    expect(result.model.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/b']);
  });
});

describe('bad input: a parse-error at the exact position, and everything else still analysed', () => {
  /** The bad document sits between two good ones, so its lines are shifted by 5 (4 lines of ConfigMap and "---"). */
  const cases: {
    name: string;
    bad: string;
    span: [number, number, number, number];
    message: string | RegExp;
    objects?: string[];
  }[] = [
    {
      name: 'YAML syntax error (tab indentation)',
      bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabbed\n',
      span: [9, 1, 9, 2],
      message: 'YAML syntax error: Tabs are not allowed as indentation',
    },
    {
      name: 'YAML syntax error (a colon in a plain value)',
      bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n',
      span: [9, 9, 9, 10],
      message: 'YAML syntax error: Nested mappings are not allowed in compact mappings',
    },
    {
      name: 'duplicate key (the object is still modelled, the last value wins)',
      bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup-last\n',
      span: [10, 3, 10, 7],
      message: 'YAML duplicate key: Map keys must be unique',
      objects: ['before', 'dup-last', 'after', 'web'],
    },
    {
      name: 'unrendered Helm template that YAML cannot parse (one finding, with the helm template hint)',
      bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chart\n  labels:\n    {{- include "chart.labels" . | nindent 4 }}\ndata:\n  {{- range .Values.items }}\n  {{ . }}: x\n  {{- end }}\n',
      span: [11, 7, 11, 9],
      message:
        'YAML syntax error: Block collections are not allowed within flow collections; this looks like an unrendered Helm template; render it first, e.g. `helm template . | svclint -`',
    },
    {
      name: 'unrendered `{{ .Values.x }}` that YAML accepts as a flow mapping',
      bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
      span: [9, 9, 9, 27],
      message:
        'Unrendered template expression: this looks like an unrendered Helm template; render it first, e.g. `helm template . | svclint -`',
    },
    {
      name: 'a document that is a scalar',
      bad: 'just some text\n',
      span: [6, 1, 6, 15],
      message: 'Document is a scalar value, not a Kubernetes object (a mapping with apiVersion and kind)',
    },
    {
      name: 'a document that is a list',
      bad: '- apiVersion: v1\n  kind: ConfigMap\n',
      span: [6, 1, 8, 1],
      message: 'Document is a list, not a Kubernetes object (a mapping with apiVersion and kind)',
    },
    {
      name: 'an alias with no anchor before it',
      bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *missing\n',
      span: [9, 9, 9, 17],
      message: 'YAML alias *missing refers to no anchor before it; document not analysed',
    },
    {
      name: 'an alias inside the node it refers to',
      bad: 'apiVersion: v1\nkind: List\nitems: &items\n  - apiVersion: v1\n    kind: List\n    items: *items\n',
      span: [11, 12, 11, 18],
      message: 'YAML alias *items is inside the node it refers to, so it expands without end; document not analysed',
    },
  ];

  it.each(cases)('$name', ({ bad, span: expectedSpan, message, objects }) => {
    const result = lint({ 'bad.yaml': docs(configMap('before'), bad, configMap('after')), 'other.yaml': SERVICE });
    const problems = parseErrors(result.findings);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe('bad.yaml');
    expect(problems[0]!.span).toEqual(expectedSpan);
    if (typeof message === 'string') expect(problems[0]!.message).toBe(message);
    else expect(problems[0]!.message).toMatch(message);
    expect(result.model.objects.map((o) => o.name)).toEqual(objects ?? ['before', 'after', 'web']);
    expect(byRule(result.findings, 'orphan-service').map((f) => [f.file, ...span(f)])).toEqual([
      ['other.yaml', 6, 3, 6, 11],
    ]);
    expect(result.summary).toMatchObject({ files: 2, documents: 4, skippedDocuments: 0 });
  });

  it('treats {{ }} inside quoted, block and plain string values as ordinary text', () => {
    const result = lint(`apiVersion: v1
kind: ConfigMap
metadata:
  name: alerts
data:
  double: "{{ .Values.x }}"
  single: '{{ .Values.y }}'
  literal: |
    {{ if .Values.enabled }}on{{ end }}
  folded: >
    {{ .Values.z }}
  plain: prefix-{{ .Values.w }}
`);
    expect(result.findings).toEqual([]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['alerts']);
  });

  describe('alias bombs', () => {
    // The classic billion laughs: 9^9 strings if expanded, in the pod labels of a Deployment.
    const levels = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 8; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const billionLaughs = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: lol
spec:
  selector:
    matchLabels:
      app: lol
  template:
    metadata:
      labels:
        app: lol
${levels.map((l) => `        ${l}\n`).join('')}    spec:
      containers:
        - name: lol
          image: nginx
`;
    const BOMB = 'YAML aliases expand to more than 10000 nodes (an alias bomb?); document not analysed';

    it('reports a billion laughs in labels at the alias that crosses the limit, fast, and goes on', () => {
      const started = performance.now();
      const result = lint({ 'bomb.yaml': docs(billionLaughs, configMap('after')), 'other.yaml': SERVICE });
      expect(performance.now() - started).toBeLessThan(2000);
      // Sizes: l0 10 nodes, l1 91, l2 820, l3 7381; the aliases of l1-l3 add 8289 nodes, the first *l3 passes 10000.
      expect(parseErrors(result.findings)).toEqual([{ file: 'bomb.yaml', span: [17, 18, 17, 21], message: BOMB }]);
      expect(result.model.objects.map((o) => o.name)).toEqual(['after', 'web']);
      expect(byRule(result.findings, 'orphan-service')).toHaveLength(1);
    });

    it('reports nested `kind: List` aliases that modelling would expand into billions of objects', () => {
      let bomb = 'apiVersion: v1\nkind: List\nx0: &x0 {apiVersion: v1, kind: ConfigMap, metadata: {name: lol}}\n';
      for (let i = 1; i <= 8; i++)
        bomb += `x${i}: &x${i} {apiVersion: v1, kind: List, items: [${Array(9)
          .fill(`*x${i - 1}`)
          .join(', ')}]}\n`;
      bomb += `items: [${Array(9).fill('*x8').join(', ')}]\n`;
      const started = performance.now();
      const result = lint(docs(bomb, configMap('after')));
      expect(performance.now() - started).toBeLessThan(2000);
      // Sizes: x0 9 nodes, x1 88, x2 799, x3 7198; the aliases of x1-x3 add 8064 nodes, the first *x3 (line 7) passes 10000.
      expect(parseErrors(result.findings)).toEqual([{ file: 'test.yaml', span: [7, 46, 7, 49], message: BOMB }]);
      expect(result.model.objects.map((o) => o.name)).toEqual(['after']);
      // The rejected document hands out no apply-order positions.
      expect(result.model.objects[0]!.order).toBe(0);
    });

    it('resolves thousands of ordinary aliases in linear time', () => {
      const values = Array(9000).fill('*tier').join(', ');
      const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    tier: &tier frontend
spec:
  selector:
    matchExpressions:
      - key: tier
        operator: In
        values: [${values}]
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
        - name: web
          image: nginx
`;
      const started = performance.now();
      const model = modelFile({ displayPath: 'many.yaml', text }, 0, {});
      // Resolving each alias by walking the whole document took about 5 s here; now it is about 0.2 s.
      expect(performance.now() - started).toBeLessThan(2500);
      expect(model.problems).toEqual([]);
      const [workload] = model.objects as WorkloadModel[];
      expect(workload!.selector!.matchExpressions![0]!.values).toHaveLength(9000);
      expect(new Set(workload!.selector!.matchExpressions![0]!.values)).toEqual(new Set(['frontend']));
    });
  });
});

describe('reading files', () => {
  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({
      'binary.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x61, 0x3a, 0x0a]),
      'latin1.yaml': Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: latin1\ndata:\n  x: "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\n'),
      ]),
      'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('just text\n---\n' + SERVICE)]),
      'crlf.yaml': docs(configMap('first'), SERVICE, DEPLOYMENT).replace(/\n/g, '\r\n'),
      'crlf-bad.yaml': 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  name: b\r\n',
      'good.yaml': configMap('good'),
    });
  });
  afterAll(() => fixture.remove());

  const lintFile = (...names: string[]) => lintPaths(names, { cwd: fixture.dir });

  it('reports a binary file (NUL bytes) at 1:1 without reading documents from it, and goes on with the others', async () => {
    const result = await lintFile('binary.yaml', 'good.yaml');
    expect(parseErrors(result.findings)).toEqual([
      {
        file: 'binary.yaml',
        span: [1, 1, 1, 1],
        message: 'binary file (it contains NUL bytes), not YAML or JSON; not analysed',
      },
    ]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['good']);
    expect(result.summary).toMatchObject({ files: 2, documents: 1, objects: 1 });
  });

  it('reports invalid UTF-8 at the first bad character and still models the file', async () => {
    const result = await lintFile('latin1.yaml');
    expect(parseErrors(result.findings)).toEqual([
      {
        file: 'latin1.yaml',
        span: [6, 10, 6, 11],
        message: 'file is not valid UTF-8; invalid bytes were read as U+FFFD',
      },
    ]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['latin1']);
  });

  it('keeps positions right after a UTF-8 byte order mark', async () => {
    const result = await lintFile('bom.yaml');
    expect(result.findings.map((f) => [f.ruleId, ...span(f)])).toEqual([
      ['parse-error', 1, 1, 1, 10],
      ['orphan-service', 8, 3, 8, 11],
    ]);
  });

  it('keeps positions right with CRLF line endings (the end column stops before \\r)', async () => {
    const result = await lintFile('crlf.yaml', 'crlf-bad.yaml');
    expect(result.findings.map((f) => [f.file, f.ruleId, ...span(f)])).toEqual([
      ['crlf-bad.yaml', 'parse-error', 5, 3, 5, 7],
      ['crlf.yaml', 'target-port-mismatch', 15, 19, 15, 23],
    ]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['b', 'first', 'web', 'web']);
  });
});

describe('inputs: files, folders, globs and standard input', () => {
  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({
      'root/b.yaml': configMap('b'),
      'root/a/z.yml': configMap('a-z'),
      'root/a/y.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a-y"}}\n',
      'root/a/readme.md': '# not a manifest\n',
      'root/a/notes.txt': 'kind: nope\n',
      'root/A.yaml': configMap('upper'),
      'root/deep/er/est.yaml': configMap('deep'),
      'root/node_modules/pkg/x.yaml': configMap('ignored-node-modules'),
      'root/sub/node_modules/y.yaml': configMap('ignored-nested-node-modules'),
      'root/.git/config.yaml': configMap('ignored-git'),
      'empty/readme.txt': 'nothing here\n',
      'empty/node_modules/x.yaml': configMap('ignored'),
    });
  });
  afterAll(() => fixture.remove());

  const display = async (args: string[], cwd = fixture.dir) =>
    (await resolveInputs(args, cwd)).map((i) => i.displayPath);

  it('searches folders recursively for *.yaml, *.yml and *.json, skipping node_modules and .git, in sorted path order', async () => {
    expect(await display(['root'])).toEqual([
      'root/A.yaml',
      'root/a/y.json',
      'root/a/z.yml',
      'root/b.yaml',
      'root/deep/er/est.yaml',
    ]);
    expect(await display(['.'], fixture.path('root'))).toEqual([
      'A.yaml',
      'a/y.json',
      'a/z.yml',
      'b.yaml',
      'deep/er/est.yaml',
    ]);
  });

  it('gives absolute paths and display paths relative to cwd with forward slashes', async () => {
    const [first] = await resolveInputs(['root/deep'], fixture.dir);
    expect(first).toEqual({
      path: fixture.path('root', 'deep', 'er', 'est.yaml'),
      displayPath: 'root/deep/er/est.yaml',
    });
    expect(await display([fixture.path('root', 'b.yaml')], fixture.path('empty'))).toEqual(['../root/b.yaml']);
  });

  it('lints in sorted path order, whatever order the paths were given in, and lists each file once', async () => {
    const result = await lintPaths(['root/b.yaml', 'root/a', 'root/a/z.yml', 'root/A.yaml'], { cwd: fixture.dir });
    expect(result.model.files.map((f) => f.path)).toEqual([
      'root/A.yaml',
      'root/a/y.json',
      'root/a/z.yml',
      'root/b.yaml',
    ]);
    expect(result.model.objects.map((o) => [o.name, o.order])).toEqual([
      ['upper', 0],
      ['a-y', 1],
      ['a-z', 2],
      ['b', 3],
    ]);
  });

  it('takes a file of any extension when it is named explicitly', async () => {
    expect(await display(['root/a/notes.txt'])).toEqual(['root/a/notes.txt']);
  });

  it('expands globs relative to cwd, without node_modules', async () => {
    expect(await display(['root/**/*.yaml'])).toEqual(['root/A.yaml', 'root/b.yaml', 'root/deep/er/est.yaml']);
    expect(await display(['root/a/*.{yml,json}'])).toEqual(['root/a/y.json', 'root/a/z.yml']);
  });

  it('reads "-" from standard input, after the files', async () => {
    let reads = 0;
    const result = await lintPaths(['-', 'root/b.yaml'], {
      cwd: fixture.dir,
      readStdin: async () => {
        reads++;
        return Buffer.from(SERVICE);
      },
    });
    expect(reads).toBe(1);
    expect(result.model.files.map((f) => f.path)).toEqual(['root/b.yaml', '-']);
    expect(byRule(result.findings, 'orphan-service').map((f) => [f.file, ...span(f)])).toEqual([['-', 6, 3, 6, 11]]);
  });

  it.each([
    [['root/missing.yaml'], 'root/missing.yaml: no such file or directory'],
    [['root/**/*.nothing'], 'root/**/*.nothing: no files match this pattern'],
    [['empty'], 'empty: no *.yaml, *.yml or *.json files in this folder'],
    [['root/b.yaml', 'nope'], 'nope: no such file or directory'],
  ])('rejects %j as a usage error (exit code 2 from the CLI)', async (args, message) => {
    const error = await resolveInputs(args, fixture.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    const run = await cli(args, { cwd: fixture.dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: `svclint: ${message}\n` });
  });
});

describe('namespaces', () => {
  const objects = docs(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: explicit\n  namespace: shop\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: implicit\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty-namespace\n  namespace: ""\n',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n  namespace: ignored\n',
    'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n',
  );
  const namespaces = (defaultNamespace?: string) =>
    lint(objects, defaultNamespace === undefined ? {} : { defaultNamespace }).model.objects.map((o) => [
      o.name,
      o.namespace,
    ]);

  it('use metadata.namespace, else "default"; cluster-scoped kinds have none', () => {
    expect(namespaces()).toEqual([
      ['explicit', 'shop'],
      ['implicit', 'default'],
      ['empty-namespace', 'default'],
      ['shop', null],
      ['reader', null],
      ['fast', null],
    ]);
  });

  it('use --namespace (defaultNamespace) for namespaced objects that name none', () => {
    expect(namespaces('ci')).toEqual([
      ['explicit', 'shop'],
      ['implicit', 'ci'],
      ['empty-namespace', 'ci'],
      ['shop', null],
      ['reader', null],
      ['fast', null],
    ]);
  });

  it('reach the CLI: --namespace places Services and the pods they select', async () => {
    const fixture = writeFixture({ 'app.yaml': docs(SERVICE, DEPLOYMENT) });
    try {
      const run = await cli(['--namespace', 'shop', '--format', 'json', 'app.yaml'], { cwd: fixture.dir });
      const report = JSON.parse(run.stdout);
      expect(report.services.map((s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`)).toEqual([
        'shop/web',
      ]);
      expect(report.services[0].ports[0].endpoints).toEqual([
        { kind: 'Deployment', name: 'web', container: null, containerPort: 8080, replicas: 1, ready: true },
      ]);
    } finally {
      fixture.remove();
    }
  });
});

describe('workloads', () => {
  const MANIFESTS = docs(
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy
spec:
  replicas: 3
  selector:
    matchLabels:
      app: deploy
    matchExpressions:
      - key: track
        operator: NotIn
        values: [canary]
  template:
    metadata:
      labels:
        app: deploy
    spec:
      containers:
        - name: app
          ports:
            - name: http
              containerPort: 8080
            - containerPort: 53
              protocol: UDP
`,
    `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  selector:
    matchLabels:
      app: rs
  template:
    metadata:
      labels:
        app: rs
    spec:
      containers:
        - name: app
`,
    `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: sts
spec:
  replicas: 2
  serviceName: sts
  selector:
    matchLabels:
      app: sts
  template:
    metadata:
      labels:
        app: sts
    spec:
      containers:
        - name: db
          ports:
            - containerPort: 5432
`,
    `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  replicas: 7
  selector:
    matchLabels:
      app: ds
  template:
    metadata:
      labels:
        app: ds
    spec:
      containers:
        - name: agent
`,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: job
spec:
  parallelism: 4
  selector:
    matchLabels:
      app: job
  template:
    metadata:
      labels:
        app: job
    spec:
      restartPolicy: Never
      containers:
        - name: work
`,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: manual-job
spec:
  manualSelector: true
  selector:
    matchLabels:
      app: manual
  template:
    metadata:
      labels:
        app: manual
    spec:
      restartPolicy: Never
      containers:
        - name: work
`,
    `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cron
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      parallelism: 2
      template:
        metadata:
          labels:
            app: cron
        spec:
          restartPolicy: OnFailure
          containers:
            - name: tick
`,
    `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  replicas: 5
  selector:
    app: rc
  template:
    metadata:
      labels:
        app: rc
        version: v1
    spec:
      containers:
        - name: app
`,
    `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc-defaulted
spec:
  template:
    metadata:
      labels:
        app: rc-defaulted
        version: v2
    spec:
      containers:
        - name: app
`,
    `apiVersion: v1
kind: Pod
metadata:
  name: pod
  labels:
    app: pod
spec:
  containers:
    - name: app
      ports:
        - name: http
          containerPort: 80
`,
    `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: rollout
spec:
  replicas: 6
  selector:
    matchLabels:
      app: rollout
  template:
    metadata:
      labels:
        app: rollout
    spec:
      containers:
        - name: app
          ports:
            - name: http
              containerPort: 8080
`,
    `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  replicas: 3
  podMetadata:
    labels:
      app: alertmanager
`,
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: not-a-workload
`,
  );

  const describeWorkload = (w: WorkloadModel) => ({
    kind: w.kind,
    name: w.name,
    podLabels: w.podLabels,
    selector: w.selector,
    replicas: w.replicas,
    containers: w.containers.map((c) =>
      `${c.role} ${c.name}: ${c.ports.map((p) => `${p.name ?? '-'}/${p.containerPort}/${p.protocol}`).join(' ')}`.trimEnd(),
    ),
  });

  it('extracts every workload kind: pod labels, selector, replica count and containers', () => {
    const { model } = lint(MANIFESTS);
    expect(model.workloads.map(describeWorkload)).toEqual([
      {
        kind: 'Deployment',
        name: 'deploy',
        podLabels: { app: 'deploy' },
        selector: {
          matchLabels: { app: 'deploy' },
          matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }],
        },
        replicas: 3,
        containers: ['container app: http/8080/TCP -/53/UDP'],
      },
      {
        kind: 'ReplicaSet',
        name: 'rs',
        podLabels: { app: 'rs' },
        selector: { matchLabels: { app: 'rs' } },
        replicas: 1,
        containers: ['container app:'],
      },
      {
        kind: 'StatefulSet',
        name: 'sts',
        podLabels: { app: 'sts' },
        selector: { matchLabels: { app: 'sts' } },
        replicas: 2,
        containers: ['container db: -/5432/TCP'],
      },
      {
        kind: 'DaemonSet',
        name: 'ds',
        podLabels: { app: 'ds' },
        selector: { matchLabels: { app: 'ds' } },
        replicas: 'per-node',
        containers: ['container agent:'],
      },
      // Without manualSelector the Job controller makes its own selector, so the one written is not used.
      {
        kind: 'Job',
        name: 'job',
        podLabels: { app: 'job' },
        selector: null,
        replicas: 4,
        containers: ['container work:'],
      },
      {
        kind: 'Job',
        name: 'manual-job',
        podLabels: { app: 'manual' },
        selector: { matchLabels: { app: 'manual' } },
        replicas: 1,
        containers: ['container work:'],
      },
      {
        kind: 'CronJob',
        name: 'cron',
        podLabels: { app: 'cron' },
        selector: null,
        replicas: 2,
        containers: ['container tick:'],
      },
      {
        kind: 'ReplicationController',
        name: 'rc',
        podLabels: { app: 'rc', version: 'v1' },
        selector: { matchLabels: { app: 'rc' } },
        replicas: 5,
        containers: ['container app:'],
      },
      // An RC without a selector gets its template labels (SetDefaults_ReplicationController).
      {
        kind: 'ReplicationController',
        name: 'rc-defaulted',
        podLabels: { app: 'rc-defaulted', version: 'v2' },
        selector: { matchLabels: { app: 'rc-defaulted', version: 'v2' } },
        replicas: 1,
        containers: ['container app:'],
      },
      {
        kind: 'Pod',
        name: 'pod',
        podLabels: { app: 'pod' },
        selector: null,
        replicas: 1,
        containers: ['container app: http/80/TCP'],
      },
      {
        kind: 'Rollout',
        name: 'rollout',
        podLabels: { app: 'rollout' },
        selector: { matchLabels: { app: 'rollout' } },
        replicas: 6,
        containers: ['container app: http/8080/TCP'],
      },
    ]);
    expect(
      model.objects
        .filter((o) => o.category === 'operator-resource')
        .map((o) => [o.kind, o.name, 'podLabels' in o ? o.podLabels : null]),
    ).toEqual([['Alertmanager', 'main', { app: 'alertmanager' }]]);
    expect(model.objects.find((o) => o.name === 'not-a-workload')!.category).toBe('config-map');
  });

  it('tells sidecar init containers (restartPolicy: Always) from ordinary init containers', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      initContainers:
        - name: migrate
          ports:
            - name: migrate
              containerPort: 9000
        - name: proxy
          restartPolicy: Always
          ports:
            - name: proxy
              containerPort: 15001
      containers:
        - name: app
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: via-sidecar
      port: 80
      targetPort: proxy
    - name: via-init
      port: 9000
      targetPort: migrate
`;
    const result = lint(text);
    expect(describeWorkload(result.model.workloads[0]!).containers).toEqual([
      'container app: http/8080/TCP',
      'init migrate: migrate/9000/TCP',
      'sidecar proxy: proxy/15001/TCP',
    ]);
    // A sidecar serves its ports; an ordinary init container has exited before the pod is ready.
    const [viaSidecar, viaInit] = result.analysis.endpoints[0]!.ports;
    expect(viaSidecar!.endpoints.map((e) => [e.container, e.containerPort])).toEqual([['proxy', 15001]]);
    expect(viaInit!.endpoints).toEqual([]);
    expect(byRule(result.findings, 'target-port-mismatch').map((f) => [f.severity, f.path, ...span(f)])).toEqual([
      ['error', 'spec.ports[1].targetPort', 43, 19, 43, 26],
    ]);
  });
});

describe('YAML merge keys and text in memory', () => {
  it('reads labels, selectors and ports through << merge keys, own keys overriding merged ones', () => {
    const result = lint(`apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &common
    app: web
spec:
  selector:
    matchLabels:
      <<: *common
  template:
    metadata:
      labels:
        <<: *common
        tier: frontend
    spec:
      containers:
        - name: app
          image: example/web:1.0
          ports:
            - name: http
              containerPort: 8080
`);
    expect(result.findings).toEqual([]);
    const deployment = result.model.workloads[0]!;
    expect(deployment.podLabels).toEqual({ app: 'web', tier: 'frontend' });
    expect(deployment.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(result.analysis.endpoints[0]!.ports[0]!.endpoints.map((e) => e.containerPort)).toEqual([8080]);
  });

  it('gives the first merged mapping precedence and the mapping itself the last word', () => {
    const result = lint(`x-defaults: &a { app: a, tier: a }
apiVersion: v1
kind: Pod
metadata:
  name: merged
  annotations: &b { app: b, tier: b, zone: b }
  labels:
    <<: [*a, *b]
    tier: own
spec:
  containers:
    - name: app
      image: example/app:1.0
`);
    expect(result.model.workloads[0]!.podLabels).toEqual({ app: 'a', tier: 'own', zone: 'b' });
  });

  it('drops a byte order mark from text given in memory, so line 1 columns stay right', () => {
    const result = lint('\uFEFFkind: [\n');
    expect(result.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['parse-error', 2, 1]]);
    const scalar = lint('\uFEFFjust text\n');
    expect(scalar.findings.map((f) => [f.line, f.column, f.endColumn])).toEqual([[1, 1, 10]]);
  });
});
