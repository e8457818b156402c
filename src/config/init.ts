// `svclint init`: a starter configuration file in which every setting is commented out with its default and what it does.
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath, UsageError } from '../input/inputs.js';
import type { Rule } from '../rule.js';
import { REPOSITORY_URL } from '../rule.js';
import { formatKubernetesVersion, NEWEST_KNOWN_KUBERNETES_VERSION } from '../settings.js';
import { CONFIG_FILE_NAMES } from './load.js';
import { SCHEMA_MODELINE } from './schema.js';

export const INIT_FILE_NAME = 'svclint.config.yaml';

interface Section {
  /** What the setting does (comment lines, without "# "). */
  about: string[];
  /** The setting with its default, as YAML lines (commented out unless `commented` is false). */
  setting: string[];
}

/**
 * The starter configuration. With `commented` false the settings are active (tests check that this version is a
 * valid configuration too, so uncommenting any of them gives a valid file).
 */
export function starterConfig(rules: readonly Rule[], { commented = true } = {}): string {
  const width = Math.max(...rules.map((r) => `${r.meta.id}: ${r.meta.severity}`.length));
  const sections: Section[] = [
    {
      about: [
        'Rule severities: off, note, warning or error (or [severity, {options}]; no rule has options yet).',
        'A severity set here applies to every finding of the rule, also of rules that report both errors and',
        "warnings (see `svclint rules` and the rules' READMEs). Rules not listed keep their own severity.",
      ],
      setting: [
        'rules:',
        ...rules.map((r) => `  ${`${r.meta.id}: ${r.meta.severity}`.padEnd(width)}  # ${r.meta.description}`),
      ],
    },
    {
      about: ["The API server's --service-node-port-range: nodePorts outside it are errors (node-port-range)."],
      setting: ['nodePortRange: 30000-32767'],
    },
    {
      about: ["The cluster's DNS domain (kubelet --cluster-domain), for in-cluster host names (dns-reference)."],
      setting: ['clusterDomain: cluster.local'],
    },
    {
      about: [
        "The cluster's Kubernetes version: API versions it no longer serves are errors, deprecated ones",
        "warnings (api-version). Default: the newest release svclint's API table knows.",
      ],
      setting: [`kubernetesVersion: ${formatKubernetesVersion(NEWEST_KNOWN_KUBERNETES_VERSION)}`],
    },
    {
      about: [
        'Namespace of objects without metadata.namespace (and of external workloads without one), as `kubectl apply -n`.',
      ],
      setting: ['defaultNamespace: default'],
    },
    {
      about: [
        'What `svclint` lints when no paths are given on the command line: files, folders or globs, relative to',
        'this file, e.g. [k8s/, "deploy/**/*.yaml"]. Paths on the command line replace it.',
      ],
      setting: ['include: []'],
    },
    {
      about: [
        'Files, folders or globs (relative to this file) that are never read: not when named on the command line,',
        'nor found in a folder, nor as context. E.g. ["test/fixtures/**"].',
      ],
      setting: ['exclude: []'],
    },
    {
      about: [
        'The full manifest set, loaded for the analysis but reported on only where linted (like --context, which',
        'replaces it): with ["**/*.yaml"], `svclint k8s/web.yaml` checks web.yaml against every Deployment of the',
        'repository. Relative to this file; "!glob" excludes.',
      ],
      setting: ['context: []'],
    },
    {
      about: ['Exit 1 at findings of this severity or above: error, warning, note or none.'],
      setting: ['failOn: error'],
    },
    {
      about: ['Exit 1 when there are more than this many warnings. No limit unless set.'],
      setting: ['maxWarnings: 100'],
    },
    {
      about: [
        'Build kustomizations with kustomize, else `kubectl kustomize`, when one is on PATH (auto), or lint their',
        'files as written (never). Plugins, exec functions and Helm inflation are never enabled.',
      ],
      setting: ['render: auto'],
    },
    {
      about: [
        'Deployable sets named explicitly (see `svclint sets`): the plain manifests (outside Helm charts and',
        "kustomizations) that a set's globs match are linted together, whatever the detection groups. None by default.",
      ],
      setting: ['sets:', '  - name: shop', '    include: ["apps/shop/**/*.yaml", "shared/db.yaml"]'],
    },
    {
      about: [
        'How `helm template` renders the Helm charts of the input when helm is on PATH: one entry is one set (list a',
        'chart twice for two value sets). Without an entry a chart is rendered with its own values as release',
        '<folder name>. Paths are relative to this file.',
      ],
      setting: [
        'charts:',
        '  - path: charts/shop',
        '    release: shop',
        '    namespace: shop',
        '    values: [charts/shop/values-prod.yaml]',
      ],
    },
    {
      about: [
        "Keep each file's model in a cache file between runs (as --cache): files whose bytes did not change are not",
        'parsed again; the analysis and the rules still run on every file. cacheLocation is the file, or a folder for',
        '.svclintcache (relative to this file; default .svclintcache in the working directory). Add it to .gitignore.',
      ],
      setting: ['cache: false', 'cacheLocation: .svclintcache'],
    },
    {
      about: [
        'Pods that run in the cluster but are not in these files (operator-managed pods, other repositories).',
        'Services that select them are not orphans (orphan-service), and their ports resolve targetPorts',
        '(target-port-mismatch); without ports, their ports are unknown and not checked. None by default.',
      ],
      setting: [
        'externalWorkloads:',
        '  - name: postgres                        # how messages name it (default: its labels)',
        '    namespace: shop                       # default: defaultNamespace',
        '    labels:',
        '      app.kubernetes.io/name: postgres',
        '    ports:',
        '      - name: postgres',
        '        containerPort: 5432',
        '        protocol: TCP                     # TCP (default), UDP or SCTP',
        '    replicas: 1                           # pods, for endpoint maps (default 1)',
      ],
    },
  ];
  const header = [
    SCHEMA_MODELINE,
    '#',
    `# svclint configuration: ${REPOSITORY_URL}#configuration`,
    '# Every setting is commented out and shows its default (or an example): uncomment what you change.',
    '# Command-line flags override this file; `svclint --print-config` shows the effective configuration.',
  ];
  const body = sections.map((s) =>
    [...s.about.map((line) => `# ${line}`), ...s.setting.map((line) => (commented ? `# ${line}` : line))].join('\n'),
  );
  return `${header.join('\n')}\n\n${body.join('\n\n')}\n`;
}

/**
 * Writes the starter configuration into `cwd`. An existing svclint.config.yaml is overwritten only with `force`; any
 * other configuration file there is an error, as two in one folder are.
 */
export async function writeStarterConfig(cwd: string, rules: readonly Rule[], force: boolean): Promise<string> {
  const target = path.join(cwd, INIT_FILE_NAME);
  const exists = async (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (name === INIT_FILE_NAME || !(await exists(file))) continue;
    throw new UsageError(
      `${displayPath(file, cwd)} already exists: svclint reads one configuration file per folder; edit that one (or remove it first)`,
    );
  }
  if (!force && (await exists(target)))
    throw new UsageError(`${INIT_FILE_NAME} already exists; use svclint init --force to overwrite it`);
  try {
    await writeFile(target, starterConfig(rules));
  } catch (error) {
    throw new UsageError(`cannot write ${INIT_FILE_NAME}: ${(error as Error).message}`);
  }
  return INIT_FILE_NAME;
}
