#!/usr/bin/env node
// `npm run update`: regenerates every generated file from the current sources, in dependency order, and says which
// files changed. After it, the tests that compare generated files with the sources pass; read the diff and commit it.
//
//   1. src/model/schema-validators.generated.ts   from schemas/kubernetes/*.schema.json (scripts/gen-schema-validators.mjs)
//   2. dist/ from a clean slate                    npm run build (tsc and the CLI bundle; dist/action/ is kept)
//   3. rules/<id>/README.md, rules/README.md and the rules table of README.md, from each rule's meta; the sample
//      outputs in README.md, from the built CLI (scripts/readme-samples.mjs)
//   4. schemas/config.schema.json, the report-format goldens and the examples/broken findings (scripts/goldens.mjs)
//   5. dist/action/ (committed: the GitHub Action runs it without npm install; scripts/bundle-action.mjs)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const changed = [];

/** Writes `text` to `file` (relative to the root) when it differs, and remembers it. */
function write(file, text) {
  const absolute = path.join(root, file);
  let before = null;
  try {
    before = readFileSync(absolute, 'utf8');
  } catch {
    // A new file.
  }
  if (before === text) return;
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
  changed.push(file);
}

/** Runs a step; stops the update with its output when it fails. */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    process.stderr.write(`npm run update: ${[command, ...args].join(' ')} failed\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
}

// 1. The schema validators are sources of the build: first.
const { generate, OUTFILE: VALIDATORS_FILE } = await import('./gen-schema-validators.mjs');
write(path.relative(root, VALIDATORS_FILE), generate());

// 2. A clean build, which the next steps read.
run('npm', ['run', '--silent', 'build']);

const dist = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { rules } = await dist('rules/index.js');
const { renderRuleDoc, renderRulesIndex, updateReadmeRulesTable } = await dist('src/rule-docs.js');
const { lintPaths } = await dist('src/lint-paths.js');
const { formatters } = await dist('src/report/index.js');
const { configSchema } = await dist('src/config/schema.js');

// 3. Rule docs.
for (const rule of rules) write(`rules/${rule.meta.id}/README.md`, renderRuleDoc(rule));
write('rules/README.md', renderRulesIndex(rules));
write('README.md', updateReadmeRulesTable(readFileSync(path.join(root, 'README.md'), 'utf8'), rules));
// The sample outputs in README.md, from the built CLI (scripts/readme-samples.mjs).
const readmeBefore = readFileSync(path.join(root, 'README.md'), 'utf8');
run(process.execPath, [path.join(root, 'scripts', 'readme-samples.mjs')]);
if (readFileSync(path.join(root, 'README.md'), 'utf8') !== readmeBefore && !changed.includes('README.md'))
  changed.push('README.md');

// 4. Goldens and the configuration schema.
const { goldenFiles } = await import('./goldens.mjs');
for (const [file, text] of await goldenFiles({ lintPaths, formatters, rules, configSchema }, root)) write(file, text);

// 5. The action bundle.
const { ACTION_ENTRIES, bundleFiles, OUTFILE: ACTION_FILE } = await import('./bundle-action.mjs');
for (const [name, text] of await bundleFiles({ entries: ACTION_ENTRIES })) {
  write(path.relative(root, path.join(path.dirname(ACTION_FILE), name)), text);
}

console.log(
  changed.length === 0
    ? `npm run update: every generated file was up to date (${rules.length} rules)`
    : `npm run update: rewrote ${changed.length} file${changed.length === 1 ? '' : 's'} (${rules.length} rules); read the diff before committing:\n${changed.map((f) => `  ${f}`).join('\n')}`,
);
