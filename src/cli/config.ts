// The configuration file in the CLI: find and read it, then let the command-line flags override it.
import type { LintPathsOptions } from '../lint-paths.js';
import { UsageError } from '../input/inputs.js';
import type { Rule } from '../rule.js';
import { effectiveConfig, lintOptionsOf, type ConfigOverrides, type EffectiveConfig } from '../config/apply.js';
import { resolveConfigFile } from '../config/load.js';
import { printConfig } from '../config/print.js';
import { writeStarterConfig } from '../config/init.js';
import { nearest } from '../config/validate.js';
import type { CliOptions } from './args.js';

export const NO_PATHS = 'no paths given: name files, folders, globs or "-" for standard input';

export interface ConfiguredRun {
  /** The options with the configuration's settings filled in where no flag was given. */
  options: CliOptions;
  config: EffectiveConfig;
  /** What the configuration sets of the lint run (rules, exclusions, external workloads, cluster settings). */
  lint: LintPathsOptions;
}

/** Reads the configuration file (--config, or the one found from cwd) and merges it under the flags. */
export async function configureRun(options: CliOptions, cwd: string, rules: readonly Rule[]): Promise<ConfiguredRun> {
  const file = await resolveConfigFile({ explicit: options.config, disabled: options.noConfig, cwd, rules });
  const flag = (name: string) => options.explicit.has(name);
  const ids = rules.map((r) => r.meta.id);
  for (const { id } of options.rules) {
    if (ids.includes(id)) continue;
    const near = nearest(id, ids);
    throw new UsageError(`--rule ${id}: unknown rule; ${near ? `did you mean ${near}?` : 'svclint rules lists them'}`);
  }
  const overrides: ConfigOverrides = {
    ...(options.namespace !== undefined && { defaultNamespace: options.namespace }),
    ...(options.nodePortRange && { nodePortRange: options.nodePortRange }),
    ...(options.clusterDomain !== undefined && { clusterDomain: options.clusterDomain }),
    ...(options.kubernetesVersion !== undefined && { kubernetesVersion: options.kubernetesVersion }),
    ...(flag('context') && { context: options.context }),
    ...(flag('fail-on') && { failOn: options.failOn }),
    ...(options.maxWarnings !== undefined && { maxWarnings: options.maxWarnings }),
    ...(flag('render') && { render: options.render }),
    ...(options.cache !== undefined && { cache: options.cache }),
    ...(options.cacheLocation !== undefined && { cacheLocation: options.cacheLocation }),
    ...(options.rules.length > 0 && { rules: Object.fromEntries(options.rules.map((r) => [r.id, r.severity])) }),
  };
  const config = effectiveConfig(file, overrides, cwd, rules);
  // Paths on the command line replace include.
  const paths = options.paths.length > 0 ? options.paths : config.include;
  if (paths.length === 0 && !options.printConfig) {
    const hint = file ? `, or set include in ${file.displayPath}` : '';
    throw new UsageError(`${NO_PATHS}${hint} (see svclint --help)`);
  }
  return {
    options: {
      ...options,
      paths,
      context: config.context,
      namespace: config.defaultNamespace,
      nodePortRange: config.nodePortRange,
      clusterDomain: config.clusterDomain,
      kubernetesVersion: config.kubernetesVersion,
      failOn: config.failOn,
      maxWarnings: config.maxWarnings,
      render: config.render,
      cache: config.cache,
      cacheLocation: config.cacheLocation,
    },
    config,
    lint: lintOptionsOf(config, rules),
  };
}

/** --print-config: YAML, or JSON with --format json. */
export function printEffectiveConfig(run: ConfiguredRun, rules: readonly Rule[]): string {
  return printConfig(run.config, rules, run.options.format === 'json' ? 'json' : 'yaml');
}

/** svclint init: writes the starter configuration and returns what to tell the user. */
export async function initConfig(options: CliOptions, cwd: string, rules: readonly Rule[]): Promise<string> {
  const written = await writeStarterConfig(cwd, rules, options.force);
  return `wrote ${written}: every setting is commented out with its default; uncomment what you change`;
}
