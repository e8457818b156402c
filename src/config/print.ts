// --print-config: the effective configuration, as YAML (a valid configuration file for the working directory) or
// JSON.
import { stringify } from 'yaml';
import type { ExternalWorkload } from '../model/build.js';
import { DEFAULT_CACHE_FILE } from '../input/cache.js';
import type { Rule } from '../rule.js';
import { formatKubernetesVersion, formatNodePortRange } from '../settings.js';
import type { EffectiveConfig } from './apply.js';
import { CONFIG_SCHEMA_URL, SCHEMA_MODELINE } from './schema.js';
import type { RuleSetting } from './types.js';

/**
 * The effective configuration. Rules the configuration sets are listed with their setting; the others keep their
 * own severities, which the YAML shows as comments (listing them would give every finding of a rule that reports at
 * two levels one severity). Paths are relative to the working directory.
 */
export function printConfig(config: EffectiveConfig, rules: readonly Rule[], format: 'yaml' | 'json'): string {
  const settings = {
    nodePortRange: formatNodePortRange(config.nodePortRange),
    clusterDomain: config.clusterDomain,
    kubernetesVersion: formatKubernetesVersion(config.kubernetesVersion),
    defaultNamespace: config.defaultNamespace,
    include: config.include,
    exclude: config.exclude,
    context: config.context,
    failOn: config.failOn,
    ...(config.maxWarnings !== undefined && { maxWarnings: config.maxWarnings }),
    render: config.render,
    sets: config.sets,
    charts: config.charts,
    cache: config.cache,
    cacheLocation: config.cacheLocation ?? DEFAULT_CACHE_FILE,
    externalWorkloads: config.externalWorkloads.map((w) => printedWorkload(w, config.defaultNamespace)),
  };
  const configured = Object.fromEntries(
    Object.entries(config.rules).map(([id, setting]) => [id, printedRule(setting)]),
  );
  if (format === 'json')
    return `${JSON.stringify({ $schema: CONFIG_SCHEMA_URL, rules: configured, ...settings }, null, 2)}\n`;

  const source = config.file ? config.file.displayPath : 'no configuration file';
  const lines = [
    SCHEMA_MODELINE,
    `# The effective configuration: built-in defaults < ${source} < command-line flags.`,
    '# Paths are relative to the working directory.',
  ];
  lines.push(Object.keys(configured).length ? 'rules:' : 'rules: {}');
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    if (setting)
      lines.push(`  ${rule.meta.id}: ${stringify(printedRule(setting), { collectionStyle: 'flow' }).trimEnd()}`);
    else lines.push(`  # ${rule.meta.id}: ${rule.meta.severity} (its own severity)`);
  }
  for (const [key, value] of Object.entries(settings)) {
    lines.push(stringify({ [key]: value }).trimEnd());
    if (key === 'failOn' && config.maxWarnings === undefined) lines.push('# maxWarnings: (no limit)');
  }
  return `${lines.join('\n')}\n`;
}

function printedRule(setting: RuleSetting): string | [string, Record<string, unknown>] {
  return Object.keys(setting.options).length ? [setting.severity, setting.options] : setting.severity;
}

function printedWorkload(w: ExternalWorkload, defaultNamespace: string) {
  return {
    name: w.name,
    namespace: w.namespace ?? defaultNamespace,
    labels: w.labels,
    ...(w.ports && {
      ports: w.ports.map((p) => ({
        ...(p.name !== null && { name: p.name }),
        containerPort: p.containerPort,
        protocol: p.protocol,
      })),
    }),
    ...(w.replicas !== undefined && { replicas: w.replicas }),
  };
}
