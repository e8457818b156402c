import { defineRule, at, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { apiGroup } from '../../src/model/kinds.js';
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem } from '../../src/model/names.js';
import type { ManifestObject, ServiceModel } from '../../src/model/types.js';

/** The name function each kind's Validate<Kind> passes to ValidateObjectMeta, and what it is called. */
interface NameRule {
  form: string;
  problem(name: string): string | null;
}

const DNS1035_LABEL: NameRule = { form: 'DNS-1035 label', problem: dns1035LabelProblem };
const DNS1123_LABEL: NameRule = { form: 'DNS-1123 label', problem: dns1123LabelProblem };
const DNS1123_SUBDOMAIN: NameRule = { form: 'DNS-1123 subdomain', problem: dns1123SubdomainProblem };

/** Keyed by "group/Kind"; only kinds whose name validation was read in the Kubernetes source. */
const NAME_RULES: ReadonlyMap<string, NameRule> = new Map([
  ['/Service', DNS1035_LABEL],
  ['/Namespace', DNS1123_LABEL],
  ['apps/StatefulSet', DNS1123_LABEL],
  ['/Pod', DNS1123_SUBDOMAIN],
  ['/ReplicationController', DNS1123_SUBDOMAIN],
  ['apps/Deployment', DNS1123_SUBDOMAIN],
  ['apps/ReplicaSet', DNS1123_SUBDOMAIN],
  ['apps/DaemonSet', DNS1123_SUBDOMAIN],
  ['batch/Job', DNS1123_SUBDOMAIN],
  ['batch/CronJob', DNS1123_SUBDOMAIN],
]);

/** ValidateCronJobCreate: Jobs are named <cronjob>-<11-character timestamp> and must fit 63 characters. */
const MAX_CRONJOB_NAME = 52;
/** A label value's limit, which a Job name meets when it becomes the job-name label of its pods. */
const MAX_LABEL_VALUE = 63;

export default defineRule({
  meta: {
    id: 'dns-name',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'dns', 'naming'] },
    description:
      'A Service, Namespace or workload name, a namespace, or an ExternalName target that is not the DNS name Kubernetes requires.',
    rationale: `Names become DNS names, so the API server checks their form (\`ValidateObjectMeta\` with each kind's name
function, apimachinery \`util/validation\`):

- **Service** names: \`ValidateServiceName = NameIsDNS1035Label\`: at most 63 lowercase alphanumerics or \`-\`,
  **starting with a letter** and ending with an alphanumeric. \`1-api\`, \`api.v1\` and \`MyApi\` are rejected,
  although most other objects accept them.
- **Namespaces**: \`ValidateNamespaceName = NameIsDNSLabel\` (DNS-1123 label: at most 63 characters, no dots, may
  start with a digit), both a Namespace's own name and every object's \`metadata.namespace\`.
- **StatefulSet** names: \`ValidateStatefulSetName\` is a DNS-1123 label (its pods' hostnames are \`<name>-<n>\`).
- **Pod, ReplicationController, Deployment, ReplicaSet, DaemonSet, Job, CronJob** names: DNS-1123 subdomain (at
  most 253 characters, dots allowed). A CronJob name "must be no more than 52 characters"
  (\`ValidateCronJobCreate\`), and a Job whose selector is generated gets the label \`job-name: <name>\` on its pods,
  so its name must fit a label value (63 characters).
- **ExternalName**: \`ValidateService\` trims one trailing dot (an absolute name) and then requires a DNS-1123
  subdomain: a URL, an underscore or capitals are rejected.

Each of these is an **error**: the API server rejects the object. An IPv4 address as \`externalName\` passes
validation (digits are valid labels) but DNS answers with a CNAME to a *name* "10.0.0.5", which resolvers do
not treat as an address: **warning** (use a Service without selector and an EndpointSlice instead). Objects with
only a \`generateName\` are skipped; other kinds have other name rules (RBAC names may contain \`:\`) and are not
checked.`,
    examples: {
      valid: [
        {
          title: 'A namespace that starts with a digit and an absolute externalName',
          yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: 2024-payments
---
apiVersion: v1
kind: Service
metadata:
  name: ledger-db
  namespace: 2024-payments
spec:
  type: ExternalName
  externalName: ledger.db.example.com.
`,
        },
      ],
      invalid: [
        {
          title: 'A Service name that starts with a digit',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: 2024-ledger-db
spec:
  type: ExternalName
  externalName: ledger.db.example.com
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const object of model.objects) {
      const findings = [
        objectNameFinding(object),
        namespaceFinding(object),
        object.category === 'service' ? externalNameFinding(object) : null,
      ];
      for (const finding of findings) if (finding) report(finding);
    }
  },
});

function objectNameFinding(object: ManifestObject): Report | null {
  // An empty name means generateName: the server makes the name.
  if (!object.name) return null;
  const rule = NAME_RULES.get(`${apiGroup(object.apiVersion)}/${object.kind}`);
  if (!rule) return null;
  const formProblem = rule.problem(object.name);
  const problem = formProblem ? `is not a valid ${rule.form}: ${formProblem}` : kindLengthProblem(object);
  if (!problem) return null;
  return at(
    object,
    object.nameRange,
    'metadata.name',
    `${object.kind} ${qualifiedName(object)} name "${object.name}" ${problem}; the API server rejects it`,
  );
}

/** Length limits some kinds add to their name form. */
function kindLengthProblem(object: ManifestObject): string | null {
  const length = object.name.length;
  if (object.kind === 'CronJob' && length > MAX_CRONJOB_NAME) {
    return `has ${length} characters, but a CronJob name may have at most ${MAX_CRONJOB_NAME} (its Jobs are named <name>-<11-character timestamp>)`;
  }
  // Without manualSelector, the model holds no selector: the API server generates it and labels the pods.
  if (object.kind === 'Job' && object.category === 'workload' && object.selector === null && length > MAX_LABEL_VALUE) {
    return `has ${length} characters, but the Job's pods get the label job-name=<name>, and a label value may have at most ${MAX_LABEL_VALUE}`;
  }
  return null;
}

function namespaceFinding(object: ManifestObject): Report | null {
  // Only a namespace written in the file; cluster-scoped kinds have none.
  if (object.namespace === null || !object.namespaceRange) return null;
  const problem = dns1123LabelProblem(object.namespace);
  if (!problem) return null;
  const subject = object.name ? `${object.kind} ${object.name}` : object.kind;
  return at(
    object,
    object.namespaceRange,
    'metadata.namespace',
    `${subject} namespace "${object.namespace}" is not a valid DNS-1123 label: ${problem}; the API server rejects it`,
  );
}

/** ValidateService, case ExternalName: trim one trailing dot, then IsDNS1123Subdomain. */
function externalNameFinding(service: ServiceModel): Report | null {
  const field = service.spec.externalName;
  const value = service.externalName;
  // An empty externalName (and the field on other types) is service-type's business.
  if (service.type !== 'ExternalName' || !field || value === null) return null;
  const host = value.endsWith('.') ? value.slice(0, -1) : value;
  if (host === '') return null;
  const subject = `Service ${qualifiedName(service)} externalName "${value}"`;
  const urlHost = hostOfUrl(host);
  if (urlHost !== null) {
    return at(
      service,
      field.range,
      'spec.externalName',
      `${subject} is a URL, not a DNS name${urlHost ? `: write only the host name (${urlHost})` : ''}; the API server rejects it`,
    );
  }
  const problem = dns1123SubdomainProblem(host);
  if (problem)
    return at(
      service,
      field.range,
      'spec.externalName',
      `${subject} is not a valid DNS-1123 subdomain: ${problem}; the API server rejects it`,
    );
  if (isIPv4(host)) {
    return {
      ...at(
        service,
        field.range,
        'spec.externalName',
        `${subject} is an IP address; Kubernetes accepts it, but DNS answers with a CNAME to the name "${host}", which clients do not resolve to that address; use a Service without selector and an EndpointSlice for an IP`,
      ),
      severity: 'warning',
    };
  }
  return null;
}

/** The host of "scheme://host...", "" when it has none, null when `value` is not a URL. */
function hostOfUrl(value: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return null;
  try {
    return new URL(value).hostname;
  } catch {
    return '';
  }
}

function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
