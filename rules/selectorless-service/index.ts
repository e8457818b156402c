import { defineRule, at, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import type { Model } from '../../src/model/build.js';
import type { ServiceModel } from '../../src/model/types.js';

/** The label that ties an EndpointSlice to its Service (discovery.k8s.io/v1 LabelServiceName). */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export default defineRule({
  meta: {
    id: 'selectorless-service',
    severity: 'note',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'endpoints'], precision: 'medium' },
    description: 'A Service without a selector whose Endpoints or EndpointSlices are not in the files.',
    rationale: `A Service with no \`spec.selector\` (or an empty one, which is stored as none) is *selectorless*:
the EndpointSlice and Endpoints controllers skip it in \`syncService\` (\`if service.Spec.Selector == nil\`:
"services without a selector receive no endpoints from this controller; these services will receive the
endpoints that are created out-of-band via the REST API"), so Kubernetes manages no endpoints for it. Its
endpoints must come from objects someone else creates:

- an \`EndpointSlice\` (\`discovery.k8s.io/v1\`) in the Service's namespace labelled
  \`kubernetes.io/service-name: <service>\`, or
- a legacy \`Endpoints\` object (\`v1\`) with **the same name** as the Service, in its namespace (the
  endpointslice mirroring controller copies it into EndpointSlices).

Until one exists, connections to the Service's cluster IP are refused or time out, and DNS for a headless
selectorless Service returns no addresses. This is a **note**, not a warning: it is how you point a Service at
something outside the cluster, and a controller or another repository often creates the endpoints. svclint
only tells you that none are in the files it read.

\`type: ExternalName\` Services are exempt (they are a DNS CNAME and never have endpoints), and so is
\`default/kubernetes\`, whose endpoints the API server maintains itself.`,
    examples: {
      valid: [
        {
          title: 'A selectorless Service with its EndpointSlice',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: legacy-db
spec:
  ports:
    - name: postgres
      port: 5432
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: legacy-db-1
  labels:
    kubernetes.io/service-name: legacy-db
addressType: IPv4
ports:
  - name: postgres
    port: 5432
endpoints:
  - addresses:
      - 10.20.0.15
`,
        },
        {
          title: 'An ExternalName Service needs no endpoints',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: payments
spec:
  type: ExternalName
  externalName: payments.example.com
`,
        },
      ],
      invalid: [
        {
          title: 'No selector, and no EndpointSlice or Endpoints for the Service',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: legacy-db
spec:
  ports:
    - name: postgres
      port: 5432
`,
        },
      ],
    },
  },
  check({ model, report }) {
    const provided = servicesWithEndpointObjects(model);
    for (const service of model.services) {
      if (needsEndpointObjects(service) && !provided.has(serviceKey(service.namespace, service.name))) {
        report(selectorlessFinding(service));
      }
    }
  },
});

function needsEndpointObjects(service: ServiceModel): boolean {
  if (service.type === 'ExternalName' || service.selector !== null) return false;
  // The API server keeps the endpoints of default/kubernetes itself.
  return !(service.namespace === 'default' && service.name === 'kubernetes');
}

/** Keys ("ns/name") of the Services that an EndpointSlice or Endpoints object in the files provides for; one pass. */
function servicesWithEndpointObjects(model: Model): Set<string> {
  const keys = new Set<string>();
  for (const object of model.objects) {
    if (object.kind === 'Endpoints' && object.apiVersion === 'v1') {
      keys.add(serviceKey(object.namespace, object.name));
    } else if (object.kind === 'EndpointSlice' && object.apiVersion.startsWith('discovery.k8s.io/')) {
      const service = object.labels[SERVICE_NAME_LABEL];
      if (service) keys.add(serviceKey(object.namespace, service));
    }
  }
  return keys;
}

function serviceKey(namespace: string | null, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function selectorlessFinding(service: ServiceModel): Report {
  // An empty `selector: {}` is there to point at; otherwise the Service's name is the best handle.
  const [range, path, what] = service.selectorRange
    ? [service.selectorRange, 'spec.selector', 'has an empty selector']
    : [service.nameRange, 'metadata.name', 'has no selector'];
  return at(
    service,
    range,
    path,
    `Service ${qualifiedName(service)} ${what}, so Kubernetes manages no endpoints for it, and no EndpointSlice labelled ${SERVICE_NAME_LABEL}=${service.name} or Endpoints object named ${service.name} is in namespace ${service.namespace} in the files; traffic to it goes nowhere until something creates them (fine if a controller or another repository does)`,
  );
}
