// --watch: a first run, another after every change, begin and end lines around each, no exit on errors, and a clean
// exit on SIGINT (as a real process, from a bundle of the current sources).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { globBase, watchedDirectories, WATCH_BEGIN, WATCH_END } from '../src/cli/watch.js';
import { bundle } from '../scripts/bundle-action.mjs';
import { cli, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

const SERVICE = (target: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: ${target}
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
            - name: http
              containerPort: 8080
`;

/** Polls until `check` holds; fails (instead of hanging) after `timeoutMs`. */
async function waitFor(check: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const count = (text: string, line: string) => text.split('\n').filter((l) => l.startsWith(line)).length;

/** The output of the last complete run: the lines between the last begin line and the end line after it. */
function lastRun(text: string): string[] {
  const lines = text.split('\n');
  const begin = lines.lastIndexOf(WATCH_BEGIN);
  return lines.slice(begin + 1, lines.findIndex((l, i) => i > begin && l.startsWith(WATCH_END)) + 1);
}

let fixture: TempDir | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

describe('--watch in-process', () => {
  function start(argv: string[], cwd: string, env: Record<string, string> = {}) {
    const controller = new AbortController();
    const out = { stdout: '', stderr: '' };
    const done = runCli(argv, {
      cwd,
      env,
      stdoutIsTTY: false,
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      interrupts: () => controller.signal,
    });
    return { out, done, stop: () => controller.abort() };
  }

  it('lints, lints again after an edit, survives errors and stops with exit code 0', async () => {
    fixture = writeFixture({ 'k8s/service.yaml': SERVICE('http'), 'k8s/deployment.yaml': DEPLOYMENT });
    const run = start(['--watch', '-f', 'compact', 'k8s'], fixture.dir);
    try {
      const runs = () => count(run.out.stdout, WATCH_END);
      await waitFor(
        () => runs() === 1,
        () => `the first run:\n${run.out.stdout}`,
      );
      expect(run.out.stdout).toBe(
        `${WATCH_BEGIN}\n${WATCH_END}: 0 errors, 0 warnings, 0 notes in 2 files; watching for changes (Ctrl-C to stop)\n`,
      );

      // A broken targetPort: the second run reports it.
      writeFileSync(fixture.path('k8s', 'service.yaml'), SERVICE('htp'));
      await waitFor(
        () => runs() === 2,
        () => `a second run:\n${run.out.stdout}`,
      );
      expect(lastRun(run.out.stdout)).toEqual([
        expect.stringMatching(/^k8s\/service\.yaml:10:19: error: .* \[target-port-mismatch\]$/),
        `${WATCH_END}: 1 error, 0 warnings, 0 notes in 2 files; watching for changes (Ctrl-C to stop)`,
      ]);

      // A new folder with a new file: watched and linted.
      const beforeFolder = runs();
      mkdirSync(fixture.path('k8s', 'more'));
      await waitFor(
        () => runs() > beforeFolder,
        () => `a run after the new folder:\n${run.out.stdout}`,
      );
      writeFileSync(fixture.path('k8s', 'more', 'broken.yaml'), 'just text\n');
      await waitFor(
        () => run.out.stdout.includes('k8s/more/broken.yaml:1:1: error:'),
        () => `a run that sees the new file:\n${run.out.stdout}`,
      );
      await waitFor(
        () => run.out.stdout.trimEnd().split('\n').at(-1)!.startsWith(WATCH_END),
        () => 'the end of that run',
      );

      // An error that ends a plain run (no files left) ends only this run in watch mode.
      for (const f of ['service.yaml', 'deployment.yaml']) unlinkSync(fixture.path('k8s', f));
      rmSync(fixture.path('k8s', 'more'), { recursive: true });
      await waitFor(
        () => run.out.stderr.includes('k8s: no *.yaml, *.yml or *.json files in this folder'),
        () => `the error:\n${run.out.stderr}`,
      );
      await waitFor(
        () => run.out.stdout.includes(`${WATCH_END}: stopped by the error above`),
        () => `the end line after the error:\n${run.out.stdout}`,
      );

      const before = runs();
      writeFileSync(fixture.path('k8s', 'service.yaml'), SERVICE('8080'));
      await waitFor(
        () => runs() > before && lastRun(run.out.stdout).at(-1)!.includes('in 1 file'),
        () => `a run after the error:\n${run.out.stdout}`,
      );
      expect(lastRun(run.out.stdout)).toEqual([
        expect.stringMatching(/^k8s\/service\.yaml:6:3: warning: .* \[orphan-service\]$/),
        `${WATCH_END}: 0 errors, 1 warning, 0 notes in 1 file; watching for changes (Ctrl-C to stop)`,
      ]);
    } finally {
      run.stop();
    }
    expect(await run.done).toBe(0);
    // Every run is framed: as many begin lines as end lines.
    expect(count(run.out.stdout, WATCH_BEGIN)).toBe(count(run.out.stdout, WATCH_END));
  }, 30_000);

  it('runs once for a burst of changes (debounced), and ignores files that are not manifests', async () => {
    fixture = writeFixture({ 'a.yaml': SERVICE('80'), 'b.yaml': DEPLOYMENT });
    const run = start(['--watch', '-f', 'compact', '.'], fixture.dir);
    try {
      await waitFor(
        () => count(run.out.stdout, WATCH_END) === 1,
        () => 'the first run',
      );
      writeFileSync(fixture.path('notes.txt'), 'not a manifest\n');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(count(run.out.stdout, WATCH_END)).toBe(1);
      for (let i = 0; i < 5; i++) writeFileSync(fixture.path('a.yaml'), SERVICE(String(8080 + i)));
      await waitFor(
        () => count(run.out.stdout, WATCH_END) === 2,
        () => 'the second run',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(count(run.out.stdout, WATCH_END)).toBe(2);
    } finally {
      run.stop();
    }
    expect(await run.done).toBe(0);
  }, 20_000);

  it("keeps unchanged files' models: after a change only that file is read and modelled, and the report is a fresh run's", async () => {
    const broken = path.join(repoRoot, 'examples', 'broken');
    const files = Object.fromEntries(
      readdirSync(broken).map((name) => [`k8s/${name}`, readFileSync(path.join(broken, name), 'utf8')]),
    );
    fixture = writeFixture(files);
    const total = Object.keys(files).length;
    const fresh = async () =>
      (await cli(['-f', 'compact', '--fail-on', 'none', 'k8s'], { cwd: fixture!.dir })).stdout
        .split('\n')
        .filter(Boolean);
    /** What each run's reading stage says it kept and modelled (TIMING). */
    const kept = (stderr: string) =>
      [...stderr.matchAll(/; (\d+) kept, (\d+) modelled\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const args of [[], ['--cache']]) {
      const run = start(['--watch', '-f', 'compact', ...args, 'k8s'], fixture.dir, { TIMING: '1' });
      try {
        const runs = () => count(run.out.stdout, WATCH_END);
        await waitFor(
          () => runs() === 1,
          () => `the first run:\n${run.out.stdout}`,
        );
        expect(lastRun(run.out.stdout).slice(0, -1)).toEqual(await fresh());

        const file = fixture.path('k8s', 'storefront.yaml');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/targetPort: \S+/, 'targetPort: nope'));
        await waitFor(
          () => runs() === 2,
          () => `a second run:\n${run.out.stdout}`,
        );
        expect(lastRun(run.out.stdout).slice(0, -1)).toEqual(await fresh());

        // A new file before the others in apply order (every file id moves), then one removed.
        writeFileSync(fixture.path('k8s', '0-first.yaml'), SERVICE('http'));
        await waitFor(
          () => runs() === 3,
          () => `a third run:\n${run.out.stdout}`,
        );
        expect(lastRun(run.out.stdout).slice(0, -1)).toEqual(await fresh());
        unlinkSync(fixture.path('k8s', 'search.yaml'));
        await waitFor(
          () => runs() === 4,
          () => `a fourth run:\n${run.out.stdout}`,
        );
        expect(lastRun(run.out.stdout).slice(0, -1)).toEqual(await fresh());
        // The first run models everything, unless the cache file (written by the first pass) holds it already.
        const first = args.length === 0 ? [0, total] : [total, 0];
        expect(kept(run.out.stderr)).toEqual([first, [total - 1, 1], [total, 1], [total, 0]]);
      } finally {
        run.stop();
      }
      expect(await run.done).toBe(0);
      writeFileSync(fixture.path('k8s', 'search.yaml'), files['k8s/search.yaml']!);
      unlinkSync(fixture.path('k8s', '0-first.yaml'));
      writeFileSync(fixture.path('k8s', 'storefront.yaml'), files['k8s/storefront.yaml']!);
      if (args.length === 0) await cli(['--cache', '-f', 'compact', 'k8s'], { cwd: fixture.dir });
    }
  }, 60_000);

  it('refuses standard input and the rules command', async () => {
    const io = { cwd: repoRoot, env: {}, stdoutIsTTY: false, stdout: () => {}, stderr: () => {} };
    let stderr = '';
    expect(await runCli(['--watch', '-'], { ...io, stderr: (t) => void (stderr += t) })).toBe(2);
    expect(stderr).toBe('svclint: --watch cannot watch standard input ("-"); name files, folders or globs\n');
    expect(await runCli(['rules', '--watch'], io)).toBe(2);
  });
});

describe('watched folders', () => {
  it('covers named folders recursively, folders of named files and glob bases, but not node_modules or dot folders', async () => {
    fixture = writeFixture({
      'k8s/a.yaml': '',
      'k8s/sub/b.yaml': '',
      'k8s/node_modules/x/c.yaml': '',
      'k8s/.cache/d.yaml': '',
      'other/e.yaml': '',
      'globbed/deep/f.yaml': '',
    });
    const { directories } = await watchedDirectories(
      { paths: ['k8s', 'other/e.yaml', 'globbed/**/*.yaml', 'missing/x.yaml'], context: ['!k8s/sub'] },
      fixture.dir,
    );
    expect([...directories].map((d) => path.relative(fixture!.dir, d) || '.').sort()).toEqual([
      '.',
      'globbed',
      'globbed/deep',
      'k8s',
      'k8s/sub',
      'other',
    ]);
  });

  it('finds the fixed start of a glob', () => {
    expect(globBase('**/*.yaml')).toBe('');
    expect(globBase('k8s/**/*.yaml')).toBe('k8s');
    expect(globBase('deploy/prod/*.{yaml,yml}')).toBe('deploy/prod');
    expect(globBase('deploy/*/base/*.yaml')).toBe('deploy');
  });
});

describe('--watch as a process', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('prints a second run after an edit and exits 0 on SIGINT', async () => {
    fixture = writeFixture({ 'project/k8s/service.yaml': SERVICE('http'), 'project/k8s/deployment.yaml': DEPLOYMENT });
    // The CLI bundled from the current sources, laid out like the package (schemas/ and package.json two up).
    mkdirSync(fixture.path('tool', 'dist', 'cli'), { recursive: true });
    const main = fixture.path('tool', 'dist', 'cli', 'main.mjs');
    writeFileSync(main, await bundle({ entry: 'src/cli/main.ts' }));
    symlinkSync(path.join(repoRoot, 'schemas'), fixture.path('tool', 'schemas'));
    symlinkSync(path.join(repoRoot, 'package.json'), fixture.path('tool', 'package.json'));

    const proc = spawn(process.execPath, [main, '--watch', '--format', 'compact', 'k8s/'], {
      cwd: fixture.path('project'),
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.on('exit', (code, signal) => resolve({ code, signal })),
    );

    await waitFor(
      () => count(stdout, WATCH_END) === 1,
      () => `the first run (stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)})`,
      15_000,
    );
    writeFileSync(fixture.path('project', 'k8s', 'service.yaml'), SERVICE('htp'));
    await waitFor(
      () => count(stdout, WATCH_END) === 2,
      () => `the second run (stdout ${JSON.stringify(stdout)})`,
    );
    expect(stdout.split('\n').filter(Boolean)).toEqual([
      WATCH_BEGIN,
      `${WATCH_END}: 0 errors, 0 warnings, 0 notes in 2 files; watching for changes (Ctrl-C to stop)`,
      WATCH_BEGIN,
      expect.stringMatching(/^k8s\/service\.yaml:10:19: error: .* \[target-port-mismatch\]$/),
      `${WATCH_END}: 1 error, 0 warnings, 0 notes in 2 files; watching for changes (Ctrl-C to stop)`,
    ]);

    proc.kill('SIGINT');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
    expect(await Promise.race([exited, timeout])).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  }, 40_000);
});
