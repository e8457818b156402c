// The JSON Schema of the configuration file. schemas/config.schema.json is this object for the built-in rules
// (test/config.test.ts checks it; `npm run update` rewrites it): editors use the published file,
// svclint validates with the same object, built from the rules it runs so that every rule id and its options are known.
import { REPOSITORY_URL, type Rule } from '../rule.js';
import { formatKubernetesVersion, NEWEST_KNOWN_KUBERNETES_VERSION } from '../settings.js';

/** Where the schema is published: the modeline and `$schema` point here, and it is the schema's $id. */
export const CONFIG_SCHEMA_URL = 'https://raw.githubusercontent.com/svclint/svclint/main/schemas/config.schema.json';

/** The yaml-language-server modeline that makes editors validate and complete a configuration file. */
export const SCHEMA_MODELINE = `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`;

export const RULE_SEVERITIES = ['off', 'note', 'warning', 'error'] as const;
export const FAIL_ON_LEVELS = ['error', 'warning', 'note', 'none'] as const;

/** Top-level settings in the order the schema, --print-config and svclint init list them. */
export const SETTINGS = [
  'rules',
  'nodePortRange',
  'clusterDomain',
  'kubernetesVersion',
  'defaultNamespace',
  'include',
  'exclude',
  'context',
  'failOn',
  'maxWarnings',
  'render',
  'sets',
  'charts',
  'cache',
  'cacheLocation',
  'externalWorkloads',
] as const;

export type JsonSchema = Record<string, unknown>;

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const LABEL_KEY =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$';
/** IANA_SVC_NAME: at most 15 lowercase alphanumerics and '-', a letter, no leading, trailing or double '-'. */
const PORT_NAME = '^(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

function ruleSchema(rule: Rule): JsonSchema {
  const { id, severity, description, options } = rule.meta;
  const optionsSchema: JsonSchema = options ?? {
    type: 'object',
    additionalProperties: false,
    description: `${id} takes no options.`,
  };
  return {
    description: `${description} Default: ${severity}.`,
    markdownDescription: `${description} Default: \`${severity}\`. [Documentation](${rule.meta.url})`,
    default: severity,
    anyOf: [
      { type: 'string', enum: [...RULE_SEVERITIES] },
      {
        type: 'array',
        items: [{ enum: [...RULE_SEVERITIES] }, optionsSchema],
        minItems: 1,
        maxItems: 2,
        additionalItems: false,
      },
    ],
    errorMessage: 'must be off, note, warning or error, or [severity, {options}]',
  };
}

const globs = (description: string, negation = false): JsonSchema => ({
  description,
  type: 'array',
  items: negation
    ? {
        type: 'string',
        minLength: 1,
        pattern: '^(?!!$)',
        patternErrorMessage: 'must be a file, folder or glob, or "!" followed by one',
      }
    : {
        type: 'string',
        minLength: 1,
        pattern: '^[^!]',
        patternErrorMessage: 'must be a file, folder or glob; "!" does not exclude here (use exclude)',
      },
  default: [],
});

export function configSchema(rules: readonly Rule[]): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_URL,
    title: 'svclint configuration',
    description: `Configuration of svclint (svclint.config.yaml, .svclintrc.yaml or .svclintrc.json). Command-line flags override it. ${REPOSITORY_URL}#configuration`,
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' },
      rules: {
        description:
          'Severity of rules: off, note, warning or error, or [severity, {options}]. Unlisted rules keep their default severity. An override applies to every finding of the rule.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(rules.map((rule) => [rule.meta.id, ruleSchema(rule)])),
        default: {},
      },
      nodePortRange: {
        description:
          "The API server's --service-node-port-range: first-last, first+offset or a single port (node-port-range).",
        type: 'string',
        pattern: '^\\s*\\d+\\s*([-+]\\s*\\d+\\s*)?$',
        patternErrorMessage: 'must be a port range like 30000-32767',
        default: '30000-32767',
      },
      clusterDomain: {
        description:
          "The cluster's DNS domain (kubelet --cluster-domain), for the DNS names of Services and pods (dns-reference).",
        type: 'string',
        pattern: '^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\\.?$',
        patternErrorMessage: 'must be a DNS domain like cluster.local',
        maxLength: 254,
        default: 'cluster.local',
      },
      kubernetesVersion: {
        description: `The cluster's Kubernetes version, e.g. 1.34 (read as written: 1.30 is not 1.3): API versions it no longer serves are errors, deprecated ones warnings (api-version). Default: the newest release svclint's API table knows.`,
        anyOf: [
          {
            type: 'string',
            pattern: '^\\s*v?1\\.\\d{1,3}(\\.\\d+)?\\s*$',
            patternErrorMessage: 'must be a Kubernetes version like "1.34"',
          },
          { type: 'number' },
        ],
        default: formatKubernetesVersion(NEWEST_KNOWN_KUBERNETES_VERSION),
      },
      defaultNamespace: {
        description:
          'Namespace of objects that set no metadata.namespace (as kubectl apply -n NS), and of external workloads that name none.',
        type: 'string',
        pattern: DNS_LABEL,
        patternErrorMessage: 'must be a namespace name (lowercase letters, digits and "-")',
        maxLength: 63,
        default: 'default',
      },
      include: globs(
        'What to lint when no paths are given on the command line: files, folders or globs, relative to this file. Paths on the command line replace it.',
      ),
      exclude: globs(
        'Files, folders or globs (relative to this file) never read: not when named on the command line, found in a folder or glob, nor as context.',
      ),
      context: globs(
        'Files, folders or globs (relative to this file; "!glob" excludes) loaded for the analysis but not reported on, like --context. --context on the command line replaces it.',
        true,
      ),
      failOn: {
        description: 'Exit 1 at findings of this severity or above.',
        enum: [...FAIL_ON_LEVELS],
        default: 'error',
      },
      maxWarnings: {
        description:
          "Exit 1 when there are more than this many warnings. Unset or -1 (as ESLint's --max-warnings -1): no limit.",
        type: 'integer',
        minimum: -1,
      },
      render: {
        description:
          'Build kustomizations with kustomize, else kubectl kustomize, when one is on PATH (auto), or lint their files as written (never). Plugins, exec functions and Helm inflation are never enabled.',
        enum: ['auto', 'never'],
        default: 'auto',
      },
      sets: {
        description:
          "Deployable sets named explicitly: the plain manifests (outside Helm charts and kustomizations) that a set's globs match are linted together, whatever the detection would group (see svclint sets).",
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'include'],
          properties: {
            name: { description: 'How svclint sets names it.', type: 'string', minLength: 1 },
            include: { ...globs('Files, folders or globs of the set, relative to this file.'), minItems: 1 },
          },
        },
        default: [],
      },
      charts: {
        description:
          'How `helm template` renders the Helm charts of the input (when helm is on PATH): one entry is one set, so list a chart twice for two value sets. A chart without an entry is rendered with its own values, as release <folder name>.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: {
              description: 'The chart folder (with its Chart.yaml), relative to this file.',
              type: 'string',
              minLength: 1,
            },
            release: {
              description: "The release name. Default: the chart folder's name.",
              type: 'string',
              pattern: DNS_LABEL,
              patternErrorMessage: 'must be a release name (lowercase letters, digits and "-")',
              maxLength: 53,
            },
            namespace: {
              description: 'The release namespace. Default: defaultNamespace.',
              type: 'string',
              pattern: DNS_LABEL,
              patternErrorMessage: 'must be a namespace name (lowercase letters, digits and "-")',
              maxLength: 63,
            },
            values: {
              description: "Value files, relative to this file, applied in order after the chart's values.yaml.",
              type: 'array',
              items: { type: 'string', minLength: 1 },
            },
          },
        },
        default: [],
      },
      cache: {
        description:
          "Keep each file's model in the cacheLocation file between runs (as --cache) and model again only the files whose bytes changed; the analysis and the rules still run on every file.",
        type: 'boolean',
        default: false,
      },
      cacheLocation: {
        description:
          'The cache file, or a folder to keep .svclintcache in (relative to this file). Default: .svclintcache in the working directory.',
        type: 'string',
        minLength: 1,
        default: '.svclintcache',
      },
      externalWorkloads: {
        description:
          'Pods that run in the cluster but are not in these files (operator-managed pods, other repositories): Services that select them are not orphans, and their ports resolve targetPorts.',
        type: 'array',
        items: { $ref: '#/definitions/externalWorkload' },
        default: [],
      },
    },
    definitions: {
      externalWorkload: {
        type: 'object',
        additionalProperties: false,
        required: ['labels'],
        properties: {
          name: {
            description: 'How messages and endpoint maps name it (ExternalWorkload/<name>). Default: its labels.',
            type: 'string',
            minLength: 1,
          },
          namespace: {
            description: 'Namespace of its pods. Default: defaultNamespace.',
            type: 'string',
            pattern: DNS_LABEL,
            patternErrorMessage: 'must be a namespace name (lowercase letters, digits and "-")',
            maxLength: 63,
          },
          labels: {
            description: 'Labels of its pods (all of them, or at least those Services select by).',
            type: 'object',
            minProperties: 1,
            propertyNames: {
              pattern: LABEL_KEY,
              patternErrorMessage: 'is not a label key (like app or app.kubernetes.io/name)',
            },
            additionalProperties: {
              type: 'string',
              pattern: LABEL_VALUE,
              patternErrorMessage:
                'must be a label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)',
            },
          },
          ports: {
            description:
              'The container ports of its pods. Unset: unknown, so no targetPort is checked against these pods.',
            type: 'array',
            items: { $ref: '#/definitions/containerPort' },
          },
          replicas: {
            description: 'How many pods it runs, for endpoint maps. Default: 1.',
            type: 'integer',
            minimum: 0,
            default: 1,
          },
        },
      },
      containerPort: {
        type: 'object',
        additionalProperties: false,
        required: ['containerPort'],
        properties: {
          name: {
            description: 'The port name a Service targetPort may refer to (an IANA_SVC_NAME).',
            type: 'string',
            pattern: PORT_NAME,
            patternErrorMessage: 'must be a port name (at most 15 lowercase letters, digits and "-", with a letter)',
          },
          containerPort: { description: 'The port number.', type: 'integer', minimum: 1, maximum: 65535 },
          protocol: { description: 'Default: TCP.', enum: ['TCP', 'UDP', 'SCTP'], default: 'TCP' },
        },
      },
    },
  };
}
