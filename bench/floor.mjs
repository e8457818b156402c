// The floor: what a bare `yaml` parse of the same files costs in one process, the least any YAML linter pays.
//
//   node bench/floor.mjs <dir>
//
// For each *.yaml/*.yml/*.json file (as svclint finds them): parseAllDocuments with a LineCounter, then
// toJS() of every document; nothing is kept. Prints {files, documents, bytes, parseSeconds} as JSON.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments } from 'yaml';

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** Manifest files under `dir`, sorted; skips dot-folders and node_modules like svclint's globby call. */
export function listManifestFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((relative) => MANIFEST_FILE.test(relative))
    .filter((relative) => !relative.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
    .map((relative) => path.join(dir, relative))
    .sort();
}

export function parseFloor(dir) {
  const started = performance.now();
  let documents = 0;
  let bytes = 0;
  const files = listManifestFiles(dir);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    const parsed = parseAllDocuments(text, { lineCounter: new LineCounter() });
    // parseAllDocuments returns an EmptyStream (no documents) for an empty file.
    for (const doc of Array.isArray(parsed) ? parsed : []) {
      documents++;
      doc.toJS();
    }
  }
  return { files: files.length, documents, bytes, parseSeconds: (performance.now() - started) / 1000 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node bench/floor.mjs <dir>');
    process.exit(2);
  }
  console.log(JSON.stringify(parseFloor(path.resolve(dir))));
}
