// Command-line parsing: one place that knows every flag and its checks.
import { parseArgs } from 'node:util';
import { UsageError } from '../load/inputs.js';
import type { Severity } from '../model/types.js';
import {
  formatKubernetesVersion,
  NEWEST_KNOWN_KUBERNETES_VERSION,
  parseClusterDomain,
  parseKubernetesVersion,
  parseNodePortRange,
  type KubernetesVersion,
  type NodePortRange,
} from '../settings.js';
import { FORMAT_NAMES, type FormatName } from '../report/index.js';

export type FailOn = Severity | 'none';

export interface CliOptions {
  command: 'lint' | 'endpoints' | 'sets' | 'rules' | 'init';
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
  watch: boolean;
  format: FormatName;
  namespace: string | undefined;
  nodePortRange: NodePortRange | undefined;
  clusterDomain: string | undefined;
  /** --kubernetes-version: the cluster's version (which API versions it serves). */
  kubernetesVersion: KubernetesVersion | undefined;
  failOn: FailOn;
  maxWarnings: number | undefined;
  quiet: boolean;
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

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

export const HELP = `Usage: svclint [lint] [options] <paths...>
       svclint endpoints [options] <paths...>
       svclint sets [options] <paths...>
       svclint rules [--format json]
       svclint init [--force]

Lints Kubernetes manifests and proves that every Service reaches the pods and ports it is meant to reach.
Paths may be files, folders (searched for *.yaml, *.yml, *.json), globs, or "-" for standard input
(e.g. \`helm template . | svclint -\`).

Commands:
  lint                 report findings (default)
  endpoints            print the predicted endpoints of every Service port
  sets                 list the deployable sets found (kustomizations, Helm charts, GitOps folders, folders of
                       manifests), each analysed on its own, with their files and why they were grouped so
  rules                list every rule with its default severity and description
  init                 write a starter svclint.config.yaml (every setting commented out with its default)

Options:
  -f, --format <name>  ${FORMAT_NAMES.join(', ')} (default: stylish)
  -n, --namespace <ns> namespace for objects that name none (default: "default")
      --node-port-range <first-last>
                       the API server's --service-node-port-range (default: 30000-32767)
      --cluster-domain <domain>
                       the cluster's DNS domain (default: cluster.local)
      --kubernetes-version <1.x>
                       the cluster's Kubernetes version: API versions it no longer serves are errors
                       (default: ${formatKubernetesVersion(NEWEST_KNOWN_KUBERNETES_VERSION)}, the newest release svclint's API table knows)
      --context <glob> also load these files, folders or globs (repeatable; "!glob" excludes) for the analysis,
                       but report findings only for the paths given: e.g. staged files in a pre-commit hook
                       (.gitignore, dot folders, node_modules and Helm chart templates are skipped)
      --config <file>  configuration file (default: svclint.config.yaml, .svclintrc.yaml or .svclintrc.json in the
                       working directory or a parent, up to the git repository root); flags override its settings
      --no-config      use no configuration file
      --print-config   print the effective configuration (YAML; JSON with --format json) and exit
      --force          svclint init: overwrite an existing svclint.config.yaml
      --baseline <file>
                       report (and fail on) only findings that are not in this baseline file; the ones in it are
                       listed as suppressed in json and sarif
      --update-baseline
                       write this run's findings to the --baseline file (keeping entries of files not linted now),
                       then report as with --baseline: to adopt svclint in a repository with existing findings
      --report-unused-disable-directives
                       report svclint-disable comments and svclint.dev/ignore annotations that suppress nothing
  -w, --watch          lint again whenever a file changes; each run is framed by "[svclint] lint started" and
                       "[svclint] lint finished: ..." lines (for editor background tasks); Ctrl-C stops
      --fail-on <lvl>  exit 1 at findings of this severity or above: error (default), warning, note, none
      --max-warnings <n>
                       exit 1 when there are more than n warnings
  -q, --quiet          report errors only (warnings and notes still count for --fail-on and --max-warnings)
  -o, --output <file>  write the report to a file instead of standard output
      --color, --no-color
                       force or disable colours (NO_COLOR and FORCE_COLOR are respected)
      --threads <n|auto>
                       worker threads that parse files: auto (default: one per core for inputs over 8 MiB) or a
                       number (1: parse in the main thread)
      --render <auto|never>
                       build kustomizations with kustomize, else kubectl kustomize, when one is on PATH (auto,
                       the default; never with plugins, exec or Helm), or lint their files as written (never)
      --stdin-filename <name>
                       the file name findings on standard input carry (default "-"); rendered Helm output is
                       split by its "# Source:" comments instead, each template named by its own
      --cache          keep each file's model in a cache file and parse again only the files whose bytes changed
                       (the analysis and the rules still run on every file); --no-cache: none, whatever the
                       configuration says
      --cache-location <path>
                       the cache file, or a folder to keep it in (default: .svclintcache in the working directory)
      --debug          print stack traces of internal errors
  -v, --version        print the version
  -h, --help           print this help

Environment: NO_COLOR and FORCE_COLOR as usual; TIMING=1 (or all, or a number of rules) prints the time of each
stage and of the slowest rules on standard error.

Exit codes: 0 nothing at the --fail-on level, 1 findings at or above it, 2 usage, input or internal error.
`;

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        namespace: { type: 'string', short: 'n' },
        'node-port-range': { type: 'string' },
        'cluster-domain': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        context: { type: 'string', multiple: true },
        config: { type: 'string' },
        'no-config': { type: 'boolean' },
        'print-config': { type: 'boolean' },
        force: { type: 'boolean' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'report-unused-disable-directives': { type: 'boolean' },
        watch: { type: 'boolean', short: 'w' },
        'fail-on': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        output: { type: 'string', short: 'o' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        threads: { type: 'string' },
        render: { type: 'string' },
        'stdin-filename': { type: 'string' },
        cache: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        'cache-location': { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see svclint --help)`);
  }
  const { values, positionals } = parsed;
  let command: CliOptions['command'] = 'lint';
  const paths = [...positionals];
  if (paths[0] === 'lint' || paths[0] === 'endpoints' || paths[0] === 'sets' || paths[0] === 'rules' || paths[0] === 'init') command = paths.shift() as CliOptions['command'];

  const format = (values.format ?? 'stylish') as FormatName;
  if (!FORMAT_NAMES.includes(format)) throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, not "${values.format}"`);
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${values['fail-on']}"`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    // Digits only: Number() would take "", " ", "1e3" and "0x10".
    maxWarnings = /^\d+$/.test(values['max-warnings']) ? Number(values['max-warnings']) : NaN;
    if (!Number.isSafeInteger(maxWarnings)) throw new UsageError(`--max-warnings must be a whole number >= 0, not "${values['max-warnings']}"`);
  }
  if (values.namespace !== undefined && values.namespace === '') throw new UsageError('--namespace must not be empty');
  let nodePortRange: NodePortRange | undefined;
  if (values['node-port-range'] !== undefined) {
    const parsed = parseNodePortRange(values['node-port-range']);
    if (typeof parsed === 'string') throw new UsageError(`--node-port-range: ${parsed} (expected e.g. 30000-32767)`);
    nodePortRange = parsed;
  }
  let clusterDomain: string | undefined;
  if (values['cluster-domain'] !== undefined) {
    const parsed = parseClusterDomain(values['cluster-domain']);
    if (typeof parsed === 'string') throw new UsageError(`--cluster-domain: ${parsed} (expected e.g. cluster.local)`);
    clusterDomain = parsed.domain;
  }
  let kubernetesVersion: KubernetesVersion | undefined;
  if (values['kubernetes-version'] !== undefined) {
    const parsed = parseKubernetesVersion(values['kubernetes-version']);
    if (typeof parsed === 'string') throw new UsageError(`--kubernetes-version: ${parsed} (expected e.g. 1.34)`);
    kubernetesVersion = parsed;
  }
  const context = values.context ?? [];
  if (context.some((c) => c === '' || c === '!')) throw new UsageError('--context must not be empty');
  if (values.config !== undefined && values.config === '') throw new UsageError('--config must not be empty');
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config contradict each other; give one');
  if (values.force && command !== 'init') throw new UsageError('--force only applies to svclint init');
  if (command === 'init' && paths.length > 0) throw new UsageError('svclint init takes no paths: it writes svclint.config.yaml in the working directory');
  const watch = values.watch ?? false;
  if (values.baseline !== undefined && values.baseline === '') throw new UsageError('--baseline must not be empty');
  const updateBaseline = values['update-baseline'] ?? false;
  if (updateBaseline && values.baseline === undefined) throw new UsageError('--update-baseline needs --baseline <file>: the file to write');
  if (updateBaseline && command !== 'lint') throw new UsageError(`--update-baseline records lint findings; svclint ${command} has none`);
  if (updateBaseline && watch) throw new UsageError('--update-baseline cannot be combined with --watch');
  if (watch && (command === 'rules' || command === 'init')) throw new UsageError(`--watch lints files; svclint ${command} has none to watch`);
  if (watch && paths.includes('-')) throw new UsageError('--watch cannot watch standard input ("-"); name files, folders or globs');
  const threads = parseThreads(values.threads);
  const render = values.render ?? 'auto';
  if (render !== 'auto' && render !== 'never') throw new UsageError(`--render must be auto or never, not "${values.render}"`);
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename !== undefined && (stdinFilename === '' || !paths.includes('-'))) throw new UsageError('--stdin-filename names standard input: give a name, and "-" among the paths');
  if (values.cache && values['no-cache']) throw new UsageError('--cache and --no-cache contradict each other; give one');
  const cacheLocation = values['cache-location'];
  if (cacheLocation !== undefined && cacheLocation === '') throw new UsageError('--cache-location must not be empty');
  const help = values.help ?? false;
  const version = values.version ?? false;
  if (command === 'rules' && paths.length > 0) throw new UsageError('svclint rules takes no paths (see svclint --help)');
  // No paths is fine here: the configuration file's include may name them (checked once it is read).

  return {
    command,
    paths,
    context,
    config: values.config,
    noConfig: values['no-config'] ?? false,
    printConfig: values['print-config'] ?? false,
    force: values.force ?? false,
    explicit: new Set(Object.keys(values)),
    baseline: values.baseline,
    updateBaseline,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    watch,
    format,
    namespace: values.namespace,
    nodePortRange,
    clusterDomain,
    kubernetesVersion,
    failOn,
    maxWarnings,
    quiet: values.quiet ?? false,
    output: values.output,
    color: values['no-color'] ? false : values.color ? true : undefined,
    threads,
    render,
    stdinFilename,
    cache: values['no-cache'] ? false : values.cache ? true : undefined,
    cacheLocation,
    debug: values.debug ?? false,
    help,
    version,
  };
}

/** --threads: "auto" or a whole number from 1 to 64. */
function parseThreads(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const threads = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(threads >= 1 && threads <= 64)) throw new UsageError(`--threads must be auto or a whole number from 1 to 64, not "${value}"`);
  return threads;
}
