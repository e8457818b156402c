// svclint's benchmark: the whole CLI process on synthetic sets of 1k/10k/100k objects, against "the floor"
// (a bare `yaml` parse of the same files), then every directory of the shared real-world corpus. Other input
// shapes (--shape) check that no step is super-linear: one file or standard input of everything, a selector typo
// in every Service, one namespace, identical labels, many Services per workload, a repository root of small files;
// --cache and --watch re-lints are measured when the CLI has them.
//
//   npm run bench [-- --shape many-files,one-file,...|all] [--sizes 1000,10000] [--no-corpus] [--repeat k] [--rss auto|time|preload]
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OUT_ROOT, DEFAULT_SHAPE, SHAPES, ensureGenerated } from './generate.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'svclint.js');
const FLOOR = path.join(BENCH_DIR, 'floor.mjs');
const CORPUS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
const RESULTS_DIR = path.join(DEFAULT_OUT_ROOT, 'results');
const SMALL_FILE = 'examples/clean/frontend.yaml';
const REPOS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'repos');
const DEFAULT_SIZES = [1_000, 10_000, 100_000];
/** Sizes of the other shapes: the issue's 10k and 40k, whose ratio shows a super-linear step. */
const SHAPE_SIZES = [10_000, 40_000];
/** Extra measurements that are shapes of their own: a repository root of small files, --cache and --watch re-lints. */
const EXTRA_SHAPES = {
  'repo-root': 'a repository root of 3,000 small files (copies of the shared repos), --render never',
  cache: "--cache: a cold run, then a warm one after one of 10,000 objects' files changed (when the CLI has --cache)",
  watch: '--watch: the re-lint after one file of 10,000 objects changed',
};
const ALL_SHAPES = [...Object.keys(SHAPES), ...Object.keys(EXTRA_SHAPES)];
/** A rule taking more than this share of a 40k run is a target MISSED. */
const RULE_SHARE_TARGET = 0.05;

const USAGE = `usage: npm run bench -- [--shape ${DEFAULT_SHAPE},...|all] [--sizes 1000,10000,100000] [--no-corpus] [--repeat k] [--rss auto|time|preload]
  --shape    input shapes, comma-separated, or all (default ${DEFAULT_SHAPE}):
${[...Object.entries(SHAPES).map(([name, shape]) => [name, shape.description]), ...Object.entries(EXTRA_SHAPES)].map(([name, text]) => `               ${name}: ${text}`).join('\n')}
  --sizes    synthetic set sizes in objects (1k/10k/100k suffixes allowed); default ${DEFAULT_SIZES.join(',')} for ${DEFAULT_SHAPE}, ${SHAPE_SIZES.join(',')} for the others
  --no-corpus  skip linting ${path.relative(REPO_ROOT, CORPUS_DIR)}
  --repeat   run each measurement k times and keep the fastest (default 1)
  --rss      how to read a child's peak RSS: /usr/bin/time, a --import preload, or auto (time when it works)
`;

function parseOptions(argv) {
  const options = { sizes: null, shapes: [DEFAULT_SHAPE], corpus: true, repeat: 1, rss: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    // Ascending and without duplicates, so the scaling lines compare each size with the next smaller one.
    if (arg === '--sizes') options.sizes = [...new Set(value().split(',').map(parseSize))].sort((a, b) => a - b);
    else if (arg === '--shape') options.shapes = parseShapes(value());
    else if (arg === '--no-corpus') options.corpus = false;
    else if (arg === '--repeat') options.repeat = parsePositiveInteger(value(), '--repeat');
    else if (arg === '--rss') options.rss = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}`);
  }
  if (!['auto', 'time', 'preload'].includes(options.rss)) fail('--rss must be auto, time or preload');
  return options;
}

function parseShapes(text) {
  const names = text === 'all' ? ALL_SHAPES : [...new Set(text.split(',').map((name) => name.trim()))];
  for (const name of names)
    if (!ALL_SHAPES.includes(name)) fail(`--shape: "${name}" is not one of ${ALL_SHAPES.join(', ')}`);
  return names;
}

function parseSize(text) {
  const match = /^(\d+)(k?)$/i.exec(text.trim().replaceAll('_', ''));
  if (!match) fail(`--sizes: "${text}" is not a number of objects`);
  return parsePositiveInteger(match[1], '--sizes') * (match[2] ? 1000 : 1);
}

function parsePositiveInteger(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(`${name} must be a positive whole number, not "${text}"`);
  return n;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Build

/** Builds when dist/ is missing; only warns when it is older than the sources (the tree may be mid-edit). */
function ensureBuilt() {
  if (!existsSync(CLI)) {
    console.log('dist/ is missing: running npm run build ...');
    const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status !== 0 || !existsSync(CLI)) {
      console.error('bench: npm run build failed');
      process.exit(2);
    }
  } else if (newestSource() > statSync(CLI).mtimeMs) {
    console.log('warning: dist/ is older than src/ or rules/; run `npm run build` to measure the current code');
  }
}

function newestSource() {
  let newest = 0;
  for (const folder of ['src', 'rules']) {
    const root = path.join(REPO_ROOT, folder);
    if (!existsSync(root)) continue;
    for (const relative of readdirSync(root, { recursive: true })) {
      if (relative.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(root, relative)).mtimeMs);
    }
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring a child process: wall time from spawn to exit, its CPU time (user + system) and its peak RSS

const GNU_TIME = '/usr/bin/time';
// Both probes write "user-seconds system-seconds peak-RSS-KiB" to a file.
const TIME_FORMAT = '%U %S %M';
// Fallback probe: the child itself writes its usage when it exits (maxRSS is in KiB, like GNU time's %M).
const USAGE_PRELOAD =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>{' +
  'const u=process.resourceUsage();writeFileSync(process.env.BENCH_USAGE_FILE,`${u.userCPUTime/1e6} ${u.systemCPUTime/1e6} ${u.maxRSS}`)})';

function createUsageProbe(choice) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const usageFile = path.join(RESULTS_DIR, 'child-usage.txt');
  const viaTime = {
    name: `${GNU_TIME} -f '${TIME_FORMAT}'`,
    command: (nodeArgs) => [GNU_TIME, ['-f', TIME_FORMAT, '-o', usageFile, process.execPath, ...nodeArgs]],
    env: process.env,
    usageFile,
  };
  const viaPreload = {
    name: 'node --import preload (process.resourceUsage())',
    command: (nodeArgs) => [process.execPath, ['--import', USAGE_PRELOAD, ...nodeArgs]],
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    usageFile,
  };
  if (choice === 'preload') return viaPreload;
  // Check that this `time` is GNU time with -f/-o (busybox's is not) by timing a trivial node process.
  let timeWorks = false;
  if (existsSync(GNU_TIME)) {
    rmSync(usageFile, { force: true });
    spawnSync(...viaTime.command(['-e', '0']));
    timeWorks = readUsage(usageFile).rssKiB > 0;
  }
  if (timeWorks) return viaTime;
  if (choice === 'time') fail(`${GNU_TIME} is missing or does not support -f/-o`);
  return viaPreload;
}

function readUsage(usageFile) {
  if (!existsSync(usageFile)) return { cpuSeconds: NaN, rssKiB: NaN };
  // GNU time writes "Command exited with non-zero status 1" before the format line when the child fails.
  const lines = readFileSync(usageFile, 'utf8').trim().split('\n');
  const [user, system, rssKiB] = lines[lines.length - 1].split(' ').map(Number);
  return { cpuSeconds: user + system, rssKiB };
}

/**
 * Runs node with `nodeArgs` under the probe; resolves to { seconds, cpuSeconds, rssKiB, exitCode, stdout, stderr }.
 * `stdinFile` becomes the child's standard input; `env` is added to the environment.
 */
function runNode(probe, nodeArgs, { stdinFile = null, env = {} } = {}) {
  rmSync(probe.usageFile, { force: true });
  const [command, args] = probe.command(nodeArgs);
  const stdin = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...probe.env, ...env },
      stdio: [stdin, 'pipe', 'pipe'],
    });
    if (typeof stdin === 'number') child.on('spawn', () => closeSync(stdin));
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const seconds = (performance.now() - started) / 1000;
      resolve({
        seconds,
        ...readUsage(probe.usageFile),
        exitCode,
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
      });
    });
  });
}

function faster(best, result) {
  return !best || result.seconds < best.seconds ? result : best;
}

/** Runs once; `check` throws when the run did not do its job. */
async function runChecked(run, check) {
  const result = await run();
  check(result);
  return result;
}

/** Keeps the fastest of `repeat` runs. */
async function fastestOf(repeat, run, check) {
  let best = null;
  for (let i = 0; i < repeat; i++) best = faster(best, await runChecked(run, check));
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// svclint and the floor

/**
 * The CLI exits 1 when there are error findings, so a run failed when it exited otherwise or wrote no report
 * (a crash while loading modules also exits 1). Returns the reason, or null.
 */
function cliFailure(result, outputFile) {
  const firstLine = errorLine(result.stderr);
  if (result.exitCode !== 0 && result.exitCode !== 1) return `exit ${result.exitCode}: ${firstLine}`;
  if (outputFile && !existsSync(outputFile)) return `exit ${result.exitCode} without a report: ${firstLine}`;
  return null;
}

/** The line of a child's stderr that says what went wrong (Node prints a source excerpt before the error). */
function errorLine(stderr) {
  const lines = stderr.trim().split('\n');
  return lines.find((line) => /^(svclint: |\w*Error\b)/.test(line)) ?? lines[0] ?? '';
}

function checkCli(label, outputFile = null) {
  return (result) => {
    const failure = cliFailure(result, outputFile);
    if (failure) throw new Error(`svclint failed on ${label} (${failure})`);
  };
}

/** One CLI run with TIMING=all (its table, on stderr, gives each rule's time); `stdinFile` is linted as "-". */
function runCli(probe, dir, outputFile, { stdinFile = null, extraArgs = [] } = {}) {
  // A report left by an earlier run must not pass for this run's.
  rmSync(outputFile, { force: true });
  const input = stdinFile ? '-' : dir;
  return runNode(probe, [CLI, input, '--format', 'json', '--output', outputFile, ...extraArgs], {
    stdinFile,
    env: { TIMING: 'all' },
  });
}

/** The rules of a TIMING table on stderr: [{ name, ms }], slowest first. */
function ruleTimes(stderr) {
  const rules = [];
  for (const line of stderr.split('\n')) {
    const match = /^rule (\S+)\s*\|\s*([\d.]+)\s*\|/.exec(line);
    if (match) rules.push({ name: match[1], ms: Number(match[2]) });
  }
  return rules.sort((a, b) => b.ms - a.ms);
}

/** Summary and per rule/severity finding counts of a JSON report. */
function readReport(outputFile) {
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  const byRule = {};
  for (const finding of report.findings) {
    const key = `${finding.ruleId}/${finding.severity}`;
    byRule[key] = (byRule[key] ?? 0) + 1;
  }
  return { summary: report.summary, byRule };
}

async function benchSynthetic(size, probe, repeat, shape = DEFAULT_SHAPE) {
  const stamp = ensureGenerated(size, { shape, log: (message) => console.log(`  ${message}`) });
  if (stamp.reused)
    console.log(`  reusing ${path.relative(REPO_ROOT, stamp.dir)} (${stamp.files} files, stamp matches)`);
  else
    console.log(`  generated ${stamp.files} files, ${mib(stamp.bytes)} MiB in ${stamp.generationSeconds.toFixed(1)} s`);
  const outputFile = path.join(RESULTS_DIR, `${shape}-${size}.json`);
  // Standard input: the one-file set's single file, piped to `svclint -`.
  const stdinFile = shape === 'stdin' ? stamp.file : null;
  const checkFloor = (result) => {
    if (result.exitCode !== 0) throw new Error(`floor failed on synthetic-${size}: ${errorLine(result.stderr)}`);
  };
  let cli = null;
  let floor = null;
  // CLI and floor alternate, so a slow phase of the machine hurts both alike.
  for (let i = 0; i < repeat; i++) {
    cli = faster(
      cli,
      await runChecked(
        () => runCli(probe, stamp.dir, outputFile, { stdinFile }),
        checkCli(`${shape}-${size}`, outputFile),
      ),
    );
    floor = faster(floor, await runChecked(() => runNode(probe, [FLOOR, stamp.dir]), checkFloor));
  }
  const { summary, byRule } = readReport(outputFile);
  const floorResult = JSON.parse(floor.stdout);
  const expected = stamp.expectedFindings;
  const findingsMatch =
    summary.objects === size &&
    Object.keys({ ...expected, ...byRule }).every((key) => (expected[key] ?? 0) === (byRule[key] ?? 0));
  const rules = ruleTimes(cli.stderr);
  const row = { shape, size, stamp, cli, floor, floorResult, summary, byRule, findingsMatch, rules };
  console.log(
    `  svclint ${seconds(cli.seconds)} s (CPU ${seconds(cli.cpuSeconds)} s), ${mib(cli.rssKiB * 1024)} MiB peak; ` +
      `floor ${seconds(floor.seconds)} s (CPU ${seconds(floor.cpuSeconds)} s, parse ${seconds(floorResult.parseSeconds)} s in-process), ` +
      `${mib(floor.rssKiB * 1024)} MiB peak; ` +
      `findings ${findingsMatch ? 'as expected' : `DIFFER: expected ${JSON.stringify(expected)}, got ${JSON.stringify(byRule)}`}`,
  );
  if (rules.length)
    console.log(
      `  slowest rules: ${rules
        .slice(0, 3)
        .map((r) => `${r.name} ${Math.round(r.ms)} ms (${percent(r.ms / 1000 / cli.seconds)})`)
        .join(', ')}`,
    );
  return row;
}

async function benchCorpus(probe, repeat) {
  const directories = readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const rows = [];
  for (const name of directories) {
    const outputFile = path.join(RESULTS_DIR, `corpus-${name}.json`);
    const run = await fastestOf(
      repeat,
      () => runCli(probe, path.join(CORPUS_DIR, name), outputFile),
      () => {},
    );
    // A directory svclint cannot lint is a row of the table, not the end of the benchmark.
    const failure = cliFailure(run, outputFile);
    const row = { name, run, failure, summary: failure ? null : readReport(outputFile).summary };
    rows.push(row);
    console.log(
      `  ${name}: ${seconds(run.seconds)} s${row.failure ? `, ${row.failure}` : `, ${row.summary.errors} errors, ${row.summary.warnings} warnings`}`,
    );
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function seconds(value) {
  return value.toFixed(value < 10 ? 2 : 1);
}

function mib(bytes) {
  return (bytes / 1024 / 1024).toFixed(0);
}

function percent(share) {
  return `${(100 * share).toFixed(1)}%`;
}

function thousands(value) {
  return Math.round(value).toLocaleString('en-US');
}

function formatTable(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
  // First column left-aligned (names), the rest right-aligned (numbers).
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function syntheticTable(rows) {
  // Wall time is what the issue asks for; CPU time (user + system) is steadier on a busy machine.
  const headers = [
    'objects',
    'files',
    'MiB',
    'svclint s',
    'svclint CPU s',
    'objects/s',
    'svclint RSS MiB',
    'floor s',
    'floor CPU s',
    'floor RSS MiB',
    'svclint/floor',
    'slowest rule',
    'findings E/W',
    'as expected',
  ];
  const body = rows.map((r) => [
    thousands(r.size),
    r.stamp.files,
    mib(r.stamp.bytes),
    seconds(r.cli.seconds),
    seconds(r.cli.cpuSeconds),
    thousands(r.size / r.cli.seconds),
    mib(r.cli.rssKiB * 1024),
    seconds(r.floor.seconds),
    seconds(r.floor.cpuSeconds),
    mib(r.floor.rssKiB * 1024),
    `${(r.cli.seconds / r.floor.seconds).toFixed(2)}x`,
    r.rules.length ? `${r.rules[0].name} ${percent(r.rules[0].ms / 1000 / r.cli.seconds)}` : '-',
    `${r.summary.errors}/${r.summary.warnings}`,
    r.findingsMatch ? 'yes' : 'NO',
  ]);
  const lines = [formatTable(headers, body)];
  // Scaling between consecutive sizes: a linear tool takes (b/a) times as long for b objects as for a.
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    const label = `t(${short(b.size)})/t(${short(a.size)})`;
    const ratio = (pick) => `${(pick(b) / pick(a)).toFixed(2)}x`;
    lines.push(
      `scaling ${label}: svclint ${ratio((r) => r.cli.seconds)}, floor ${ratio((r) => r.floor.seconds)} ` +
        `(CPU time: svclint ${ratio((r) => r.cli.cpuSeconds)}, floor ${ratio((r) => r.floor.cpuSeconds)}; linear: ${(b.size / a.size).toFixed(0)}x)`,
    );
  }
  return lines.join('\n');
}

function loadAverage() {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

function short(size) {
  return size % 1000 === 0 ? `${size / 1000}k` : String(size);
}

function corpusTable(rows) {
  const headers = ['directory', 'files', 'objects', 'wall s', 'RSS MiB', 'errors', 'warnings', 'notes'];
  const body = rows.map((r) =>
    r.summary
      ? [
          r.name,
          r.summary.files,
          r.summary.objects,
          seconds(r.run.seconds),
          mib(r.run.rssKiB * 1024),
          r.summary.errors,
          r.summary.warnings,
          r.summary.notes,
        ]
      : [r.name, '-', '-', seconds(r.run.seconds), mib(r.run.rssKiB * 1024), r.failure, '', ''],
  );
  const ok = rows.filter((r) => r.summary);
  const sum = (pick) => ok.reduce((total, r) => total + pick(r), 0);
  body.push([
    `TOTAL (${rows.length} directories${ok.length < rows.length ? `, ${rows.length - ok.length} failed` : ''})`,
    sum((r) => r.summary.files),
    sum((r) => r.summary.objects),
    seconds(rows.reduce((total, r) => total + r.run.seconds, 0)),
    `max ${mib(Math.max(...rows.map((r) => r.run.rssKiB)) * 1024)}`,
    sum((r) => r.summary.errors),
    sum((r) => r.summary.warnings),
    sum((r) => r.summary.notes),
  ]);
  return formatTable(headers, body);
}

/** The performance targets svclint holds itself to, each with the figure this run measured ("not measured" when
 * this run did not include its shape). */
function targetLines({ rows, smallFile, repoRoot, cache, watch }) {
  const lines = [];
  const check = (ok, text) => lines.push(`${ok ? 'met    ' : 'MISSED '} ${text}`);
  const notMeasured = (text, why) => lines.push(`n/a     ${text}: not measured (${why})`);
  const row = (shape, size) => rows.find((r) => r.shape === shape && r.size === size);
  const ratio = (r) => r.cli.seconds / r.floor.seconds;
  // A run whose findings differ from the generator's (a refused file, a crash) proves no speed target.
  const valid = (...measured) => measured.every((r) => r.findingsMatch);
  const unless = (...measured) => (valid(...measured) ? '' : '; findings NOT as expected');

  for (const shape of ['one-file', 'stdin']) {
    const label = shape === 'stdin' ? 'standard input of 40k objects' : 'one file of 40k objects';
    const [at10k, at40k] = [row(shape, 10_000), row(shape, 40_000)];
    if (at40k)
      check(
        valid(at40k) && ratio(at40k) <= 0.8,
        `${label}: end to end at most 0.8x the floor (${ratio(at40k).toFixed(2)}x${unless(at40k)})`,
      );
    else notMeasured(`${label}: at most 0.8x the floor`, `--shape ${shape} --sizes 10k,40k`);
    if (at10k && at40k) {
      const scaling = at40k.cli.seconds / at10k.cli.seconds;
      check(
        valid(at10k, at40k) && scaling <= 4.4,
        `${label}: t(40k)/t(10k) at most 4.4 (${scaling.toFixed(2)}${unless(at10k, at40k)})`,
      );
    } else notMeasured(`${label}: t(40k)/t(10k) at most 4.4`, `--shape ${shape} --sizes 10k,40k`);
  }
  for (const size of [10_000, 100_000]) {
    const r = row(DEFAULT_SHAPE, size);
    const text = `many files, ${short(size)}: end to end at most 0.75x the floor`;
    if (r) check(valid(r) && ratio(r) <= 0.75, `${text} (${ratio(r).toFixed(2)}x${unless(r)})`);
    else notMeasured(text, `--shape ${DEFAULT_SHAPE} --sizes ${short(size)}`);
  }
  const at100k = row(DEFAULT_SHAPE, 100_000);
  if (at100k)
    check(
      at100k.cli.rssKiB / 1024 < 600,
      `many files, 100k: peak RSS under 600 MiB (${mib(at100k.cli.rssKiB * 1024)} MiB)`,
    );
  else notMeasured('many files, 100k: peak RSS under 600 MiB', `--shape ${DEFAULT_SHAPE} --sizes 100k`);
  const at10k = row(DEFAULT_SHAPE, 10_000);
  if (at10k && at100k) {
    const scaling = at100k.cli.seconds / at10k.cli.seconds;
    check(scaling <= 10.5, `many files: t(100k)/t(10k) at most 10.5 (${scaling.toFixed(2)})`);
  }
  // Every shape measured at 40k: the slowest rule's share of the whole run (wall time of the process).
  const at40k = rows.filter((r) => r.size === 40_000 && r.rules.length);
  if (at40k.length) {
    for (const r of at40k) {
      const top = r.rules[0];
      const share = top.ms / 1000 / r.cli.seconds;
      check(
        share <= RULE_SHARE_TARGET,
        `${r.shape}, 40k: no rule above 5% of the run (slowest: ${top.name}, ${Math.round(top.ms)} ms, ${percent(share)})`,
      );
    }
  } else notMeasured('no rule above 5% of the run at 40k on any shape', 'no shape run at 40k; --shape all');
  if (cache === null)
    notMeasured('--cache warm, one changed file of 10k objects: at most 15% of the cold run', '--shape cache');
  else if (cache.unsupported)
    notMeasured(
      '--cache warm, one changed file of 10k objects: at most 15% of the cold run',
      'this svclint has no --cache',
    );
  else {
    const share = cache.warm.seconds / cache.cold.seconds;
    check(
      share <= 0.15,
      `--cache warm, one changed file of 10k objects: at most 15% of the cold run (${seconds(cache.warm.seconds)} s of ${seconds(cache.cold.seconds)} s, ${percent(share)})`,
    );
  }
  if (watch === null) notMeasured('--watch re-lint after one change: at most 15% of a cold run', '--shape watch');
  else if (watch.unsupported)
    notMeasured('--watch re-lint after one change: at most 15% of a cold run', 'this svclint has no --watch');
  else {
    const share = watch.relintSeconds / watch.coldSeconds;
    check(
      share <= 0.15,
      `--watch re-lint after one change of 10k objects: at most 15% of a cold run (${seconds(watch.relintSeconds)} s of ${seconds(watch.coldSeconds)} s, ${percent(share)})`,
    );
  }
  if (repoRoot)
    check(
      repoRoot.run.seconds < 3,
      `repository root of ${thousands(repoRoot.files)} small files: under 3 s (${seconds(repoRoot.run.seconds)} s)`,
    );
  else notMeasured('repository root of 3,000 small files: under 3 s', '--shape repo-root');
  if (smallFile)
    check(
      smallFile.seconds < 0.2,
      `one small file linted in under 200 ms from process start (${Math.round(smallFile.seconds * 1000)} ms)`,
    );
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Repository root, --cache and --watch

/** Whether the CLI's --help names an option (the cache and the watcher come and go with the build measured). */
function cliHasOption(option) {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  return new RegExp(`(^|[\\s,])${option}\\b`, 'm').test(`${help.stdout}${help.stderr}`);
}

/** Copies of the shared repos, one sample folder each, until the root holds `target` files. */
function ensureRepoRoot(target = 3_000) {
  const dir = path.join(DEFAULT_OUT_ROOT, `repo-root-${target}`);
  const stamp = `${dir}.stamp.json`;
  if (existsSync(stamp) && existsSync(dir)) return JSON.parse(readFileSync(stamp, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  // The repos only: the corpus holds multi-megabyte files (CRD bundles), not a repository's many small ones.
  const sources = existsSync(REPOS_DIR)
    ? readdirSync(REPOS_DIR, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(REPOS_DIR, e.name))
        .sort()
    : [];
  if (sources.length === 0) return null;
  const countFiles = (folder) =>
    readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  let files = 0;
  for (let copy = 0; files < target; copy++) {
    for (const source of sources) {
      if (files >= target) break;
      const into = path.join(dir, `sample-${String(copy).padStart(2, '0')}-${path.basename(source)}`);
      cpSync(source, into, { recursive: true, filter: (from) => !path.basename(from).startsWith('.git') });
      files += countFiles(into);
    }
  }
  const saved = { dir, files };
  writeFileSync(stamp, `${JSON.stringify(saved)}\n`);
  return saved;
}

async function benchRepoRoot(probe, repeat) {
  const root = ensureRepoRoot();
  if (!root) {
    console.log(`  no ${REPOS_DIR} to copy: skipped`);
    return null;
  }
  const outputFile = path.join(RESULTS_DIR, 'repo-root.json');
  const run = await fastestOf(
    repeat,
    () => runCli(probe, root.dir, outputFile, { extraArgs: ['--render', 'never'] }),
    checkCli('repo-root', outputFile),
  );
  console.log(`  ${thousands(root.files)} files: ${seconds(run.seconds)} s, ${mib(run.rssKiB * 1024)} MiB peak`);
  return { files: root.files, run };
}

/** A copy of the 10k many-files set that the cache and watch measurements may change. */
function mutableCopy(name) {
  const stamp = ensureGenerated(10_000, { log: (message) => console.log(`  ${message}`) });
  const dir = path.join(RESULTS_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(stamp.dir, dir, { recursive: true });
  const changed = path.join(
    dir,
    readdirSync(dir, { recursive: true })
      .filter((f) => f.endsWith('.yaml'))
      .sort()[0],
  );
  return { dir, changed };
}

/** Changes one file's content (a comment: its objects and the findings stay the same). */
function touch(file, n) {
  appendFileSync(file, `# bench change ${n}\n`);
}

async function benchCache(probe, repeat) {
  if (!cliHasOption('--cache')) {
    console.log('  this svclint has no --cache: not measured');
    return { unsupported: true };
  }
  const { dir, changed } = mutableCopy('cache-10000');
  const location = path.join(RESULTS_DIR, 'bench.svclintcache');
  const outputFile = path.join(RESULTS_DIR, 'cache-10000.json');
  const args = { extraArgs: ['--cache', '--cache-location', location] };
  let cold = null;
  let warm = null;
  for (let i = 0; i < repeat; i++) {
    rmSync(location, { recursive: true, force: true });
    cold = faster(
      cold,
      await runChecked(() => runCli(probe, dir, outputFile, args), checkCli('cache-10000 (cold)', outputFile)),
    );
    touch(changed, i);
    warm = faster(
      warm,
      await runChecked(() => runCli(probe, dir, outputFile, args), checkCli('cache-10000 (warm)', outputFile)),
    );
  }
  console.log(
    `  cold ${seconds(cold.seconds)} s, warm after one changed file ${seconds(warm.seconds)} s (${percent(warm.seconds / cold.seconds)})`,
  );
  return { cold, warm };
}

/**
 * --watch: the cold run is a plain CLI run of the set; the re-lint is the time from changing one file to the end
 * of the run it starts (the watcher's quiet time included, as a user waits for it).
 */
async function benchWatch(probe, repeat) {
  if (!cliHasOption('--watch')) {
    console.log('  this svclint has no --watch: not measured');
    return { unsupported: true };
  }
  const { dir, changed } = mutableCopy('watch-10000');
  const outputFile = path.join(RESULTS_DIR, 'watch-cold-10000.json');
  const cold = await fastestOf(
    repeat,
    () => runCli(probe, dir, outputFile),
    checkCli('watch-10000 (cold)', outputFile),
  );
  let best = Infinity;
  for (let i = 0; i < repeat; i++) best = Math.min(best, await watchRelint(dir, changed, i));
  console.log(
    `  cold run ${seconds(cold.seconds)} s, re-lint after one change ${seconds(best)} s (${percent(best / cold.seconds)})`,
  );
  return { coldSeconds: cold.seconds, relintSeconds: best };
}

function watchRelint(dir, changed, n) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--watch', dir, '--format', 'compact', '--no-color'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let finished = 0;
    let changedAt = 0;
    const timeout = setTimeout(() => {
      child.kill();
      reject(new Error('--watch did not finish a re-lint within 10 minutes'));
    }, 600_000);
    child.on('error', reject);
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.startsWith('[svclint] lint finished')) continue;
        finished++;
        if (finished === 1) {
          // The first run is done: change one file and time the run that follows.
          changedAt = performance.now();
          touch(changed, `watch ${n}`);
        } else {
          clearTimeout(timeout);
          const elapsed = (performance.now() - changedAt) / 1000;
          child.kill();
          resolve(elapsed);
        }
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  ensureBuilt();
  const probe = createUsageProbe(options.rss);
  const started = performance.now();
  console.log(
    `svclint benchmark: node ${process.version}, ${os.cpus().length} CPUs, usage via ${probe.name}, best of ${options.repeat}`,
  );
  // Other processes on the machine slow every number down; the load average says how much to trust them.
  console.log(`load average at start: ${loadAverage()}`);

  // Node start-up plus module loading, which every CLI run below pays once.
  const startup = await fastestOf(
    options.repeat,
    () => runNode(probe, [CLI, '--version']),
    (result) => {
      if (result.exitCode !== 0)
        throw new Error(`svclint --version failed (exit ${result.exitCode}): ${errorLine(result.stderr)}`);
    },
  );
  // What a pre-commit hook or an editor pays per run: one small file, from process start to exit.
  const smallFile = await fastestOf(
    options.repeat,
    () => runNode(probe, [CLI, SMALL_FILE, '--format', 'compact', '--no-color']),
    (result) => {
      if (result.exitCode > 1)
        throw new Error(`svclint ${SMALL_FILE} failed (exit ${result.exitCode}): ${errorLine(result.stderr)}`);
    },
  );
  const syntheticRows = [];
  let repoRoot = null;
  let cache = null;
  let watch = null;
  for (const shape of options.shapes) {
    if (shape === 'repo-root') {
      console.log('repository root:');
      repoRoot = await benchRepoRoot(probe, options.repeat);
    } else if (shape === 'cache') {
      console.log('--cache, 10,000 objects:');
      cache = await benchCache(probe, options.repeat);
    } else if (shape === 'watch') {
      console.log('--watch, 10,000 objects:');
      watch = await benchWatch(probe, options.repeat);
    } else {
      for (const size of options.sizes ?? (shape === DEFAULT_SHAPE ? DEFAULT_SIZES : SHAPE_SIZES)) {
        console.log(`${shape} ${thousands(size)} objects:`);
        syntheticRows.push(await benchSynthetic(size, probe, options.repeat, shape));
      }
    }
  }
  let corpusRows = null;
  if (options.corpus && existsSync(CORPUS_DIR)) {
    console.log(`corpus ${CORPUS_DIR}:`);
    corpusRows = await benchCorpus(probe, options.repeat);
  } else if (options.corpus) {
    console.log(`corpus: ${CORPUS_DIR} not found, skipped`);
  }

  console.log('\n=== svclint vs the floor (bare yaml parseAllDocuments + toJS, one process) ===');
  for (const shape of new Set(syntheticRows.map((r) => r.shape))) {
    console.log(`${shape}: ${SHAPES[shape].description}`);
    console.log(syntheticTable(syntheticRows.filter((r) => r.shape === shape)));
  }
  console.log(`svclint start-up (--version): ${seconds(startup.seconds)} s, ${mib(startup.rssKiB * 1024)} MiB`);
  console.log(
    `svclint on one small file (${SMALL_FILE}): ${seconds(smallFile.seconds)} s, ${mib(smallFile.rssKiB * 1024)} MiB`,
  );
  console.log(
    `\n=== targets ===\n${targetLines({ rows: syntheticRows, smallFile, repoRoot, cache, watch }).join('\n')}`,
  );
  if (corpusRows) {
    console.log(
      `\n=== real-world corpus (${path.relative(REPO_ROOT, CORPUS_DIR)}), one svclint process per directory ===`,
    );
    console.log(corpusTable(corpusRows));
  }
  console.log(
    `\nbench took ${seconds((performance.now() - started) / 1000)} s, load average at end: ${loadAverage()}; reports in ${path.relative(REPO_ROOT, RESULTS_DIR)}/`,
  );
  if (syntheticRows.some((r) => !r.findingsMatch)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
