// The json report streamed in chunks: byte for byte the text of JSON.stringify(jsonReport(...), null, 2), and the CLI
// writes it as it comes (several pieces on stdout for a large report, the same text into --output).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import type { Finding, LintResult } from '../src/lint.js';
import { lintSources } from '../src/lint.js';
import { lintPaths } from '../src/lint-paths.js';
import { formatJson, jsonReport, jsonReportChunks } from '../src/report/json.js';
import { formatters, streamingFormatters } from '../src/report/index.js';
import { version } from '../src/version.js';
import { docs, lint, writeFixture, type TempDir } from './helpers.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const context = { color: false, toolVersion: '1.2.3' };

/** What the json report was before it streamed: the whole tree, stringified at once. */
const wholeText = (result: LintResult, ctx = context) => `${JSON.stringify(jsonReport(result, ctx), null, 2)}\n`;
const streamedText = (result: LintResult, ctx = context) => [...jsonReportChunks(result, ctx)].join('');

/** A Service and the Deployment it selects, wired correctly; `n` makes the names unique. */
const servicePair = (n: number) =>
  docs(
    `apiVersion: v1
kind: Service
metadata:
  name: web-${n}
spec:
  selector:
    app: web-${n}
  ports:
    - name: http
      port: 80
      targetPort: http`,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${n}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-${n}
  template:
    metadata:
      labels:
        app: web-${n}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080`,
  );

/** One error suppressed by a directive (port-name); an error (node-port-range: not a NodePort) and a warning left. */
const SUPPRESSED = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    # svclint-disable-next-line port-name -- clients still use the legacy name
    - name: Web_Port
      port: 80
      nodePort: 30080
`;

describe('jsonReportChunks', () => {
  it('equals the stringified tree for examples/broken', async () => {
    const result = await lintPaths(['examples/broken'], { cwd: repoRoot });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.analysis.endpoints.length).toBeGreaterThan(0);
    expect(streamedText(result)).toBe(wholeText(result));
  });

  it('equals the stringified tree with no findings and no services (empty arrays print as [])', () => {
    const result = lintSources([]);
    expect(result.findings).toEqual([]);
    expect(result.analysis.endpoints).toEqual([]);
    const text = streamedText(result);
    expect(text).toBe(wholeText(result));
    expect(text).toContain('"findings": [],\n');
  });

  it('equals the stringified tree with suppressed findings', () => {
    const result = lint(SUPPRESSED);
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['port-name']);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(streamedText(result)).toBe(wholeText(result));
  });

  it('equals the stringified tree for awkward values: newlines, quotes, non-ASCII, nesting, no tool version', () => {
    const base = lintSources([]);
    const finding: Finding = {
      ruleId: 'target-port-mismatch',
      severity: 'error',
      message: 'line one\nline "two"\t\u00e9\u2028\ud83d\ude00 \\ end',
      file: 'k8s/we b.yaml',
      line: 1,
      column: 2,
      endLine: 3,
      endColumn: 4,
      object: null,
      path: null,
      related: [{ file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 2, message: 'x\ny' }],
    };
    const result: LintResult = { ...base, findings: [finding, { ...finding, related: [] }], suppressed: [finding] };
    const noVersion = { color: false, toolVersion: undefined as unknown as string };
    expect(streamedText(result)).toBe(wholeText(result));
    expect(streamedText(result, noVersion)).toBe(wholeText(result, noVersion));
  });

  it('is what formatJson, formatters.json and streamingFormatters.json give', async () => {
    const result = await lintPaths(['examples/broken'], { cwd: repoRoot });
    expect(formatJson(result, context)).toBe(wholeText(result));
    expect(formatters.json(result, context)).toBe(wholeText(result));
    expect([...streamingFormatters.json!(result, context)].join('')).toBe(wholeText(result));
  });
});

describe('the CLI streams --format json', () => {
  const SERVICES = 300;
  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({
      'many.yaml': Array.from({ length: SERVICES }, (_, n) => servicePair(n)).join('---\n'),
      'broken.yaml': SUPPRESSED,
    });
  });
  afterAll(() => fixture.remove());

  /** Runs the CLI in-process and keeps every stdout write apart. */
  async function run(argv: string[]) {
    const pieces: string[] = [];
    let stderr = '';
    const code = await runCli(argv, {
      cwd: fixture.dir,
      env: {},
      stdoutIsTTY: false,
      stdout: (text) => void pieces.push(text),
      stderr: (text) => void (stderr += text),
    });
    return { code, pieces, stdout: pieces.join(''), stderr };
  }

  /** The same report, built whole the way formatJson used to. */
  async function expectedText(paths: string[]): Promise<string> {
    return wholeText(await lintPaths(paths, { cwd: fixture.dir }), { color: false, toolVersion: version });
  }

  it('writes to stdout in several pieces whose text is the whole report', async () => {
    const { code, pieces, stdout, stderr } = await run(['-f', 'json', 'many.yaml']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(pieces.length).toBeGreaterThan(1);
    expect(stdout).toBe(await expectedText(['many.yaml']));
    expect((JSON.parse(stdout) as { services: unknown[] }).services).toHaveLength(SERVICES);
  });

  it('writes a small report in one piece', async () => {
    const { code, pieces, stdout } = await run(['-f', 'json', 'broken.yaml']);
    expect(code).toBe(1);
    expect(pieces).toHaveLength(1);
    expect(stdout).toBe(await expectedText(['broken.yaml']));
  });

  it('writes the same text into --output, and nothing to stdout', async () => {
    const { code, stdout, stderr } = await run(['-f', 'json', '-o', 'out.json', 'many.yaml', 'broken.yaml']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: '' });
    const written = readFileSync(fixture.path('out.json'), 'utf8');
    expect(written).toBe(await expectedText(['many.yaml', 'broken.yaml']));
    expect((JSON.parse(written) as { suppressed: unknown[] }).suppressed).toHaveLength(1);
  });

  it('overwrites an existing --output file rather than appending', async () => {
    await run(['-f', 'json', '-o', 'again.json', 'many.yaml']);
    await run(['-f', 'json', '-o', 'again.json', 'broken.yaml']);
    expect(readFileSync(fixture.path('again.json'), 'utf8')).toBe(await expectedText(['broken.yaml']));
  });

  it('streams `svclint endpoints --format json` too', async () => {
    const { code, pieces, stdout } = await run(['endpoints', '-f', 'json', 'many.yaml']);
    expect(code).toBe(0);
    expect(pieces.length).toBeGreaterThan(1);
    expect(stdout).toBe((await run(['-f', 'json', 'many.yaml'])).stdout);
  });

  it.each([
    [
      'a missing folder',
      'nope/report.json',
      'svclint: nope/report.json: cannot write the report: its folder does not exist\n',
    ],
    ['a directory', '.', 'svclint: .: cannot write the report: is a directory\n'],
  ])('keeps the --output error for %s', async (_name, output, message) => {
    const { code, stdout, stderr } = await run(['-f', 'json', '-o', output, 'broken.yaml']);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
