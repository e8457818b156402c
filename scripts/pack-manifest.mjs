#!/usr/bin/env node
// `npm pack` ships dist/ already built, so the packed package.json has no `prepare` script: installed from the
// tarball (or by pre-commit), npm would otherwise list it as an install script to approve, and running it there
// would fail (the sources and TypeScript are not shipped). prepack removes it, postpack puts package.json back.
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifest = fileURLToPath(new URL('../package.json', import.meta.url));
const saved = `${manifest}.packing`;

if (process.argv[2] === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(saved, text);
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (process.argv[2] === 'restore') {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  throw new Error('usage: pack-manifest.mjs strip|restore');
}
