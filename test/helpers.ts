// Shared helpers for the loader, selector, CLI and formatter tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintSources, type Finding, type LintOptions, type LintResult } from '../src/lint.js';
import { runCli } from '../src/cli/run.js';

/** Lints YAML strings in memory: one string is file "test.yaml"; a record maps display paths to texts (in that order). */
export function lint(input: string | Record<string, string>, options: LintOptions = {}): LintResult {
  const files = typeof input === 'string' ? { 'test.yaml': input } : input;
  return lintSources(
    Object.entries(files).map(([displayPath, text]) => ({ displayPath, text })),
    options,
  );
}

/** Where a finding is: 1-based line and column, exclusive end column. */
export function span(f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): [number, number, number, number] {
  return [f.line, f.column, f.endLine, f.endColumn];
}

/** The fields that identify a finding in a test: rule, severity, file and exact span. */
export function where(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
  };
}

/** Joins YAML documents with "---" lines. */
export function docs(...parts: string[]): string {
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('---\n');
}

export interface TempDir {
  dir: string;
  /** Absolute path of a file or folder inside the fixture. */
  path(...parts: string[]): string;
  remove(): void;
}

/**
 * Writes a fixture tree into a fresh temporary folder: keys are relative paths ("a/b.yaml"), values the contents
 * (a string is written as UTF-8, a Buffer byte for byte). Call remove() when done (e.g. in afterEach).
 */
export function writeFixture(files: Record<string, string | Uint8Array>): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), 'svclint-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, ...relative.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return {
    dir,
    path: (...parts) => path.join(dir, ...parts),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  /** Bytes of standard input for "-"; reading stdin without them fails the test. */
  stdin?: string | Uint8Array;
}

/** Runs the CLI in-process with a fake environment and captures what it prints. */
export async function cli(argv: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => {
      if (options.stdin === undefined) throw new Error('test did not expect standard input to be read');
      return Buffer.from(options.stdin);
    },
  });
  return { code, stdout, stderr };
}

/** Any ANSI escape sequence (colours, bold, underline). */
// eslint-disable-next-line no-control-regex -- ESC starts every colour sequence
export const ANSI = /\u001b\[[0-9;]*m/;

/** Removes ANSI escape sequences. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- ESC starts every colour sequence
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** A small deterministic PRNG (mulberry32), so generated cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The variables envvars.FromServices injects for a one-port Service (cluster IP not known before it is created). */
export function linkVariables(prefix: string, protocol: string, port: number, portName: string) {
  const base = `${prefix}_PORT_${port}_${protocol.toUpperCase()}`;
  return [
    { name: `${prefix}_SERVICE_HOST`, value: '<cluster IP>' },
    { name: `${prefix}_SERVICE_PORT`, value: String(port) },
    { name: `${prefix}_SERVICE_PORT_${portName.toUpperCase()}`, value: String(port) },
    { name: `${prefix}_PORT`, value: `${protocol}://<cluster IP>:${port}` },
    { name: base, value: `${protocol}://<cluster IP>:${port}` },
    { name: `${base}_PROTO`, value: protocol },
    { name: `${base}_PORT`, value: String(port) },
    { name: `${base}_ADDR`, value: '<cluster IP>' },
  ];
}
