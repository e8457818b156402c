// Command-line parsing: one table of commands and one of options (which commands each applies to, its help), and
// the checks of their values. A new command or flag is a row in a table; parsing, `svclint help <command>` and the
// rejection of options a command ignores follow from the rows.
import { UsageError } from '../input/inputs.js';
import type { Severity } from '../model/types.js';
import { nearest } from '../config/validate.js';
import {
  formatKubernetesVersion,
  NEWEST_KNOWN_KUBERNETES_VERSION,
  parseClusterDomain,
  parseKubernetesVersion,
  parseNodePortRange,
  type KubernetesVersion,
  type NodePortRange,
} from '../settings.js';
import { FAIL_ON, type FailOn } from '../lint.js';
import { FORMAT_NAMES, type FormatName } from '../report/index.js';
import { REACH_FORMATS, type ReachFormat } from '../report/reach.js';

export type RuleOverride = Severity | 'off';

export interface CliOptions {
  command: Command;
  /** svclint help <command>, svclint <command> --help: the command to describe (undefined: the overview). */
  topic: Command | undefined;
  paths: string[];
  /** --context patterns: loaded for the analysis, not reported on. */
  context: string[];
  /** --config file; without it the configuration file is looked for in the working directory and its parents. */
  config: string | undefined;
  /** --no-config: use no configuration file. */
  noConfig: boolean;
  /** --print-config: print the effective configuration and exit. */
  printConfig: boolean;
  /** --force (svclint init): overwrite an existing svclint.config.yaml. */
  force: boolean;
  /** Long names of the options given on the command line: those override the configuration file. */
  explicit: ReadonlySet<string>;
  /** --baseline file: findings it lists are suppressed (kind "external"). */
  baseline: string | undefined;
  /** --update-baseline: write the baseline from this run's findings first. */
  updateBaseline: boolean;
  /** --report-unused-disable-directives */
  reportUnusedDisableDirectives: boolean;
  /** --rule id:severity (repeatable), in the order given: a later one for the same rule wins. */
  rules: { id: string; severity: RuleOverride }[];
  watch: boolean;
  format: FormatName;
  namespace: string | undefined;
  nodePortRange: NodePortRange | undefined;
  clusterDomain: string | undefined;
  /** --kubernetes-version: the cluster's version (which API versions it serves). */
  kubernetesVersion: KubernetesVersion | undefined;
  failOn: FailOn;
  /** --max-warnings: undefined when not given; -1 (as in ESLint) means no limit. */
  maxWarnings: number | undefined;
  quiet: boolean;
  /** --verbose (svclint endpoints): also each Service's DNS names and service-link variables. */
  verbose: boolean;
  /** --format of svclint reach (text by default). */
  reachFormat: ReachFormat;
  output: string | undefined;
  color: boolean | undefined;
  /** --threads: worker threads that parse files ("auto": one per core when the input is large enough to gain). */
  threads: number | 'auto';
  /** --render: build kustomizations with kustomize or kubectl when one is on PATH (auto), or never. */
  render: 'auto' | 'never';
  /** --stdin-filename: the name findings on standard input carry when it has no `# Source:` comments. */
  stdinFilename: string | undefined;
  /** --cache (true), --no-cache (false), neither (undefined: the configuration decides). */
  cache: boolean | undefined;
  /** --cache-location: the cache file, or a folder for .svclintcache (relative to cwd). */
  cacheLocation: string | undefined;
  debug: boolean;
  help: boolean;
  version: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

interface CommandSpec {
  /** What follows "svclint " in the usage line. */
  usage: string;
  /** Its line(s) in the overview's list of commands. */
  summary: readonly string[];
  /** The --format values it prints (the first is the default). */
  formats: readonly FormatName[];
  /** Why it takes no paths, when it takes none. */
  noPaths?: string;
  /** svclint reach prints formats of its own instead (the first is the default). */
  reachFormats?: readonly ReachFormat[];
}

const TEXT_OR_JSON: readonly FormatName[] = ['stylish', 'json'];

export const COMMANDS = {
  lint: {
    usage: '[lint] [options] <paths...>',
    summary: ['report findings (default)'],
    formats: FORMAT_NAMES,
  },
  endpoints: {
    usage: 'endpoints [options] <paths...>',
    summary: [
      'print the predicted endpoints of every Service port (--verbose: with DNS names and service-link',
      'variables; --format json: the lint report with them)',
    ],
    formats: TEXT_OR_JSON,
  },
  reach: {
    usage: 'reach [options] <paths...>',
    summary: [
      'print who may connect to each Service port under the NetworkPolicies, and the verdict of every',
      'call svclint knows (--format text, json, markdown, mermaid or dot)',
    ],
    formats: ['stylish'],
    reachFormats: REACH_FORMATS,
  },
  sets: {
    usage: 'sets [options] <paths...>',
    summary: [
      'list the deployable sets found (kustomizations, Helm charts, GitOps folders, folders of',
      'manifests), each analysed on its own, with their files and why they were grouped so',
    ],
    formats: TEXT_OR_JSON,
  },
  rules: {
    usage: 'rules [--format json]',
    summary: ['list every rule with its default severity and description'],
    formats: TEXT_OR_JSON,
    noPaths: 'it lists the built-in rules',
  },
  init: {
    usage: 'init [--force]',
    summary: ['write a starter svclint.config.yaml (every setting commented out with its default)'],
    formats: ['stylish'],
    noPaths: 'it writes svclint.config.yaml in the working directory',
  },
  help: {
    usage: 'help [command]',
    summary: ['print this help, or the help of one command'],
    formats: ['stylish'],
  },
} as const satisfies Record<string, CommandSpec>;

export type Command = keyof typeof COMMANDS;
const COMMAND_NAMES = Object.keys(COMMANDS) as Command[];
const isCommand = (word: string | undefined): word is Command => word !== undefined && Object.hasOwn(COMMANDS, word);

// ---------------------------------------------------------------------------------------------------------------
// Options

interface OptionSpec {
  /** The long name, without "--". */
  long: string;
  short?: string;
  /** string options take a value (shown as this placeholder in the help); boolean ones take none. */
  value?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: true;
  /** The commands it applies to; every other command rejects it. */
  commands: readonly Command[] | 'all';
  /** Its help, one string per line; null: described with the option before it (--no-color with --color). */
  help: readonly string[] | null;
  /** The left column of the help when it is not just the flag (--color, --no-color). */
  label?: string;
}

/** The commands that read manifests. */
const READING: readonly Command[] = ['lint', 'endpoints', 'reach', 'sets'];
/** The commands that analyse them (and report findings, in JSON for endpoints). */
const ANALYSING: readonly Command[] = ['lint', 'endpoints', 'reach'];

export const OPTIONS: readonly OptionSpec[] = [
  {
    long: 'format',
    short: 'f',
    value: '<name>',
    commands: ['lint', 'endpoints', 'reach', 'sets', 'rules'],
    help: [
      `${FORMAT_NAMES.join(', ')} (default: stylish)`,
      '(endpoints, sets, rules and --print-config: stylish, their text, or json; reach: text, json,',
      'markdown, mermaid or dot)',
    ],
  },
  {
    long: 'namespace',
    short: 'n',
    value: '<ns>',
    commands: ANALYSING,
    help: ['namespace for objects that name none (default: "default")'],
  },
  {
    long: 'node-port-range',
    value: '<first-last>',
    commands: ANALYSING,
    help: ["the API server's --service-node-port-range (default: 30000-32767)"],
  },
  {
    long: 'cluster-domain',
    value: '<domain>',
    commands: ANALYSING,
    help: ["the cluster's DNS domain (default: cluster.local)"],
  },
  {
    long: 'kubernetes-version',
    value: '<1.x>',
    commands: ANALYSING,
    help: [
      "the cluster's Kubernetes version: API versions it no longer serves are errors",
      `(default: ${formatKubernetesVersion(NEWEST_KNOWN_KUBERNETES_VERSION)}, the newest release svclint's API table knows)`,
    ],
  },
  {
    long: 'context',
    value: '<glob>',
    multiple: true,
    commands: READING,
    help: [
      'also load these files, folders or globs (repeatable; "!glob" excludes) for the analysis,',
      'but report findings only for the paths given: e.g. staged files in a pre-commit hook',
      '(.gitignore, dot folders, node_modules and Helm chart templates are skipped)',
    ],
  },
  {
    long: 'config',
    value: '<file>',
    commands: READING,
    help: [
      'configuration file (default: svclint.config.yaml, .svclintrc.yaml or .svclintrc.json in the',
      'working directory or a parent, up to the git repository root); flags override its settings',
    ],
  },
  { long: 'no-config', commands: READING, help: ['use no configuration file'] },
  {
    long: 'print-config',
    commands: READING,
    help: ['print the effective configuration (YAML; JSON with --format json) and exit'],
  },
  { long: 'force', commands: ['init'], help: ['svclint init: overwrite an existing svclint.config.yaml'] },
  {
    long: 'rule',
    value: '<id:severity>',
    multiple: true,
    commands: ANALYSING,
    help: [
      "set a rule's severity (error, warning, note or off) over the configuration file's (repeatable),",
      'e.g. --rule orphan-service:error --rule dns-name:off',
    ],
  },
  {
    long: 'baseline',
    value: '<file>',
    commands: ANALYSING,
    help: [
      'report (and fail on) only findings that are not in this baseline file; the ones in it are',
      'listed as suppressed in json and sarif',
    ],
  },
  {
    long: 'update-baseline',
    commands: ['lint'],
    help: [
      "write this run's findings to the --baseline file (keeping entries of files not linted now),",
      'then report as with --baseline: to adopt svclint in a repository with existing findings',
    ],
  },
  {
    long: 'report-unused-disable-directives',
    commands: ANALYSING,
    help: ['report svclint-disable comments and svclint.dev/ignore annotations that suppress nothing'],
  },
  {
    long: 'watch',
    short: 'w',
    commands: READING,
    help: [
      'lint again whenever a file changes; each run is framed by "[svclint] lint started" and',
      '"[svclint] lint finished: ..." lines (for editor background tasks); Ctrl-C stops',
    ],
  },
  {
    long: 'fail-on',
    value: '<lvl>',
    commands: ['lint'],
    help: ['exit 1 at findings of this severity or above: error (default), warning, note, none'],
  },
  {
    long: 'max-warnings',
    value: '<n>',
    commands: ['lint'],
    help: ['exit 1 when there are more than n warnings (-1: no limit, the default)'],
  },
  {
    long: 'quiet',
    short: 'q',
    commands: ANALYSING,
    help: ['report errors only (warnings and notes still count for --fail-on and --max-warnings)'],
  },
  {
    long: 'verbose',
    commands: ['endpoints'],
    help: ["svclint endpoints: also each Service's DNS names and service-link variables"],
  },
  {
    long: 'output',
    short: 'o',
    value: '<file>',
    commands: ['lint', 'endpoints', 'reach', 'sets', 'rules'],
    help: ['write the report to a file instead of standard output'],
  },
  {
    long: 'color',
    label: '--color, --no-color',
    commands: ANALYSING,
    help: ['force or disable colours (NO_COLOR and FORCE_COLOR are respected)'],
  },
  { long: 'no-color', commands: ANALYSING, help: null },
  {
    long: 'threads',
    value: '<n|auto>',
    commands: READING,
    help: [
      'worker threads that parse files: auto (default: one per core for inputs over 8 MiB) or a',
      'number (1: parse in the main thread)',
    ],
  },
  {
    long: 'render',
    value: '<auto|never>',
    commands: READING,
    help: [
      'build kustomizations with kustomize, else kubectl kustomize, when one is on PATH (auto,',
      'the default; never with plugins, exec or Helm), or lint their files as written (never)',
    ],
  },
  {
    long: 'stdin-filename',
    value: '<name>',
    commands: READING,
    help: [
      'the file name findings on standard input carry (default "-"); rendered Helm output is',
      'split by its "# Source:" comments instead, each template named by its own',
    ],
  },
  {
    long: 'cache',
    commands: READING,
    help: [
      "keep each file's model in a cache file and parse again only the files whose bytes changed",
      '(the analysis and the rules still run on every file); --no-cache: none, whatever the',
      'configuration says',
    ],
  },
  { long: 'no-cache', commands: READING, help: null },
  {
    long: 'cache-location',
    value: '<path>',
    commands: READING,
    help: ['the cache file, or a folder to keep it in (default: .svclintcache in the working directory)'],
  },
  { long: 'debug', commands: 'all', help: ['print stack traces of internal errors'] },
  { long: 'version', short: 'v', commands: 'all', help: ['print the version'] },
  { long: 'help', short: 'h', commands: 'all', help: ['print this help (after a command: the help of that command)'] },
];

const BY_LONG = new Map(OPTIONS.map((o) => [o.long, o]));
const BY_SHORT = new Map(OPTIONS.filter((o) => o.short).map((o) => [o.short!, o]));

const appliesTo = (option: OptionSpec, command: Command) =>
  option.commands === 'all' || option.commands.includes(command);

// ---------------------------------------------------------------------------------------------------------------
// Help

/** Help text starts here; descriptions of long flags go on the next line at this column. */
const HELP_COLUMN = 23;

function optionLines(command: Command | undefined): string[] {
  const lines: string[] = [];
  for (const option of OPTIONS) {
    if (option.help === null || (command !== undefined && !appliesTo(option, command))) continue;
    const flag = option.label ?? `--${option.long}${option.value ? ` ${option.value}` : ''}`;
    const left = `  ${option.short ? `-${option.short}, ` : '    '}${flag}`;
    const [first, ...rest] = option.help;
    if (left.length < HELP_COLUMN) lines.push(`${left.padEnd(HELP_COLUMN)}${first}`);
    else lines.push(left, `${' '.repeat(HELP_COLUMN)}${first}`);
    for (const line of rest) lines.push(`${' '.repeat(HELP_COLUMN)}${line}`);
  }
  return lines;
}

const FOOTER = `Environment: NO_COLOR and FORCE_COLOR as usual; TIMING=1 (or all, or a number of rules) prints the time of each
stage and of the slowest rules on standard error.

Exit codes: 0 nothing at the --fail-on level, 1 findings at or above it, 2 usage, input or internal error.
`;

const usageLines = () =>
  COMMAND_NAMES.map((name, i) => `${i === 0 ? 'Usage:' : '      '} svclint ${COMMANDS[name].usage}`);

/** `svclint --help`, `svclint help`: every command and option. */
export const HELP = `${usageLines().join('\n')}

Lints Kubernetes manifests and proves that every Service reaches the pods and ports it is meant to reach.
Paths may be files, folders (searched for *.yaml, *.yml, *.json), globs, or "-" for standard input
(e.g. \`helm template . | svclint -\`).

Commands:
${COMMAND_NAMES.flatMap((name) => COMMANDS[name].summary.map((line, i) => `  ${(i === 0 ? name : '').padEnd(HELP_COLUMN - 2)}${line}`)).join('\n')}

Options:
${optionLines(undefined).join('\n')}

${FOOTER}`;

/** `svclint help <command>`, `svclint <command> --help`: its usage and the options it takes. */
export function commandHelp(command: Command): string {
  const spec: CommandSpec = COMMANDS[command];
  const about = spec.summary.join(' ');
  return `Usage: svclint ${spec.usage}

${about.charAt(0).toUpperCase()}${about.slice(1)}.${spec.reachFormats ? `\nFormats: ${spec.reachFormats.join(', ')}.` : spec.formats.length > 1 ? `\nFormats: ${spec.formats.join(', ')}.` : ''}

Options:
${optionLines(command).join('\n')}

${FOOTER}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

type Values = Map<string, string | true | string[]>;

const SEE_HELP = '(see svclint --help)';

/**
 * The options and positionals of argv. Not node's parseArgs: its messages are not svclint's, and it takes
 * `--max-warnings -1` for two options. A value may start with "-" when it is a number or "-" itself.
 */
function tokenize(argv: readonly string[]): { values: Values; positionals: string[] } {
  const values: Values = new Map();
  const positionals: string[] = [];
  const set = (option: OptionSpec, value: string | true) => {
    if (option.multiple)
      values.set(option.long, [...((values.get(option.long) as string[] | undefined) ?? []), value as string]);
    else values.set(option.long, value);
  };
  const takesValue = (next: string | undefined) =>
    next !== undefined && (!next.startsWith('-') || next === '-' || /^-\d/.test(next));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const option = BY_LONG.get(name);
      if (!option) throw new UsageError(unknownOption(`--${name}`));
      if (!option.value) {
        if (eq !== -1) throw new UsageError(`--${name} takes no value ${SEE_HELP}`);
        set(option, true);
      } else if (eq !== -1) set(option, arg.slice(eq + 1));
      else if (takesValue(argv[i + 1])) set(option, argv[++i]!);
      else throw new UsageError(`--${name} needs a value ${SEE_HELP}`);
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      // A group of short flags (-qw), the last of which may take a value (-fjson, -qf json).
      for (let j = 1; j < arg.length; j++) {
        const option = BY_SHORT.get(arg[j]!);
        if (!option) throw new UsageError(unknownOption(`-${arg[j]}`));
        if (!option.value) {
          set(option, true);
          continue;
        }
        if (j + 1 < arg.length) set(option, arg.slice(j + 1));
        else if (takesValue(argv[i + 1])) set(option, argv[++i]!);
        else throw new UsageError(`-${option.short}, --${option.long} needs a value ${SEE_HELP}`);
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { values, positionals };
}

function unknownOption(flag: string): string {
  const near = flag.startsWith('--') ? nearest(flag.slice(2), [...BY_LONG.keys()]) : null;
  return `unknown option ${flag}${near ? `; did you mean --${near}?` : ''} ${SEE_HELP}`;
}

const RULE_SEVERITIES: readonly RuleOverride[] = ['error', 'warning', 'note', 'off'];

export function parseCli(argv: readonly string[]): CliOptions {
  const { values, positionals } = tokenize(argv);
  const paths = [...positionals];
  const named = isCommand(paths[0]);
  const command: Command = named ? (paths.shift() as Command) : 'lint';
  const text = (name: string) => values.get(name) as string | undefined;
  const list = (name: string) => (values.get(name) as string[] | undefined) ?? [];
  const flag = (name: string) => values.get(name) === true;

  // An option the command ignores is a mistake in the command line, not something to drop silently.
  for (const name of values.keys()) {
    const option = BY_LONG.get(name)!;
    if (!appliesTo(option, command)) {
      const where = (option.commands as readonly Command[]).map((c) => `svclint ${c}`);
      const only = where.length > 1 ? `${where.slice(0, -1).join(', ')} and ${where.at(-1)}` : where[0];
      throw new UsageError(
        `--${name} does not apply to svclint ${command}, only to ${only} (see svclint help ${command})`,
      );
    }
  }
  const printConfig = flag('print-config');
  const reachFormats = printConfig ? undefined : (COMMANDS[command] as CommandSpec).reachFormats;
  const reachFormat = (reachFormats ? (text('format') ?? reachFormats[0]) : 'text') as ReachFormat;
  if (reachFormats && !reachFormats.includes(reachFormat)) {
    throw new UsageError(
      `--format ${reachFormat} does not apply to svclint ${command}: it prints ${reachFormats.join(', ')} (see svclint help ${command})`,
    );
  }
  const formats: readonly FormatName[] = printConfig ? TEXT_OR_JSON : COMMANDS[command].formats;
  const format = (reachFormats ? 'stylish' : (text('format') ?? 'stylish')) as FormatName;
  if (!FORMAT_NAMES.includes(format))
    throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, not "${format}"`);
  if (!formats.includes(format)) {
    const what = printConfig ? '--print-config' : `svclint ${command}`;
    throw new UsageError(
      `--format ${format} does not apply to ${what}: it prints ${formats.join(' or ')} (see svclint help ${command})`,
    );
  }
  const failOn = (text('fail-on') ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${text('fail-on')}"`);
  const maxWarnings = parseMaxWarnings(text('max-warnings'));
  const namespace = text('namespace');
  if (namespace === '') throw new UsageError('--namespace must not be empty');
  let nodePortRange: NodePortRange | undefined;
  if (text('node-port-range') !== undefined) {
    const parsed = parseNodePortRange(text('node-port-range')!);
    if (typeof parsed === 'string') throw new UsageError(`--node-port-range: ${parsed} (expected e.g. 30000-32767)`);
    nodePortRange = parsed;
  }
  let clusterDomain: string | undefined;
  if (text('cluster-domain') !== undefined) {
    const parsed = parseClusterDomain(text('cluster-domain')!);
    if (typeof parsed === 'string') throw new UsageError(`--cluster-domain: ${parsed} (expected e.g. cluster.local)`);
    clusterDomain = parsed.domain;
  }
  let kubernetesVersion: KubernetesVersion | undefined;
  if (text('kubernetes-version') !== undefined) {
    const parsed = parseKubernetesVersion(text('kubernetes-version')!);
    if (typeof parsed === 'string') throw new UsageError(`--kubernetes-version: ${parsed} (expected e.g. 1.34)`);
    kubernetesVersion = parsed;
  }
  const context = list('context');
  if (context.some((c) => c === '' || c === '!')) throw new UsageError('--context must not be empty');
  const config = text('config');
  if (config === '') throw new UsageError('--config must not be empty');
  if (config !== undefined && flag('no-config'))
    throw new UsageError('--config and --no-config contradict each other; give one');
  const noPaths = (COMMANDS[command] as CommandSpec).noPaths;
  if (noPaths && paths.length > 0) throw new UsageError(`svclint ${command} takes no paths: ${noPaths}`);
  let topic: Command | undefined;
  if (command === 'help') {
    if (paths.length > 1) throw new UsageError(`svclint help takes one command, not ${paths.length} ${SEE_HELP}`);
    if (paths.length === 1 && !isCommand(paths[0])) {
      const near = nearest(paths[0]!, COMMAND_NAMES);
      throw new UsageError(
        `unknown command ${paths[0]}; ${near ? `did you mean ${near}?` : `the commands are ${COMMAND_NAMES.join(', ')}`}`,
      );
    }
    topic = paths[0] as Command | undefined;
  } else if (flag('help') && named) topic = command;
  const watch = flag('watch');
  const baseline = text('baseline');
  if (baseline === '') throw new UsageError('--baseline must not be empty');
  const updateBaseline = flag('update-baseline');
  if (updateBaseline && baseline === undefined)
    throw new UsageError('--update-baseline needs --baseline <file>: the file to write');
  if (updateBaseline && watch) throw new UsageError('--update-baseline cannot be combined with --watch');
  if (watch && paths.includes('-'))
    throw new UsageError('--watch cannot watch standard input ("-"); name files, folders or globs');
  if (flag('verbose') && format === 'json')
    throw new UsageError('--verbose adds to the endpoint table; --format json always has the DNS names and variables');
  const threads = parseThreads(text('threads'));
  const render = text('render') ?? 'auto';
  if (render !== 'auto' && render !== 'never') throw new UsageError(`--render must be auto or never, not "${render}"`);
  const stdinFilename = text('stdin-filename');
  if (stdinFilename !== undefined && (stdinFilename === '' || !paths.includes('-')))
    throw new UsageError('--stdin-filename names standard input: give a name, and "-" among the paths');
  if (flag('cache') && flag('no-cache')) throw new UsageError('--cache and --no-cache contradict each other; give one');
  const cacheLocation = text('cache-location');
  if (cacheLocation === '') throw new UsageError('--cache-location must not be empty');
  // No paths is fine here: the configuration file's include may name them (checked once it is read).

  return {
    command,
    topic,
    paths: command === 'help' ? [] : paths,
    context,
    config,
    noConfig: flag('no-config'),
    printConfig,
    force: flag('force'),
    explicit: new Set(values.keys()),
    baseline,
    updateBaseline,
    reportUnusedDisableDirectives: flag('report-unused-disable-directives'),
    rules: list('rule').map(parseRuleOverride),
    watch,
    format,
    reachFormat,
    namespace,
    nodePortRange,
    clusterDomain,
    kubernetesVersion,
    failOn,
    maxWarnings,
    quiet: flag('quiet'),
    verbose: flag('verbose'),
    output: text('output'),
    color: flag('no-color') ? false : flag('color') ? true : undefined,
    threads,
    render,
    stdinFilename,
    cache: flag('no-cache') ? false : flag('cache') ? true : undefined,
    cacheLocation,
    debug: flag('debug'),
    help: flag('help'),
    version: flag('version'),
  };
}

/** --max-warnings: a whole number >= 0, or -1 for no limit (as in ESLint). */
function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Digits only: Number() would take "", " ", "1e3" and "0x10".
  const n = /^(\d+|-1)$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n))
    throw new UsageError(`--max-warnings must be a whole number >= 0, or -1 for no limit, not "${value}"`);
  return n;
}

/** --rule id:severity. The id is checked against the rules once they are known (configureRun). */
function parseRuleOverride(value: string): { id: string; severity: RuleOverride } {
  const colon = value.lastIndexOf(':');
  const id = value.slice(0, colon).trim();
  const severity = value.slice(colon + 1).trim() as RuleOverride;
  if (colon === -1 || id === '')
    throw new UsageError(`--rule ${value}: expected <rule id>:<severity>, e.g. orphan-service:error`);
  if (!RULE_SEVERITIES.includes(severity))
    throw new UsageError(
      `--rule ${value}: the severity must be one of ${RULE_SEVERITIES.join(', ')}, not "${severity}"`,
    );
  return { id, severity };
}

/** --threads: "auto" or a whole number from 1 to 64. */
function parseThreads(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const threads = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(threads >= 1 && threads <= 64))
    throw new UsageError(`--threads must be auto or a whole number from 1 to 64, not "${value}"`);
  return threads;
}
