// Reads a kustomization file: which paths it builds from, which it only consumes (patches, generator inputs,
// transformer configs), and what it does that svclint cannot do without kustomize.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { isDirectory } from '../input/inputs.js';
import { isRecord, list, strings } from './plain-data.js';

/** The names kustomize looks for in a folder, in its order (konfig.RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export interface Kustomization {
  /** Absolute path of the kustomization file. */
  file: string;
  dir: string;
  /** `kind: Component` (kustomize.config.k8s.io/v1alpha1): only ever used by another kustomization. */
  component: boolean;
  /** Resource files (absolute), in the order listed. */
  resourceFiles: string[];
  /** Kustomization folders it builds on: resources and bases that are folders, and components. */
  bases: string[];
  /** Files that are inputs of the build but not objects of it: patches, generator inputs, configs. */
  consumed: string[];
  /** metadata.namespace of the objects it emits (the `namespace` field), or null. */
  namespace: string | null;
  /** What only kustomize can apply: patches, generators, transformers, name prefixes, vars. */
  transforms: string[];
  /** Names of its `vars`: kustomize replaces `$(NAME)` in the objects with them when it builds. */
  vars: string[];
  /** The ConfigMaps and Secrets its configMapGenerator and secretGenerator make (names before prefixes and hashes). */
  generated: { kind: 'ConfigMap' | 'Secret'; name: string }[];
  /** Features that need flags svclint never passes to kustomize (they run code or fetch charts). */
  unsafe: string[];
  /** Resources or bases that are remote (URLs): not in the input. */
  remote: string[];
  /** Paths it names that do not exist. */
  missing: string[];
  /** Set when the file cannot be read as a kustomization. */
  problem: string | null;
  /** Where each top-level key is in the file (character offsets), for notes about it. */
  keys: Map<string, [number, number]>;
}

/** The kustomization file of a folder, or null when it has none. */
export function kustomizationFileIn(dir: string): string | null {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return null;
}

export function isKustomizationFileName(file: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(path.basename(file));
}

const PATCH_LIST_FIELDS = ['patchesStrategicMerge', 'patchesJson6902', 'patches'] as const;
const GENERATOR_FIELDS = ['configMapGenerator', 'secretGenerator'] as const;
const PLUGIN_FIELDS = ['transformers', 'generators', 'validators'] as const;
const TRANSFORM_FIELDS = [
  ...PATCH_LIST_FIELDS,
  ...GENERATOR_FIELDS,
  ...PLUGIN_FIELDS,
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'replicas',
  'vars',
  'replacements',
] as const;

export function readKustomization(file: string): Kustomization {
  const dir = path.dirname(file);
  const k: Kustomization = {
    file,
    dir,
    component: false,
    resourceFiles: [],
    bases: [],
    consumed: [],
    namespace: null,
    transforms: [],
    vars: [],
    generated: [],
    unsafe: [],
    remote: [],
    missing: [],
    problem: null,
    keys: new Map(),
  };
  let data: unknown;
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: false });
    if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0]);
    data = doc.toJS({ maxAliasCount: 100 });
    if (isMap(doc.contents)) {
      for (const pair of doc.contents.items)
        if (isScalar(pair.key) && pair.key.range)
          k.keys.set(String(pair.key.value), [pair.key.range[0], pair.key.range[1]]);
    }
  } catch (error) {
    k.problem = `cannot read this kustomization: ${(error as Error).message}`;
    return k;
  }
  if (data === null || data === undefined) return k;
  if (typeof data !== 'object' || Array.isArray(data)) {
    k.problem = 'cannot read this kustomization: it is not a mapping';
    return k;
  }
  const fields = data as Record<string, unknown>;
  k.component = fields.kind === 'Component';
  if (typeof fields.namespace === 'string' && fields.namespace !== '') k.namespace = fields.namespace;
  for (const entry of [...strings(fields.resources), ...strings(fields.bases)]) addResource(k, entry);
  for (const entry of strings(fields.components)) addBase(k, entry);
  for (const field of PATCH_LIST_FIELDS) {
    for (const patch of list(fields[field])) {
      // A patch is a path, an inline patch (a string with a new line, or `patch:`), or `{ path, target }`.
      if (typeof patch === 'string' && !patch.includes('\n')) consume(k, patch);
      else if (isRecord(patch) && typeof patch.path === 'string') consume(k, patch.path);
    }
  }
  for (const field of GENERATOR_FIELDS) {
    for (const generator of list(fields[field])) {
      if (!isRecord(generator)) continue;
      if (typeof generator.name === 'string' && generator.name !== '')
        k.generated.push({ kind: field === 'configMapGenerator' ? 'ConfigMap' : 'Secret', name: generator.name });
      // files: [key=path | path], envs: [path], env: path (legacy).
      for (const entry of strings(generator.files))
        consume(k, entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : entry);
      for (const entry of [...strings(generator.envs), ...strings(generator.env)]) consume(k, entry);
    }
  }
  for (const field of ['crds', 'configurations'] as const)
    for (const entry of strings(fields[field])) consume(k, entry);
  for (const replacement of list(fields.replacements))
    if (isRecord(replacement) && typeof replacement.path === 'string') consume(k, replacement.path);
  if (isRecord(fields.openapi) && typeof fields.openapi.path === 'string') consume(k, fields.openapi.path);
  for (const field of PLUGIN_FIELDS) {
    for (const entry of list(fields[field])) {
      // A plugin is a config file, a kustomization folder of configs, or an inline config object.
      if (typeof entry !== 'string' || entry.includes('\n')) continue;
      const absolute = path.resolve(dir, entry);
      if (isDirectory(absolute)) addBase(k, entry);
      else consume(k, entry);
    }
  }
  for (const v of list(fields.vars)) if (isRecord(v) && typeof v.name === 'string') k.vars.push(v.name);
  for (const field of TRANSFORM_FIELDS)
    if (fields[field] !== undefined && fields[field] !== null) k.transforms.push(field);
  // In the order of the file, so that notes name (and point at) the first one the reader meets.
  k.transforms.sort((a, b) => (k.keys.get(a)?.[0] ?? 0) - (k.keys.get(b)?.[0] ?? 0));
  if (fields.helmCharts !== undefined || fields.helmChartInflationGenerator !== undefined)
    k.unsafe.push('helmCharts (needs --enable-helm)');
  for (const field of PLUGIN_FIELDS)
    if (pluginRunsCode(fields[field]))
      k.unsafe.push(`${field} with exec or container functions (needs --enable-alpha-plugins)`);
  return k;
}

function addResource(k: Kustomization, entry: string): void {
  if (isRemote(entry)) return void k.remote.push(entry);
  const absolute = path.resolve(k.dir, entry);
  if (isDirectory(absolute)) k.bases.push(absolute);
  else if (existsSync(absolute)) k.resourceFiles.push(absolute);
  else k.missing.push(entry);
}

function addBase(k: Kustomization, entry: string): void {
  if (isRemote(entry)) return void k.remote.push(entry);
  const absolute = path.resolve(k.dir, entry);
  if (isDirectory(absolute)) k.bases.push(absolute);
  else k.missing.push(entry);
}

function consume(k: Kustomization, entry: string): void {
  if (!isRemote(entry)) k.consumed.push(path.resolve(k.dir, entry));
}

/** A URL or a git reference (`github.com/org/repo//path?ref=v1`): kustomize fetches it, svclint cannot. */
function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    /^git@/.test(entry) ||
    /\?ref=/.test(entry)
  );
}

/** A function annotation (config.kubernetes.io/function) with exec or container: kustomize would run a program. */
function pluginRunsCode(value: unknown): boolean {
  return list(value).some(
    (entry) => isRecord(entry) && JSON.stringify(entry).includes('config.kubernetes.io/function'),
  );
}
