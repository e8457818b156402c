// The effective configuration: built-in defaults, then the configuration file, then command-line flags (or the
// action's inputs); and what it means for a lint run.
import path from 'node:path';
import { isDynamicPattern } from 'globby';
import type { LintPathsOptions } from '../lint-paths.js';
import { escapeGlob } from '../input/exclude.js';
import type { ExternalWorkload } from '../model/build.js';
import type { Rule } from '../rule.js';
import { DEFAULT_SETTINGS, type KubernetesVersion, type NodePortRange } from '../settings.js';
import type { ConfigFile, ConfiguredChart, ConfiguredSet, RenderMode, RuleSetting, RuleSeverity } from './types.js';
import type { FailOn } from '../lint.js';

/** Settings given on the command line (or as action inputs); undefined: not given, the file or the default decides. */
export interface ConfigOverrides {
  defaultNamespace?: string;
  nodePortRange?: NodePortRange;
  clusterDomain?: string;
  kubernetesVersion?: KubernetesVersion;
  /** Relative to cwd; replaces the file's context. */
  context?: readonly string[];
  failOn?: FailOn;
  /** -1: no limit (also over the file's maxWarnings). */
  maxWarnings?: number;
  render?: RenderMode;
  cache?: boolean;
  /** Relative to cwd. */
  cacheLocation?: string;
  /** Severities by rule id (--rule id:severity): they replace the file's severity and keep its options. */
  rules?: Readonly<Record<string, RuleSeverity>>;
}

export interface EffectiveConfig {
  /** The working directory the patterns are relative to. */
  cwd: string;
  /** The configuration file read, if any. */
  file: ConfigFile | null;
  /** The rules the configuration sets, by id, in rule order; the others keep their own severities. */
  rules: Record<string, RuleSetting>;
  nodePortRange: NodePortRange;
  clusterDomain: string;
  kubernetesVersion: KubernetesVersion;
  defaultNamespace: string;
  /** Patterns relative to cwd (the file's are rebased from its folder). */
  include: string[];
  exclude: string[];
  context: string[];
  failOn: FailOn;
  maxWarnings: number | undefined;
  render: RenderMode;
  /** Patterns relative to cwd. */
  sets: ConfiguredSet[];
  /** Paths relative to cwd. */
  charts: ConfiguredChart[];
  cache: boolean;
  /** Relative to cwd; undefined: .svclintcache in cwd. */
  cacheLocation: string | undefined;
  externalWorkloads: ExternalWorkload[];
}

/** Flags > configuration file > built-in defaults. */
export function effectiveConfig(
  file: ConfigFile | null,
  overrides: ConfigOverrides,
  cwd: string,
  rules: readonly Rule[],
): EffectiveConfig {
  const rebase = (patterns: readonly string[] | undefined) =>
    (patterns ?? []).map((p) => rebasePattern(p, file!.dir, cwd));
  return {
    cwd,
    file,
    rules: Object.fromEntries(
      rules.flatMap((r) => {
        const setting = file?.rules[r.meta.id];
        const severity = overrides.rules?.[r.meta.id];
        if (severity) return [[r.meta.id, { severity, options: setting?.options ?? {} }]];
        return setting ? [[r.meta.id, setting]] : [];
      }),
    ),
    nodePortRange: overrides.nodePortRange ?? file?.nodePortRange ?? DEFAULT_SETTINGS.nodePortRange,
    clusterDomain: overrides.clusterDomain ?? file?.clusterDomain ?? DEFAULT_SETTINGS.clusterDomain,
    kubernetesVersion: overrides.kubernetesVersion ?? file?.kubernetesVersion ?? DEFAULT_SETTINGS.kubernetesVersion,
    defaultNamespace: overrides.defaultNamespace ?? file?.defaultNamespace ?? 'default',
    include: rebase(file?.include),
    exclude: rebase(file?.exclude),
    context: overrides.context ? [...overrides.context] : rebase(file?.context),
    failOn: overrides.failOn ?? file?.failOn ?? 'error',
    // -1 is no limit, as ESLint's --max-warnings -1.
    maxWarnings: noLimit(overrides.maxWarnings ?? file?.maxWarnings),
    render: overrides.render ?? file?.render ?? 'auto',
    sets: (file?.sets ?? []).map((set) => ({ name: set.name, include: rebase(set.include) })),
    charts: (file?.charts ?? []).map((chart) => ({
      ...chart,
      path: rebasePath(chart.path, file!.dir, cwd),
      ...(chart.values && { values: chart.values.map((v) => rebasePath(v, file!.dir, cwd)) }),
    })),
    cache: overrides.cache ?? file?.cache ?? false,
    cacheLocation:
      overrides.cacheLocation ??
      (file?.cacheLocation !== undefined ? rebaseLocation(file.cacheLocation, file.dir, cwd) : undefined),
    externalWorkloads: file?.externalWorkloads ?? [],
  };
}

/** A cache location relative to the configuration file's folder, relative to cwd; a trailing slash (a folder) stays. */
function rebaseLocation(location: string, dir: string, cwd: string): string {
  const rebased = rebasePath(location, dir, cwd);
  return /[\\/]$/.test(location) ? `${rebased}/` : rebased;
}

function noLimit(maxWarnings: number | undefined): number | undefined {
  return maxWarnings === undefined || maxWarnings < 0 ? undefined : maxWarnings;
}

/** What the effective configuration sets of a lint run (lintPaths options). */
export function lintOptionsOf(config: EffectiveConfig, rules: readonly Rule[]): LintPathsOptions {
  return {
    rules: configuredRules(rules, config.rules),
    settings: {
      nodePortRange: config.nodePortRange,
      clusterDomain: config.clusterDomain,
      kubernetesVersion: config.kubernetesVersion,
    },
    defaultNamespace: config.defaultNamespace,
    context: config.context,
    render: config.render,
    ...(config.sets.length > 0 && { sets: config.sets }),
    ...(config.charts.length > 0 && { charts: config.charts }),
    ...(config.cache && { cache: true }),
    ...(config.cacheLocation !== undefined && { cacheLocation: config.cacheLocation }),
    // The configuration file is no manifest: never linted, not even by `svclint .` or a context glob.
    exclude: config.file
      ? [...config.exclude, rebasePattern(path.basename(config.file.path), config.file.dir, config.cwd)]
      : config.exclude,
    ...(config.file &&
      config.externalWorkloads.length > 0 && {
        externalWorkloads: {
          file: config.file.displayPath,
          lineStarts: config.file.lineStarts,
          workloads: config.externalWorkloads,
        },
      }),
  };
}

/**
 * The rules with their configured severity and options: `off` leaves a rule out; a severity replaces the severity of
 * every finding of the rule, also of rules that report at several levels (as ESLint applies one severity to a rule):
 * `target-port-mismatch: warning` makes its errors warnings, and `target-port-mismatch: error` its warnings errors.
 * Rules the configuration does not name keep their own levels.
 */
export function configuredRules(rules: readonly Rule[], settings: Readonly<Record<string, RuleSetting>>): Rule[] {
  const configured: Rule[] = [];
  for (const rule of rules) {
    const setting = settings[rule.meta.id];
    if (!setting) {
      configured.push(rule);
      continue;
    }
    const { severity, options } = setting;
    if (severity === 'off') continue;
    configured.push({
      meta: { ...rule.meta, severity },
      check: (context) =>
        rule.check({
          ...context,
          options,
          report: (report) => context.report({ ...report, severity }),
        }),
    });
  }
  return configured;
}

/**
 * A pattern relative to `from` (the configuration file's folder) as a pattern relative to `cwd`: "k8s/**\/*.yaml"
 * in ../svclint.config.yaml becomes "../k8s/**\/*.yaml". "!pattern" stays an exclusion.
 */
export function rebasePattern(pattern: string, from: string, cwd: string): string {
  if (pattern.startsWith('!')) return `!${rebasePattern(pattern.slice(1), from, cwd)}`;
  if (path.isAbsolute(pattern)) return pattern;
  const base = path.relative(cwd, from);
  if (base === '') return pattern;
  if (isDynamicPattern(pattern)) return `${escapeGlob(base)}/${pattern.replace(/^(\.\/)+/, '')}`;
  return path.join(base, pattern).split(path.sep).join('/');
}

/** A path relative to the configuration file's folder, relative to cwd (a path, not a glob: nothing is escaped). */
function rebasePath(file: string, dir: string, cwd: string): string {
  return path.relative(cwd, path.resolve(dir, file)).split(path.sep).join('/') || '.';
}
