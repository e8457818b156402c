// --baseline and --update-baseline: adopting svclint in a repository that already has findings.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, formatBaseline, parseBaseline, type Baseline } from '../src/baseline.js';
import { lintSources, type Finding } from '../src/lint.js';
import { at as reportAt, defineRule } from '../src/rule.js';
import { UsageError } from '../src/input/inputs.js';
import { cli, docs, writeFixture, type TempDir } from './helpers.js';

/** A Service with two errors: port-name (line 9) and node-port-range (line 11), and the Deployment it selects. */
const service = (name: string, portName = 'Web_Port') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: web
  ports:
    - name: ${portName}
      port: 80
      nodePort: 30080
`;
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
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

let fixture: TempDir;
beforeEach(() => {
  fixture = writeFixture({
    'k8s/web.yaml': docs(service('web'), DEPLOYMENT),
    'k8s/clean.yaml': DEPLOYMENT.replace('name: web\nspec', 'name: other\nspec'),
  });
});
afterEach(() => fixture.remove());
const run = (argv: string[], cwd = fixture.dir) => cli(argv, { cwd });
const read = (file: string) => readFileSync(fixture.path(file), 'utf8');

describe('--update-baseline', () => {
  it('writes every current finding, sorted, with a version, and then reports nothing', async () => {
    expect((await run(['-f', 'compact', 'k8s/'])).code).toBe(1);
    const written = await run(['-f', 'compact', '--baseline', '.svclint-baseline.json', '--update-baseline', 'k8s/']);
    expect(written).toEqual({
      code: 0,
      stdout: '',
      stderr: 'svclint: wrote 2 findings to the baseline .svclint-baseline.json\n',
    });
    expect(JSON.parse(read('.svclint-baseline.json'))).toEqual({
      version: 1,
      tool: 'svclint',
      findings: [
        {
          ruleId: 'node-port-range',
          file: 'k8s/web.yaml',
          object: { kind: 'Service', namespace: 'default', name: 'web' },
          path: 'spec.ports[0].nodePort',
          message:
            "Service default/web port 80 nodePort 30080 is set, but the Service is of type ClusterIP (the default); the API server rejects it: nodePort may not be used when type is 'ClusterIP'",
          count: 1,
        },
        {
          ruleId: 'port-name',
          file: 'k8s/web.yaml',
          object: { kind: 'Service', namespace: 'default', name: 'web' },
          path: 'spec.ports[0].name',
          message:
            'Service default/web port 80 name "Web_Port" is not a valid DNS-1123 label: must be lowercase (found "W"); the API server rejects it',
          count: 1,
        },
      ],
    });
    // Stable: the same input writes the same bytes.
    const first = read('.svclint-baseline.json');
    await run(['--baseline', '.svclint-baseline.json', '--update-baseline', 'k8s/']);
    expect(read('.svclint-baseline.json')).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
  });

  it('does not write findings that a directive already suppresses', async () => {
    writeFileSync(
      fixture.path('k8s/web.yaml'),
      docs(
        service('web').replace('    - name:', '    # svclint-disable-next-line port-name -- legacy\n    - name:'),
        DEPLOYMENT,
      ),
    );
    await run(['--baseline', 'b.json', '--update-baseline', 'k8s/']);
    expect(JSON.parse(read('b.json')).findings.map((e: { ruleId: string }) => e.ruleId)).toEqual(['node-port-range']);
  });

  it('keeps the entries of files not linted in this run, unless the file is gone', async () => {
    writeFileSync(fixture.path('k8s/api.yaml'), docs(service('api'), DEPLOYMENT));
    await run(['--baseline', 'b.json', '--update-baseline', 'k8s/']);
    expect(JSON.parse(read('b.json')).findings.map((e: { file: string }) => e.file)).toEqual([
      'k8s/api.yaml',
      'k8s/api.yaml',
      'k8s/web.yaml',
      'k8s/web.yaml',
    ]);
    // Fix web.yaml and update from it alone: api.yaml's entries stay.
    writeFileSync(fixture.path('k8s/web.yaml'), DEPLOYMENT);
    expect(await run(['--baseline', 'b.json', '--update-baseline', 'k8s/web.yaml'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'svclint: wrote 2 findings to the baseline b.json (2 of them for files not linted in this run)\n',
    });
    expect(JSON.parse(read('b.json')).findings.map((e: { file: string }) => e.file)).toEqual([
      'k8s/api.yaml',
      'k8s/api.yaml',
    ]);
    // Delete api.yaml: its entries go at the next update.
    rmSync(fixture.path('k8s/api.yaml'));
    await run(['--baseline', 'b.json', '--update-baseline', 'k8s/web.yaml']);
    expect(JSON.parse(read('b.json')).findings).toEqual([]);
  });
});

describe('--baseline', () => {
  it('survives inserted lines and moved objects: only the new finding is reported and fails', async () => {
    await run(['--baseline', '.svclint-baseline.json', '--update-baseline', 'k8s/']);
    // Lines above, a new Service with its own mistake before the old one, the old one otherwise unchanged.
    writeFileSync(
      fixture.path('k8s/web.yaml'),
      `# Web tier\n\n# (reviewed 2024)\n${docs(service('api', 'api'), service('web'), DEPLOYMENT)}`,
    );
    const result = await run(['-f', 'compact', '--baseline', '.svclint-baseline.json', 'k8s/']);
    expect(result).toEqual({
      code: 1,
      stdout:
        "k8s/web.yaml:14:17: error: Service default/api port 80 nodePort 30080 is set, but the Service is of type ClusterIP (the default); the API server rejects it: nodePort may not be used when type is 'ClusterIP' [node-port-range]\n",
      stderr: '',
    });
    // Without the baseline: all three, at their new lines.
    const all = await run(['-f', 'compact', 'k8s/']);
    expect(
      all.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(': ')[0]),
    ).toEqual(['k8s/web.yaml:14:17', 'k8s/web.yaml:24:13', 'k8s/web.yaml:26:17']);
  });

  it('lists baselined findings in json and sarif as suppressed, kind "external"', async () => {
    await run(['--baseline', 'b.json', '--update-baseline', 'k8s/']);
    const json = JSON.parse((await run(['-f', 'json', '--baseline', 'b.json', 'k8s/'])).stdout);
    expect(json.findings).toEqual([]);
    expect(json.summary).toMatchObject({ errors: 0, suppressed: 2 });
    expect(json.suppressed.map((f: Finding) => [f.ruleId, f.line, f.suppressions])).toEqual([
      ['port-name', 9, [{ kind: 'external', justification: null, source: 'baseline', location: { file: 'b.json' } }]],
      [
        'node-port-range',
        11,
        [{ kind: 'external', justification: null, source: 'baseline', location: { file: 'b.json' } }],
      ],
    ]);

    const log = JSON.parse((await run(['-f', 'sarif', '--baseline', 'b.json', 'k8s/'])).stdout) as Log;
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('../schemas/sarif-2.1.0.json', import.meta.url), 'utf8')),
    );
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results!.map((r) => r.suppressions)).toEqual([
      [
        {
          kind: 'external',
          location: {
            physicalLocation: { artifactLocation: { uri: 'b.json', uriBaseId: '%SRCROOT%' } },
            message: { text: 'Suppressed by the baseline' },
          },
        },
      ],
      [
        {
          kind: 'external',
          location: {
            physicalLocation: { artifactLocation: { uri: 'b.json', uriBaseId: '%SRCROOT%' } },
            message: { text: 'Suppressed by the baseline' },
          },
        },
      ],
    ]);
  });

  it('names files relative to the baseline, so it works from another folder', async () => {
    await run(['--baseline', 'b.json', '--update-baseline', 'k8s/']);
    expect(await run(['-f', 'compact', '--baseline', '../b.json', 'web.yaml'], fixture.path('k8s'))).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('says when baseline findings no longer occur (fixed), without failing', async () => {
    await run(['--baseline', 'b.json', '--update-baseline', 'k8s/']);
    writeFileSync(fixture.path('k8s/web.yaml'), docs(service('web', 'http'), DEPLOYMENT));
    expect(await run(['-f', 'compact', '--baseline', 'b.json', 'k8s/'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'svclint: note: 1 baseline finding in b.json no longer occurs (fixed?); --update-baseline removes it\n',
    });
    // Entries of files this run does not lint are not stale.
    expect((await run(['--baseline', 'b.json', 'k8s/clean.yaml'])).stderr).toBe('');
  });

  it.each<[string, string[], string | null, string]>([
    [
      'a missing baseline',
      ['--baseline', 'nope.json', 'k8s/'],
      null,
      'svclint: baseline nope.json does not exist (create it with --update-baseline)\n',
    ],
    [
      'a baseline that is not JSON',
      ['--baseline', 'b.json', 'k8s/'],
      '{ nope',
      /^svclint: baseline b\.json is not valid JSON: .+\n$/.source,
    ],
    [
      'another version',
      ['--baseline', 'b.json', 'k8s/'],
      '{"version": 2, "findings": []}',
      'svclint: baseline b.json: version 2 is not supported; this svclint reads version 1 (recreate it with --update-baseline)\n',
    ],
    [
      'a broken entry',
      ['--baseline', 'b.json', 'k8s/'],
      '{"version": 1, "findings": [{"ruleId": "x"}]}',
      'svclint: baseline b.json: findings[0] needs the strings ruleId, file and message (recreate it with --update-baseline)\n',
    ],
    [
      '--update-baseline without --baseline',
      ['--update-baseline', 'k8s/'],
      null,
      'svclint: --update-baseline needs --baseline <file>: the file to write\n',
    ],
    [
      '--update-baseline with --watch',
      ['--baseline', 'b.json', '--update-baseline', '--watch', 'k8s/'],
      null,
      'svclint: --update-baseline cannot be combined with --watch\n',
    ],
    [
      '--update-baseline with endpoints',
      ['endpoints', '--baseline', 'b.json', '--update-baseline', 'k8s/'],
      null,
      'svclint: --update-baseline does not apply to svclint endpoints, only to svclint lint (see svclint help endpoints)\n',
    ],
    ['an empty --baseline', ['--baseline', '', 'k8s/'], null, 'svclint: --baseline must not be empty\n'],
    [
      '--update-baseline into a missing folder',
      ['--baseline', 'no/b.json', '--update-baseline', 'k8s/'],
      null,
      'svclint: baseline no/b.json: cannot write it: its folder does not exist\n',
    ],
  ])('%s is a usage error (exit 2)', async (_name, argv, content, stderr) => {
    if (content !== null) writeFileSync(fixture.path('b.json'), content);
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    if (stderr.startsWith('^')) expect(result.stderr).toMatch(new RegExp(stderr));
    else expect(result.stderr).toBe(stderr);
  });
});

describe('the library', () => {
  /** A rule that reports the same thing twice at one object and path (identical but for the line). */
  const twice = (count: number) =>
    defineRule({
      meta: {
        id: 'twice',
        severity: 'error',
        description: 'Test.',
        rationale: 'Test.',
        examples: { valid: [], invalid: [] },
      },
      check({ model, report }) {
        for (const o of model.objects)
          for (let i = 0; i < count; i++) report(reportAt(o, o.nameRange, 'metadata.name', 'same message'));
      },
    });
  const lint = (count: number) =>
    lintSources([{ displayPath: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' }], {
      rules: [twice(count)],
    });
  const where = { cwd: '/repo', file: 'baseline.json' };

  it('matches by count: two identical findings need count 2, a third is new', () => {
    const baseline = createBaseline(lint(2).findings, where);
    expect(baseline.findings).toEqual([
      {
        ruleId: 'twice',
        file: 'a.yaml',
        object: { kind: 'ConfigMap', namespace: 'default', name: 'c' },
        path: 'metadata.name',
        message: 'same message',
        count: 2,
      },
    ]);
    const three = applyBaseline(lint(3), baseline, where);
    expect(three.result.findings).toHaveLength(1);
    expect(three.result.suppressed).toHaveLength(2);
    expect(three.result.summary).toMatchObject({ errors: 1, suppressed: 2 });
    const one = applyBaseline(lint(1), baseline, where);
    expect(one.result.findings).toEqual([]);
    expect(one.unmatched.map((e) => e.count)).toEqual([1]);
  });

  it('ignores line and column numbers in messages', () => {
    const base = lint(1).findings[0]!;
    const baseline = createBaseline([{ ...base, message: 'bad at line 3, column 7' }], where);
    const moved = { ...lint(1), findings: [{ ...base, message: 'bad at line 9, column 1', line: 9 }] };
    expect(applyBaseline(moved, baseline, where).result.findings).toEqual([]);
  });

  it('formats sorted, stable JSON whatever the order of entries, and reads it back', () => {
    const entry = (file: string, ruleId: string) => ({
      ruleId,
      file,
      object: null,
      path: null,
      message: 'm',
      count: 1,
    });
    const baseline: Baseline = {
      version: 1,
      tool: 'svclint',
      findings: [entry('b.yaml', 'x'), entry('a.yaml', 'y'), entry('a.yaml', 'x')],
    };
    const text = formatBaseline(baseline);
    expect(formatBaseline({ ...baseline, findings: [...baseline.findings].reverse() })).toBe(text);
    expect(parseBaseline(text, 'b.json').findings.map((e) => `${e.file}:${e.ruleId}`)).toEqual([
      'a.yaml:x',
      'a.yaml:y',
      'b.yaml:x',
    ]);
    expect(() => parseBaseline('[]', 'b.json')).toThrow(UsageError);
  });
});
