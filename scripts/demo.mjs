#!/usr/bin/env node
// `npm run demo`: runs the built svclint on the bundled examples and streams its output.
// A showcase: it exits 0 whatever svclint finds; only a missing build is an error.
// Extra arguments (e.g. `npm run demo -- --no-color`) are passed on to svclint.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli', 'svclint.js');
const extraArgs = process.argv.slice(2);

if (!existsSync(cli)) {
  process.stderr.write(
    'svclint demo: the CLI is not built (dist/cli/svclint.js is missing); run `npm run build` first.\n',
  );
  process.exit(1);
}

/** The CLI's own rule: --color/--no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
function colorEnabled() {
  if (extraArgs.includes('--no-color')) return false;
  if (extraArgs.includes('--color')) return true;
  const { NO_COLOR, FORCE_COLOR } = process.env;
  if (NO_COLOR !== undefined && NO_COLOR !== '') return false;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  return process.stdout.isTTY === true;
}

// `npm run demo | head` closes the pipe early: stop quietly.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));

const color = colorEnabled();
const sgr = (open, close) => (text) => (color ? `\x1b[${open}m${text}\x1b[${close}m` : text);
const bold = sgr(1, 22);
const dim = sgr(2, 22);
const cyan = sgr(36, 39);
const green = sgr(32, 39);

const steps = [
  {
    title: 'A healthy application',
    about: [
      'examples/clean: a shop (frontend behind an Envoy sidecar, cart, catalog, a Redis StatefulSet,',
      'StatsD over TCP and UDP) and the classic NodePort webapp-service. Nothing is wrong, so svclint',
      'prints nothing and exits 0.',
    ],
    args: ['examples/clean'],
  },
  {
    title: 'Deliberate mistakes',
    about: ['examples/broken: a pet store with one mistake per file, each marked with a "WRONG:" comment.'],
    args: ['examples/broken'],
  },
  {
    title: 'Predicted endpoints of the healthy application',
    about: ['Where each Service port sends its traffic: workload/container:containerPort.'],
    args: ['endpoints', 'examples/clean'],
  },
  {
    title: 'Predicted endpoints of the broken application',
    about: ['Ports that reach no pods, or not all of the pods they select, say why.'],
    args: ['endpoints', 'examples/broken'],
  },
];

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
await say(bold(`svclint ${version} demo`));
await say(dim('Static checks that every Kubernetes Service reaches the pods and ports it is meant to reach.'));

for (const [i, step] of steps.entries()) {
  const args = [...step.args, ...extraArgs];
  await say();
  await say(bold(cyan(`── ${i + 1}/${steps.length}  ${step.title} `.padEnd(78, '─'))));
  for (const line of step.about) await say(dim(line));
  await say(`${dim('$')} svclint ${args.join(' ')}`);
  const outcome = await runSvclint(args);
  await say(describe(outcome, step.args[0] === 'endpoints'));
}

await say();
// svclint is not on the npm registry: npx would not find it outside a project that installed it.
await say(dim('Try it on your own manifests from this checkout: node dist/cli/svclint.js <files or folders>,'));
await say(
  dim('or helm template . | node dist/cli/svclint.js -; to install it elsewhere, see "Installing" in README.md.'),
);
process.exit(0);

/** Writes a line and waits until it is flushed, so it never overtakes or trails the CLI's own output. */
function say(text = '') {
  return new Promise((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
}

/** Runs the CLI from the repository root (so it prints relative paths), sharing this terminal. */
function runSvclint(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => resolve({ error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

function describe({ error, code, signal }, endpoints) {
  if (error) return `(could not run svclint: ${error.message})`;
  if (signal) return `(svclint was stopped by ${signal})`;
  if (code === 0) return endpoints ? dim('(exit code 0)') : green('✔ no problems (exit code 0)');
  if (code === 1 && !endpoints) return dim('(exit code 1: errors found; in CI this fails the build)');
  return `(exit code ${code}: svclint failed; see its message above)`;
}
