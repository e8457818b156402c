// The GitHub Action as the runner runs it: `node dist/action/index.js` (the committed bundle) with INPUT_* variables,
// GITHUB_WORKSPACE, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; then what it wrote: workflow commands on stdout,
// the outputs file, the job summary, the SARIF file and the exit code.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/lint-paths.js';
import type { Finding, LintResult } from '../src/lint.js';
import { endpointGraph } from '../src/action/graph.js';
import { MAX_ANNOTATIONS } from '../src/action/run.js';
import { bundle, OUTFILE } from '../scripts/bundle-action.mjs';
import { UPDATE_HINT } from '../scripts/goldens.mjs';
import { lint, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const actionMain = path.join(repoRoot, 'dist', 'action', 'index.js');

interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Workflow commands (`::name k=v,k=v::message`) in the step's stdout, unescaped as the runner does. */
function commands(stdout: string): Command[] {
  const unescape = (s: string) =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((l) => {
      const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(l)!;
      const properties = Object.fromEntries(
        (m[2] ?? '')
          .split(',')
          .filter(Boolean)
          .map((kv) => {
            const at = kv.indexOf('=');
            return [kv.slice(0, at), unescape(kv.slice(at + 1))];
          }),
      );
      return { command: m[1]!, properties, message: unescape(m[3]!) };
    });
}

/** GITHUB_OUTPUT in the `name<<delimiter` form @actions/core writes. */
function outputs(file: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; lines[i] !== m[2]; i++) value.push(lines[i]!);
    result[m[1]!] = value.join('\n');
  }
  return result;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  commands: Command[];
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

let fixture: TempDir | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

/** A runner-like environment: nothing of this machine's GITHUB_* or INPUT_* variables leaks in. */
function runAction(
  files: Record<string, string>,
  inputs: Record<string, string>,
  copies: Record<string, string> = {},
): Run {
  fixture = writeFixture({ 'runner/summary.md': '', 'runner/output.txt': '' });
  const workspace = fixture.path('workspace');
  mkdirSync(workspace, { recursive: true });
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
    writeFileSync(path.join(workspace, relative), text);
  }
  for (const [from, to] of Object.entries(copies))
    cpSync(path.join(repoRoot, from), path.join(workspace, to), { recursive: true });
  // The runner passes every input declared in action.yml, with its default unless the workflow sets it.
  const declared = (
    parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  ).inputs;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: fixture.path('runner', 'summary.md'),
    GITHUB_OUTPUT: fixture.path('runner', 'output.txt'),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  };
  for (const [name, input] of Object.entries(declared))
    env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? input.default ?? '';
  const child = spawnSync(process.execPath, [actionMain], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
  return {
    code: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    commands: commands(child.stdout),
    outputs: outputs(fixture.path('runner', 'output.txt')),
    summary: readFileSync(fixture.path('runner', 'summary.md'), 'utf8'),
    workspace,
  };
}

/** The annotation the action should write for a finding. */
function annotation(f: Finding): Command {
  const properties: Record<string, string> = {
    title: f.ruleId,
    file: f.file,
    line: String(f.line),
    endLine: String(f.endLine),
  };
  if (f.line === f.endLine) Object.assign(properties, { col: String(f.column), endColumn: String(f.endColumn) });
  const related = f.related.map((r) => `\n${r.file}:${r.line}:${r.column}: ${r.message}`).join('');
  return { command: f.severity === 'note' ? 'notice' : f.severity, properties, message: `${f.message}${related}` };
}

const annotations = (run: Run) =>
  run.commands.filter(
    (c) =>
      ['error', 'warning', 'notice'].includes(c.command) &&
      c.properties.title !== undefined &&
      c.properties.title !== 'svclint config',
  );

describe('the committed bundle', () => {
  it('is what scripts/bundle-action.mjs builds from the current sources (else: npm run update)', async () => {
    expect(OUTFILE).toBe(actionMain);
    expect(
      readFileSync(actionMain, 'utf8') === (await bundle()),
      `dist/action/index.js is out of date: ${UPDATE_HINT}`,
    ).toBe(true);
  }, 60_000);

  it('is what action.yml runs, on node24', () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      outputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['errors', 'warnings', 'sarif-file']));
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Integrations'),
    readme.indexOf('\n## ', readme.indexOf('## Integrations') + 1),
  );

  it('documents every input and output of action.yml', () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    for (const input of Object.keys(action.inputs)) expect(section, input).toContain(`| \`${input}\` |`);
    for (const output of Object.keys(action.outputs)) expect(section, output).toContain(`\`${output}\``);
  });

  it('shows a complete workflow: checkout, the action, upload-sarif with security-events: write', () => {
    const workflow = parse(/```yaml\n(# \.github\/workflows\/svclint\.yml[\s\S]*?)```/.exec(section)![1]!) as {
      jobs: {
        svclint: {
          permissions: Record<string, string>;
          steps: { uses?: string; id?: string; with?: Record<string, string>; if?: string }[];
        };
      };
    };
    const job = workflow.jobs.svclint;
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(job.steps.map((s) => s.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'svclint/svclint',
      'github/codeql-action/upload-sarif',
    ]);
    expect(job.steps[2]!.with!.sarif_file).toBe(job.steps[1]!.with!['sarif-file']);
    expect(job.steps[2]!.if).toContain('always()');
  });
});

describe('the action on the broken examples', () => {
  it('annotates every finding, writes outputs, SARIF and the summary, and fails the step', async () => {
    const run = runAction({}, { paths: 'k8s' }, { 'examples/broken': 'k8s' });
    const expected = await lintPaths(['k8s'], { cwd: run.workspace });
    const { errors, warnings, notes } = expected.summary;
    expect(errors).toBeGreaterThan(0);

    expect(run.code).toBe(1);
    expect(annotations(run)).toEqual(expected.findings.slice(0, MAX_ANNOTATIONS).map(annotation));
    expect(run.commands.at(-1)).toEqual({
      command: 'error',
      properties: {},
      message: `svclint: ${errors} findings at or above fail-on level "error" (${errors} errors, ${warnings} warnings, ${notes} note${notes === 1 ? '' : 's'})`,
    });
    expect(run.outputs).toEqual({
      errors: String(errors),
      warnings: String(warnings),
      notes: String(notes),
      'sarif-file': 'svclint.sarif',
    });

    // The log: the stylish report, without colours under NO_COLOR.
    expect(run.stdout).toContain('k8s/inventory.yaml\n  14:19  error');
    // eslint-disable-next-line no-control-regex -- ESC starts every colour sequence
    expect(run.stdout).not.toMatch(/\u001b\[/);

    // SARIF for upload-sarif: every finding (not only the annotated ones), paths relative to the workspace.
    const sarif = JSON.parse(readFileSync(path.join(run.workspace, 'svclint.sarif'), 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { name: string } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.name).toBe('svclint');
    expect(
      sarif.runs[0]!.results.map((r) => [
        r.ruleId,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual(expected.findings.map((f) => [f.ruleId, f.file, f.line]));

    // The job summary: counts, a findings table linked to the lines, the Mermaid graph and the endpoint map.
    expect(run.summary).toContain(
      `<p>${errors} errors, ${warnings} warnings, ${notes} note${notes === 1 ? '' : 's'} in ${expected.summary.files} files`,
    );
    expect(run.summary).toContain(
      '<td>❌ error</td><td><code>target-port-mismatch</code></td><td><a href="https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/k8s/inventory.yaml#L14">k8s/inventory.yaml:14:19</a></td>',
    );
    expect(run.summary.match(/<tr><td>/g)).toHaveLength(expected.findings.length);
    const mermaid = /\n```mermaid\n([\s\S]*?)```\n/.exec(run.summary)?.[1];
    expect(mermaid).toMatch(/^flowchart LR\n/);
    expect(mermaid).toContain('["Ingress petstore/petstore"]');
    expect(mermaid).toMatch(/i\d+ -->\|":http"\| s\d+/);
    expect(mermaid).toMatch(/i\d+ -.->\|":8080 \(no such port\)"\| s\d+/);
    expect(mermaid).toMatch(/\["Service petstore\/inventory"\]:::broken/);
    // With NetworkPolicies in the input (examples/broken/clinic.yaml), the reach graph of the known calls.
    expect(run.summary).toContain('<h3>Reachability</h3>');
    const reach = [...run.summary.matchAll(/\n```mermaid\n([\s\S]*?)```\n/g)][1]?.[1];
    expect(reach).toContain('["Deployment/reception (clinic)"]');
    expect(reach).toMatch(/n\d+ -\.->\|8080 blocked\| n\d+\n/);
    expect(run.summary).toContain(
      `<details><summary>Endpoint map (${expected.analysis.endpoints.length} Services)</summary>`,
    );
    expect(run.summary).toContain('petstore/2fa:80/TCP (http) → Deployment/2fa/two-factor:8080 (2 replicas)');
    expect(run.stderr).toBe('');
  }, 60_000);

  it('does not fail the step with fail-on none, and writes no SARIF when sarif-file is empty', () => {
    const run = runAction(
      {},
      { paths: 'k8s', 'fail-on': 'none', 'sarif-file': '', annotations: 'false' },
      { 'examples/broken': 'k8s' },
    );
    expect(run.code).toBe(0);
    expect(annotations(run)).toEqual([]);
    expect(run.outputs['sarif-file']).toBe('');
    expect(existsSync(path.join(run.workspace, 'svclint.sarif'))).toBe(false);
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
  }, 60_000);
});

describe('inputs', () => {
  it('resolves paths in working-directory, but names files relative to the workspace', () => {
    const run = runAction(
      {},
      { 'working-directory': 'deploy/app', paths: '.', 'sarif-file': 'reports/svclint.sarif' },
      { 'examples/clean': 'deploy/app' },
    );
    expect(run.code).toBe(0);
    expect(annotations(run)).toEqual([]);
    expect(run.outputs).toMatchObject({ errors: '0', warnings: '0', 'sarif-file': 'reports/svclint.sarif' });
    const sarif = JSON.parse(readFileSync(path.join(run.workspace, 'reports', 'svclint.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(run.summary).toContain('✅ No problems found in');
    expect(run.summary).toContain('```mermaid');
  }, 60_000);

  it('annotates with workspace-relative paths from a working-directory, and fails at fail-on warning', () => {
    const lonely =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: lonely\n  ports:\n    - port: 80\n';
    const run = runAction(
      { 'svc/k8s/lonely.yaml': lonely },
      { 'working-directory': 'svc', paths: 'k8s/*.yaml', 'fail-on': 'warning', namespace: 'shop' },
    );
    expect(run.code).toBe(1);
    expect(annotations(run)).toEqual([
      {
        command: 'warning',
        properties: {
          title: 'orphan-service',
          file: 'svc/k8s/lonely.yaml',
          line: '6',
          endLine: '6',
          col: '3',
          endColumn: '11',
        },
        message: expect.stringMatching(/^Service shop\/lonely selects app=lonely, but no pod template/),
      },
    ]);
    expect(run.commands.at(-1)!.message).toBe(
      'svclint: 1 finding at or above fail-on level "warning" (0 errors, 1 warning, 0 notes)',
    );
  }, 60_000);

  it('cache: writes the cache file (cache-location relative to working-directory) and reports as without it', () => {
    const plain = runAction({}, { 'working-directory': 'svc', paths: '.' }, { 'examples/broken': 'svc' });
    const expected = annotations(plain);
    const cached = runAction(
      {},
      { 'working-directory': 'svc', paths: '.', cache: 'true', 'cache-location': 'tmp/' },
      { 'examples/broken': 'svc' },
    );
    expect(annotations(cached)).toEqual(expected);
    expect(existsSync(path.join(cached.workspace, 'svc', 'tmp', '.svclintcache'))).toBe(true);
    expect(existsSync(path.join(cached.workspace, '.svclintcache'))).toBe(false);
  }, 60_000);

  it('fails clearly on a config file that does not exist, and applies an existing one under the inputs', () => {
    const missing = runAction(
      { 'k8s/a.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n' },
      { paths: 'k8s', config: '.svclint.yaml' },
    );
    expect(missing.code).toBe(1);
    expect(missing.commands).toEqual([
      { command: 'error', properties: {}, message: 'svclint: config file .svclint.yaml does not exist' },
    ]);

    const lonely =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: lonely\n  ports:\n    - port: 80\n';
    const config = 'rules:\n  orphan-service: note\nfailOn: note\ninclude: [k8s]\n';
    const present = runAction({ 'k8s/a.yaml': lonely, '.svclint.yaml': config }, { config: '.svclint.yaml' });
    expect(present.code).toBe(1);
    expect(annotations(present).map((a) => [a.command, a.properties.title])).toEqual([['notice', 'orphan-service']]);
    expect(present.commands.at(-1)!.message).toBe(
      'svclint: 1 finding at or above fail-on level "note" (0 errors, 0 warnings, 1 note)',
    );
    // The fail-on input overrides the file's failOn.
    expect(
      runAction({ 'k8s/a.yaml': lonely, '.svclint.yaml': config }, { config: '.svclint.yaml', 'fail-on': 'error' })
        .code,
    ).toBe(0);
  }, 60_000);

  it('rejects a bad fail-on or format, and paths that match nothing', () => {
    expect(runAction({ 'a.yaml': '' }, { 'fail-on': 'fatal' }).commands).toEqual([
      {
        command: 'error',
        properties: {},
        message: 'svclint: fail-on must be one of error, warning, note, none, not "fatal"',
      },
    ]);
    const format = runAction({ 'a.yaml': '' }, { format: 'xml' });
    expect(format.code).toBe(1);
    expect(format.commands[0]!.message).toMatch(/^svclint: format must be one of stylish, compact, json.*, not "xml"$/);
    const nothing = runAction({ 'a.yaml': '' }, { paths: 'manifests/**/*.yaml' });
    expect(nothing.code).toBe(1);
    expect(nothing.commands).toEqual([
      { command: 'error', properties: {}, message: 'svclint: manifests/**/*.yaml: no files match this pattern' },
    ]);
  }, 60_000);

  it(`annotates the first ${MAX_ANNOTATIONS} findings only and keeps the Mermaid graph small`, () => {
    const services = Array.from(
      { length: 80 },
      (_, i) =>
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector:\n    app: s${i}\n  ports:\n    - port: 80\n`,
    ).join('---\n');
    const run = runAction({ 'k8s/many.yaml': services }, { paths: 'k8s' });
    expect(run.code).toBe(0);
    expect(annotations(run)).toHaveLength(MAX_ANNOTATIONS);
    expect(run.stdout).toContain(
      `svclint: annotated the first ${MAX_ANNOTATIONS} of 80 findings; the job summary and the SARIF file have them all`,
    );
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(run.summary)![1]!;
    expect(mermaid.split('\n').filter((l) => /^\s+s\d+\[/.test(l)).length).toBeLessThanOrEqual(60);
    expect(run.summary).toContain('Showing 0 of 0 Ingresses and 60 of 80 Services');
  }, 60_000);
});

describe('the wiring graph', () => {
  const ingress = (backends: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: edge
spec:
  rules:
    - http:
        paths:
${backends}`;
  const backend = (service: string, port: string) => `          - path: /${service}
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port:
                  ${port}
`;
  const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8080
`;
  const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: example/app:1
          ports:
            - containerPort: 8080
`;

  const graphOf = (result: LintResult, maxNodes?: number) =>
    endpointGraph(result, maxNodes === undefined ? {} : { maxNodes });

  it('draws Ingress -> Service -> workload with ports, and a missing Service in red', () => {
    const result = lint({
      'a.yaml': [
        ingress(backend('web', 'name: http') + backend('gone', 'number: 80')),
        service('web'),
        deployment('web'),
      ].join('---\n'),
    });
    expect(graphOf(result).mermaid).toBe(`flowchart LR
  i0["Ingress default/edge"]
  s1["Service default/web"]
  w2["Deployment default/web<br/>3 replicas"]
  s3["Service default/gone<br/>not found"]:::broken
  i0 -->|":http"| s1
  s1 -->|"80 → 8080"| w2
  i0 -.->|":80"| s3
  classDef broken fill:#ffebe9,stroke:#cf222e,color:#82071e
`);
  });

  it('caps the nodes, drawing whole chains only', () => {
    const result = lint({
      'a.yaml': Array.from({ length: 10 }, (_, i) => [service(`s${i}`), deployment(`s${i}`)].join('---\n')).join(
        '---\n',
      ),
    });
    const graph = graphOf(result, 7);
    expect(graph.services).toEqual({ shown: 3, total: 10 });
    expect(graph.mermaid.split('\n').filter((l) => l.includes('-->'))).toHaveLength(3);
    expect(graphOf(lint({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' })).mermaid).toBe('');
  });

  it('escapes what Mermaid would read as markup', () => {
    const result = lint({ 'a.yaml': service('web').replace('name: web', 'name: web\n  namespace: "a<b>&\\"c"') });
    expect(graphOf(result).mermaid).toContain('["Service a#lt;b#gt;#amp;#quot;c/web"]');
  });
});
