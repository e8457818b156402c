#!/usr/bin/env node
// Removes the build output (`npm run build` runs it first), so that dist/ holds only what the current sources make: a
// rule or module deleted from src/ or rules/ cannot linger in dist/ and be run by the tests or shipped by npm pack.
// dist/action/ stays: it is committed, and only scripts/bundle-action.mjs rewrites it.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const KEEP = new Set(['action']);
let entries = [];
try {
  entries = readdirSync(dist);
} catch {
  // No dist/ yet: nothing to remove.
}
for (const name of entries) if (!KEEP.has(name)) rmSync(path.join(dist, name), { recursive: true, force: true });
