#!/usr/bin/env node
// The sample outputs in README.md are svclint's real output: each block between
//   <!-- sample: svclint ARGS -->  and  <!-- /sample -->
// is a text block of `$ svclint ARGS` and what svclint prints for it (several sample lines: one block of several
// commands), run from the repository root without colours. `npm run update` (which runs this script) rewrites them with the
// built CLI; test/readme-samples.test.ts checks them against the sources.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const README = path.join(ROOT, 'README.md');

const BLOCK = /<!-- sample: ([^\n]*?) -->\n[\s\S]*?<!-- \/sample -->/g;
const FENCE = '```';

/** The svclint arguments of a sample line ("svclint endpoints examples/clean"): split at spaces, no quoting. */
export function sampleArgs(command) {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'svclint') throw new Error(`README.md sample "${command}" must start with svclint`);
  return words.slice(1);
}

/** The commands of each sample block, in order. */
export function sampleCommands(readme) {
  return [...readme.matchAll(BLOCK)].map((m) => m[1].split(';').map((c) => c.trim()));
}

/** README.md with every sample block rewritten from `run(args)` (what svclint prints on standard output). */
export async function renderSamples(readme, run) {
  const blocks = [...readme.matchAll(BLOCK)];
  let out = '';
  let last = 0;
  for (const block of blocks) {
    const commands = block[1].split(';').map((c) => c.trim());
    const parts = [];
    for (const command of commands) parts.push(`$ ${command}\n${await run(sampleArgs(command))}`);
    out += readme.slice(last, block.index);
    out += `<!-- sample: ${block[1]} -->\n${FENCE}text\n${parts.join('\n')}${FENCE}\n<!-- /sample -->`;
    last = block.index + block[0].length;
  }
  return out + readme.slice(last);
}

/** The built CLI as a process, from the repository root, without colours. */
function runBuilt(args) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'svclint.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TIMING: undefined },
  });
  if (result.status === 2 || result.error)
    throw new Error(`svclint ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  return result.stdout;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(README, 'utf8');
  const updated = await renderSamples(readme, async (args) => runBuilt(args));
  if (updated !== readme) writeFileSync(README, updated);
  console.log(
    `README.md: ${sampleCommands(readme).flat().length} sample outputs ${updated === readme ? 'up to date' : 'rewritten'}`,
  );
}
