// Finding, reading and validating the configuration file.
import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
  type Scalar,
} from 'yaml';
import { displayPath, UsageError } from '../input/inputs.js';
import type { ExternalPort, ExternalWorkload } from '../model/build.js';
import { formatMapSelector } from '../model/selector.js';
import type { Labels, Protocol } from '../model/types.js';
import { makeRange, rangeOf } from '../position/range.js';
import type { Rule } from '../rule.js';
import { parseClusterDomain, parseKubernetesVersion, parseNodePortRange, type KubernetesVersion } from '../settings.js';
import { validateConfig, type ConfigProblem } from './validate.js';
import type { ConfigFile, ConfiguredChart, ConfiguredSet, RenderMode, RuleSetting, RuleSeverity } from './types.js';
import type { FailOn } from '../lint.js';

/** The names a configuration file may have, in the order they are looked for in each folder. */
export const CONFIG_FILE_NAMES = [
  'svclint.config.yaml',
  'svclint.config.yml',
  '.svclintrc.yaml',
  '.svclintrc.yml',
  '.svclintrc.json',
] as const;

/** An invalid configuration: one line per problem, each printed after "svclint: " (exit code 2). */
export class ConfigError extends UsageError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/**
 * The configuration file that applies in `start`: the first of CONFIG_FILE_NAMES in `start`, else in its parent,
 * and so on up to the root of the git repository (the first folder with a .git entry) or of the file system. A
 * configuration outside the repository (in a home folder) never applies to it, so a run on a laptop and a run in
 * CI read the same configuration. Two configuration files in one folder are an error: which one wins is a guess.
 */
export function findConfigFile(start: string, cwd = start): string | null {
  let dir = path.resolve(start);
  for (;;) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter(isFile);
    if (found.length > 1) {
      throw new UsageError(
        `${found.map((f) => displayPath(f, cwd)).join(' and ')}: two configuration files in one folder; keep one`,
      );
    }
    if (found.length === 1) return found[0]!;
    if (existsSync(path.join(dir, '.git'))) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface ConfigLookup {
  /** --config (or the action's `config` input), relative to `start`: must exist. */
  explicit?: string | null;
  /** --no-config: no file at all. */
  disabled?: boolean;
  /** What paths in messages (and the configuration's patterns, once rebased) are relative to. */
  cwd: string;
  /** Where discovery starts and what `explicit` is relative to (default: cwd). */
  start?: string;
  /** The rules that can be configured (default: every built-in rule). */
  rules: readonly Rule[];
}

/** The configuration file to use, read and validated; null when there is none. */
export async function resolveConfigFile(lookup: ConfigLookup): Promise<ConfigFile | null> {
  if (lookup.disabled) return null;
  const start = lookup.start ?? lookup.cwd;
  if (lookup.explicit) {
    const file = path.resolve(start, lookup.explicit);
    const info = await stat(file).catch(() => null);
    if (!info) throw new UsageError(`config file ${lookup.explicit} does not exist`);
    if (!info.isFile()) throw new UsageError(`config file ${lookup.explicit} is not a file`);
    return readConfigFile(file, lookup.cwd, lookup.rules);
  }
  const found = findConfigFile(start, lookup.cwd);
  return found ? readConfigFile(found, lookup.cwd, lookup.rules) : null;
}

/** Reads, parses and validates one configuration file (YAML, or JSON, which is YAML too). */
export async function readConfigFile(file: string, cwd: string, rules: readonly Rule[]): Promise<ConfigFile> {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `config file ${shown}: cannot read it: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
    );
  }
  return parseConfig(text, { path: file, displayPath: shown, rules });
}

/** Parses and validates the text of a configuration file. */
export async function parseConfig(
  text: string,
  source: { path: string; displayPath: string; rules: readonly Rule[] },
): Promise<ConfigFile> {
  const shown = source.displayPath;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shown}:${line}:${col}`;
  };
  const syntax = [...documents].flatMap((d) => d.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`));
  if (syntax.length > 0) throw new ConfigError(syntax);
  if (documents.length > 1)
    throw new ConfigError([
      `${at(documents[1]!.range[0])}: a configuration file must hold one YAML document, not several`,
    ]);
  const doc = documents[0];
  // An empty (or all-comment) file is an empty configuration: `svclint init` writes one.
  const data: unknown = doc?.contents ? doc.toJS({ maxAliasCount: 100 }) : {};
  versionAsWritten(data, doc);

  const schemaProblems = await validateConfig(data, source.rules);
  const problems = schemaProblems.map((p) => describe(p, doc));
  // All problems in one pass: the checks of settings' values too (a nodePortRange whose ends are reversed), except
  // of a setting the schema already rejected.
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const rejected = new Set(schemaProblems.filter((p) => p.path.length > 0).map((p) => p.path[0]));
    problems.push(...semanticProblems(data as RawConfig, doc).filter((p) => !rejected.has(p.key)));
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.offset - b.offset);
    throw new ConfigError([...new Set(problems.map((p) => `${shown}: ${p.text}`))]);
  }
  return normalise(data as RawConfig, doc, {
    path: source.path,
    dir: path.dirname(source.path),
    displayPath: shown,
    lineStarts: lineCounter.lineStarts.length > 0 ? Uint32Array.from(lineCounter.lineStarts) : [0],
  });
}

/** `kubernetesVersion: 1.30` is the number 1.3 to YAML: the version is the scalar as written. */
function versionAsWritten(data: unknown, doc: Document | undefined): void {
  if (!data || typeof data !== 'object' || typeof (data as RawConfig).kubernetesVersion !== 'number') return;
  const node = doc?.get('kubernetesVersion', true) as { source?: unknown } | undefined;
  if (typeof node?.source === 'string') (data as RawConfig).kubernetesVersion = node.source;
}

// ---------------------------------------------------------------------------------------------------------------
// Problems

/** A problem as a line ("rules.x: must be ..."), and where its node is in the file (for ordering). */
interface PlacedProblem {
  text: string;
  offset: number;
}

function describe(problem: ConfigProblem, doc: Document | undefined): PlacedProblem {
  return {
    text: problem.path.length ? `${formatKeyPath(problem.path)}: ${problem.message}` : problem.message,
    offset: offsetOf(doc, problem.path),
  };
}

/** rules.orphan-service, externalWorkloads[0].ports[1].name, externalWorkloads[0].labels["app.kubernetes.io/name"] */
export function formatKeyPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Offset of the node at `segments` (or of its nearest existing parent), for ordering problems as in the file. */
function offsetOf(doc: Document | undefined, segments: readonly (string | number)[]): number {
  for (let n = segments.length; n >= 0; n--) {
    const node = doc?.getIn(segments.slice(0, n), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return node.range[0];
  }
  return 0;
}

function semanticProblems(data: RawConfig, doc: Document | undefined): (PlacedProblem & { key: string })[] {
  const problems: (PlacedProblem & { key: string })[] = [];
  const problem = (segments: [string], message: string) =>
    problems.push({
      key: segments[0],
      text: `${formatKeyPath(segments)}: ${message}`,
      offset: offsetOf(doc, segments),
    });
  if (typeof data.nodePortRange === 'string') {
    const range = parseNodePortRange(data.nodePortRange);
    if (typeof range === 'string') problem(['nodePortRange'], `${range} (expected e.g. 30000-32767)`);
  }
  if (typeof data.clusterDomain === 'string') {
    const domain = parseClusterDomain(data.clusterDomain);
    if (typeof domain === 'string') problem(['clusterDomain'], `${domain} (expected e.g. cluster.local)`);
  }
  if (typeof data.kubernetesVersion === 'string') {
    const version = parseKubernetesVersion(data.kubernetesVersion);
    if (typeof version === 'string') problem(['kubernetesVersion'], `${version} (expected e.g. "1.34")`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalising

interface RawConfig {
  rules?: Record<string, RuleSeverity | [RuleSeverity, Record<string, unknown>?]>;
  nodePortRange?: string;
  clusterDomain?: string;
  kubernetesVersion?: string;
  defaultNamespace?: string;
  include?: string[];
  exclude?: string[];
  context?: string[];
  failOn?: FailOn;
  maxWarnings?: number;
  render?: RenderMode;
  sets?: ConfiguredSet[];
  charts?: ConfiguredChart[];
  cache?: boolean;
  cacheLocation?: string;
  externalWorkloads?: {
    name?: string;
    namespace?: string;
    labels: Labels;
    ports?: { name?: string; containerPort: number; protocol?: Protocol }[];
    replicas?: number;
  }[];
}

function normalise(
  data: RawConfig,
  doc: Document | undefined,
  file: Pick<ConfigFile, 'path' | 'dir' | 'displayPath' | 'lineStarts'>,
): ConfigFile {
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(data.rules ?? {})) {
    rules[id] =
      typeof value === 'string' ? { severity: value, options: {} } : { severity: value[0], options: value[1] ?? {} };
  }
  const config: ConfigFile = { ...file, rules };
  if (data.nodePortRange !== undefined)
    config.nodePortRange = parseNodePortRange(data.nodePortRange) as ConfigFile['nodePortRange'];
  if (data.clusterDomain !== undefined)
    config.clusterDomain = (parseClusterDomain(data.clusterDomain) as { domain: string }).domain;
  if (data.kubernetesVersion !== undefined)
    config.kubernetesVersion = parseKubernetesVersion(data.kubernetesVersion) as KubernetesVersion;
  if (data.defaultNamespace !== undefined) config.defaultNamespace = data.defaultNamespace;
  if (data.include !== undefined) config.include = data.include;
  if (data.exclude !== undefined) config.exclude = data.exclude;
  if (data.context !== undefined) config.context = data.context;
  if (data.failOn !== undefined) config.failOn = data.failOn;
  if (data.maxWarnings !== undefined) config.maxWarnings = data.maxWarnings;
  if (data.render !== undefined) config.render = data.render;
  if (data.sets !== undefined) config.sets = data.sets.map((set) => ({ name: set.name, include: [...set.include] }));
  if (data.charts !== undefined)
    config.charts = data.charts.map((chart) => ({ ...chart, ...(chart.values && { values: [...chart.values] }) }));
  if (data.cache !== undefined) config.cache = data.cache;
  if (data.cacheLocation !== undefined) config.cacheLocation = data.cacheLocation;
  if (data.externalWorkloads !== undefined)
    config.externalWorkloads = data.externalWorkloads.map((w, i) => externalWorkload(w, doc, i));
  return config;
}

function externalWorkload(
  raw: NonNullable<RawConfig['externalWorkloads']>[number],
  doc: Document | undefined,
  i: number,
): ExternalWorkload {
  const node = doc?.getIn(['externalWorkloads', i], true);
  const map = isMap(node) ? node : null;
  const portsNode = map?.get('ports', true);
  const workload: ExternalWorkload = {
    name: raw.name ?? formatMapSelector(raw.labels),
    namespace: raw.namespace ?? null,
    labels: { ...raw.labels },
    ports:
      raw.ports?.map((p, j): ExternalPort => {
        const portNode = isSeq(portsNode) ? portsNode.items[j] : undefined;
        const portMap = isMap(portNode) ? portNode : null;
        return {
          name: p.name ?? null,
          containerPort: p.containerPort,
          protocol: p.protocol ?? 'TCP',
          range: rangeOf(portMap) ?? rangeOf(map) ?? makeRange(0, 0),
          nameRange: rangeOf(portMap?.get('name', true) as Scalar | undefined),
          containerPortRange: rangeOf(portMap?.get('containerPort', true) as Scalar | undefined),
        };
      }) ?? null,
    range: rangeOf(map) ?? makeRange(0, 0),
    nameRange: rangeOf(map?.get('name', true) as Scalar | undefined),
    labelsRange: rangeOf(keyOf(map, 'labels')),
  };
  if (raw.replicas !== undefined) workload.replicas = raw.replicas;
  return workload;
}

function keyOf(map: { items: unknown[] } | null, key: string): Node | null {
  const pair = map?.items.find(
    (item): item is Pair<Scalar> => isPair(item) && isScalar(item.key) && item.key.value === key,
  );
  return pair?.key ?? null;
}
