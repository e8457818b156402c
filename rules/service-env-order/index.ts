import { defineRule, type RelatedLocation, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { isDns1035Label } from '../../src/model/names.js';
import { rangeInValue } from '../../src/model/text.js';
import type { ContainerModel, ServiceModel, WorkloadModel } from '../../src/model/types.js';
import {
  definesItself,
  indexServiceLinks,
  mayComeFromUnknownSource,
  resolveServiceLink,
  serviceLinkPort,
  serviceLinkUses,
  type ContainerEnvironment,
  type PodServiceView,
  type ServiceLinkIndex,
  type ServiceLinkResolution,
  type VariableUse,
} from '../../src/analysis/env.js';

export default defineRule({
  meta: {
    id: 'service-env-order',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'env'], precision: 'high' },
    description:
      'A reference to a Service link variable (FOO_SERVICE_HOST, FOO_SERVICE_PORT, FOO_PORT...) that the pod will not have.',
    rationale: `When the kubelet starts a container it adds, for every Service **with a cluster IP** in the pod's
namespace, \`<NAME>_SERVICE_HOST\`, \`<NAME>_SERVICE_PORT\`, \`<NAME>_SERVICE_PORT_<PORT NAME>\` and the Docker link
variables \`<NAME>_PORT\`, \`<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]\` (\`envvars.FromServices\`; NAME is
\`makeEnvVariableName\`: uppercase, \`-\` and \`.\` become \`_\`). \`getServiceEnvVarMap\` (pkg/kubelet/kubelet_pods.go)
lists the Services that exist **when the container starts**, skips those where \`IsServiceIPSet\` is false
(headless \`clusterIP: None\`, ExternalName), takes only the pod's own namespace, and none at all when the pod
sets \`enableServiceLinks: false\`, except the \`kubernetes\` Service of \`default\`, which every pod gets.

So a \`$(API_SERVICE_HOST)\` in env, command or args (or \`$API_SERVICE_HOST\` in an \`sh -c\` script) silently
stays literal (or empty in the shell) when Service \`api\` is not in the pod's namespace, is headless or
ExternalName, has no such port, comes **after** the workload in apply order (pods that start first never get
the variables: they are not updated later), or service links are disabled. svclint treats the order of the
files (sorted) and of documents in them as the apply order. The fix is the Service's DNS name
(\`api.shop.svc.cluster.local:8080\`), which works whatever the order and across namespaces.

A variable the container defines itself (in \`env\` or from an \`envFrom\` source) is not a Service link, and
nothing is reported when an \`envFrom\` source svclint cannot see (a Secret, or a ConfigMap that is not in the
files) might define it. In shell scripts, \`\${NAME:-default}\` (the script handles the unset case), variables the
script sets itself, and bare \`*_PORT\` names (too common as ordinary variables) are left alone.`,
    examples: {
      valid: [
        {
          title: 'A Service declared before the workload that uses its variables',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1.0
          args: ["--listen=:$(API_SERVICE_PORT_HTTP)", "--api-server=$(KUBERNETES_SERVICE_HOST)"]
          ports:
            - containerPort: 8080
`,
        },
      ],
      invalid: [
        {
          title: 'The Service is declared after the workload that reads its variables',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports:
            - containerPort: 8080
          env:
            - name: API_HOST
              value: $(API_SERVICE_HOST)
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: web
  ports:
    - port: 8080
`,
        },
      ],
    },
  },
  check({ model, analysis, settings, report }) {
    const serviceLinks = indexServiceLinks(model.services);
    for (const workload of model.workloads) {
      const pod: PodServiceView = {
        namespace: workload.namespace ?? 'default',
        order: workload.order,
        serviceLinks: workload.enableServiceLinks?.value !== false,
      };
      for (const container of workload.containers) {
        const env = analysis.containerEnvironment(container, pod.namespace);
        const check = new ContainerCheck(workload, container, env, pod, serviceLinks, settings.clusterDomain);
        for (const finding of check.findings()) report(finding);
      }
    }
  },
});

class ContainerCheck {
  private readonly subject: string;

  constructor(
    private readonly workload: WorkloadModel,
    private readonly container: ContainerModel,
    private readonly env: ContainerEnvironment,
    private readonly pod: PodServiceView,
    private readonly serviceLinks: ServiceLinkIndex,
    private readonly clusterDomain: string,
  ) {
    const role = container.role === 'container' ? 'container' : 'init container';
    this.subject = `${workload.kind} ${qualifiedName(workload)} ${role} ${container.name}`;
  }

  findings(): Report[] {
    const reports: Report[] = [];
    for (const use of serviceLinkUses(this.container)) {
      // A variable the container defines itself is its own, not a Service link.
      if (definesItself(this.env, use.name) || mayComeFromUnknownSource(this.env, use.name)) continue;
      const link = resolveServiceLink(this.serviceLinks, use.name, this.pod);
      if (link?.problem) reports.push(this.report(use, link));
    }
    return reports;
  }

  private report(use: VariableUse, link: ServiceLinkResolution): Report {
    const written = use.text.value.slice(use.start, use.end);
    const outcome = use.shell ? `the script reads ${written} empty` : `"${written}" stays as literal text`;
    const message = `${this.subject} ${use.where} uses ${written}, but ${this.problem(use.name, link)}, so ${outcome}; ${this.suggestion(link)}`;
    return {
      object: this.workload,
      fileId: this.workload.fileId,
      range: rangeInValue(use.text, use.start, use.end),
      path: use.path,
      message,
      related: this.related(link),
    };
  }

  private problem(name: string, { problem, service, reading }: ServiceLinkResolution): string {
    const workload = `${this.workload.kind}/${this.workload.name}`;
    const named = service ? `Service ${qualifiedName(service)}` : '';
    switch (problem) {
      case 'links-disabled':
        return `${workload} sets enableServiceLinks: false and its pods get only the kubernetes Service's variables`;
      case 'no-cluster-ip':
        return service!.type === 'ExternalName'
          ? `${named} is of type ExternalName and injects no variables`
          : `${named} is headless (clusterIP: None) and injects no variables`;
      case 'no-such-variable':
        return `${named} injects no ${name} (${missingPort(reading, service!)})`;
      case 'declared-later':
        return `${named} comes after ${workload} in apply order, and pods that start before it exists never get its variables`;
      case 'other-namespace':
        return `${named} is in another namespace, and pods get variables only from Services in their own namespace (${this.pod.namespace})`;
      default:
        return `no Service ${this.pod.namespace}/${serviceNameGuess(reading.serviceEnvName) ?? reading.serviceEnvName} is in the files to inject it`;
    }
  }

  /** The DNS name (and port) that replaces the variable. */
  private suggestion({ service, reading }: ServiceLinkResolution): string {
    const name = service?.name ?? serviceNameGuess(reading.serviceEnvName);
    if (!name) return "use the Service's DNS name instead";
    const host = `${name}.${service?.namespace ?? this.pod.namespace}.svc.${this.clusterDomain}`;
    const port = serviceLinkPort(reading, service);
    return `use ${host}${port === null ? '' : `:${port}`} instead`;
  }

  private related({ problem, service }: ServiceLinkResolution): RelatedLocation[] {
    if (problem === 'links-disabled' && this.workload.enableServiceLinks) {
      return [
        { object: this.workload, range: this.workload.enableServiceLinks.range, message: 'enableServiceLinks: false' },
      ];
    }
    return service ? [{ object: service, range: service.nameRange, message: `Service ${qualifiedName(service)}` }] : [];
  }
}

/** The only valid Service name whose variables start with `serviceEnvName` (Service names are DNS-1035 labels). */
function serviceNameGuess(serviceEnvName: string): string | null {
  const name = serviceEnvName.toLowerCase().replace(/_/g, '-');
  return isDns1035Label(name) ? name : null;
}

function missingPort(reading: ServiceLinkResolution['reading'], service: ServiceModel): string {
  if (reading.form === 'named-port')
    return `none of its ports is named ${reading.portEnvName!.toLowerCase().replace(/_/g, '-')}`;
  if (reading.form === 'link-port') return `it has no port ${reading.port}/${reading.protocol}`;
  return service.ports.length === 0 ? 'it has no ports' : 'it does not define that variable';
}
