// Per-rule times in one process, steadier than whole runs on a busy machine: the set is read and modelled once,
// then the analysis and every rule run `--rounds` times, interleaved, and the fastest round of each is kept.
//
//   node bench/rules.mjs <dir or file> [--rounds 5] [--rule id,id]
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { lintPaths, analyse, rules, DEFAULT_SETTINGS } = await import(path.join(REPO_ROOT, 'dist', 'src', 'index.js'));

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args.splice(i, 2)[1];
};
const rounds = Number(flag('--rounds', '5'));
const only = flag('--rule', '').split(',').filter(Boolean);
const [target] = args;
if (!target) {
  console.error('usage: node bench/rules.mjs <dir or file> [--rounds 5] [--rule id,id]');
  process.exit(2);
}
const { model } = await lintPaths([path.resolve(target)], { rules: [] });
const chosen = rules.filter((rule) => only.length === 0 || only.includes(rule.meta.id));
const best = new Map();
const keep = (name, ms) => best.set(name, Math.min(best.get(name) ?? Infinity, ms));
for (let round = 0; round < rounds; round++) {
  let started = performance.now();
  const analysis = analyse(model, DEFAULT_SETTINGS);
  keep('analysis', performance.now() - started);
  for (const rule of chosen) {
    started = performance.now();
    let findings = 0;
    rule.check({ model, analysis, settings: DEFAULT_SETTINGS, report: () => findings++ });
    keep(`rule ${rule.meta.id}`, performance.now() - started);
  }
}
console.log(`${model.objects.length} objects, fastest of ${rounds} rounds (ms):`);
for (const [name, ms] of [...best].sort((a, b) => b[1] - a[1])) console.log(`${ms.toFixed(1).padStart(10)}  ${name}`);
