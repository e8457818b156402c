import { defineRule, type RelatedLocation, type Report } from '../../src/rule.js';
import { counted, qualifiedName } from '../../src/model/describe.js';
import { portNameProblem } from '../../src/model/names.js';
import { notServedReason } from '../../src/model/api-versions.js';
import type { Analysis } from '../../src/analysis/analysis.js';
import type { Model } from '../../src/model/build.js';
import type {
  IngressBackendModel,
  IngressModel,
  ManifestObject,
  ReferenceGrantModel,
  RouteBackendRefModel,
  RouteModel,
  ServiceModel,
  ServicePortModel,
  Severity,
} from '../../src/model/types.js';
import type { Range } from '../../src/position/range.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export default defineRule({
  meta: {
    id: 'ingress-backend',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'ingress', 'gateway-api', 'service'] },
    description: 'An Ingress backend or Gateway API backendRef whose Service or Service port does not exist.',
    rationale: `**Ingress** (\`networking.k8s.io/v1\`): \`spec.defaultBackend\` and every
\`spec.rules[].http.paths[].backend\` name a Service **of the Ingress's own namespace** (there is no namespace
field) and one of its ports, by \`port.number\` (a Service \`port\`, not its \`targetPort\` or \`nodePort\`) or by
\`port.name\` (a Service port \`name\`). \`validateIngressBackend\` (pkg/apis/networking/validation) rejects a
backend that sets both ("cannot set both port name & port number") or neither ("port name or number is
required"), a \`port.name\` that is not an IANA_SVC_NAME (\`IsValidPortName\`: at most 15 characters, so a
longer Service port name cannot be referenced by name) and a \`port.number\` outside 1-65535. A backend whose
Service or port does not exist is accepted, but the controller has nothing to send its traffic to (most answer
503). \`resource\` backends are not Services and are skipped.

The v1beta1 Ingresses (\`extensions/v1beta1\`, \`networking.k8s.io/v1beta1\`) are read in their own shape:
\`spec.backend\` and \`backend: { serviceName, servicePort }\`, where \`servicePort\` is a port number or a port
name (the API server converts them to \`service.name\` and \`port.number\` or \`port.name\`). On a cluster that no
longer serves the Ingress's apiVersion (see \`kubernetesVersion\`; v1beta1 is gone since 1.22) the Ingress never
exists: api-version reports it, and its backends are not judged.

**Gateway API** (\`HTTPRoute\`, \`GRPCRoute\`, \`TLSRoute\`, \`TCPRoute\`, \`UDPRoute\`): a \`rules[].backendRefs[]\`
entry with \`group: ""\` and \`kind: Service\` (the defaults) names a Service in \`namespace\` (default: the
route's) and a \`port\`, which is "the service port number, not the target port" (\`BackendObjectReference\`).
The CRD rejects a Service reference without \`port\` ("Must have port for Service reference"). A missing Service
makes the reference invalid (\`ResolvedRefs=False\`, reason \`BackendNotFound\`), and so does a port the Service
does not have: an HTTPRoute then answers 500 for the share of requests that would have gone to it.
References to other kinds or groups are skipped.

Reported as **warnings**, because the deciding object may live outside the files:

- a reference into **another namespace** needs a \`ReferenceGrant\` in the target namespace with
  \`from: {group: gateway.networking.k8s.io, kind: <route kind>, namespace: <route namespace>}\` and
  \`to: {group: "", kind: Service}\` (optionally with the Service's \`name\`); without one the reference is
  \`RefNotPermitted\`. The Service itself missing from another namespace is a warning too;
- an **ExternalName** Service as a backendRef: Gateway API says "Implementations SHOULD NOT support
  ExternalName Services" (support is implementation-specific; see CVE-2021-25740), so many Gateways will not
  route to it. Ports of ExternalName Services have no effect, so they are not checked, for Ingress either.`,
    examples: {
      valid: [
        {
          title: 'An Ingress backend by port name and an HTTPRoute backendRef by port number',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: apps/v1
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
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: http
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs:
    - name: public
  rules:
    - backendRefs:
        - name: web
          port: 80
`,
        },
      ],
      invalid: [
        {
          title: "The Ingress names the container port (the Service's targetPort) instead of the Service port",
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: apps/v1
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
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 8080
`,
        },
      ],
    },
  },
  check({ model, analysis, settings, report }) {
    const lookup = serviceLookup(model, analysis);
    const grants = grantsByNamespace(model);
    for (const object of model.objects) {
      // An Ingress the cluster does not serve never exists: api-version reports it, and its backends are moot.
      if (
        object.category === 'ingress' &&
        notServedReason(object.apiVersion, object.kind, settings.kubernetesVersion) === null
      ) {
        for (const backend of object.backends) {
          const finding = ingressBackendFinding(object, backend, lookup);
          if (finding) report(finding);
        }
      } else if (object.category === 'route') {
        for (const ref of object.backendRefs) {
          for (const finding of backendRefFindings(object, ref, lookup, grants)) report(finding);
        }
      }
    }
  },
});

interface ServiceLookup {
  find(namespace: string, name: string): ServiceModel | null;
  /** " (there is one in namespace x ...)" when a Service of that name exists only elsewhere. */
  elsewhereHint(namespace: string, name: string, why: string): string;
}

function serviceLookup(model: Model, analysis: Analysis): ServiceLookup {
  // A Set per name: one name in thousands of namespaces must not cost a scan per Service.
  const namespacesByName = new Map<string, Set<string>>();
  for (const service of model.services) {
    const namespaces = namespacesByName.get(service.name) ?? new Set<string>();
    namespaces.add(service.namespace ?? '');
    namespacesByName.set(service.name, namespaces);
  }
  return {
    find: (namespace, name) => analysis.findService(namespace, name),
    elsewhereHint(namespace, name, why) {
      // Sorted, not in apply order: the message (and a baseline entry matching it) must not change when files are reordered.
      const others = [...(namespacesByName.get(name) ?? [])].filter((ns) => ns !== namespace).sort();
      return others.length ? ` (there is one in namespace ${others.join(', ')}, but ${why})` : '';
    },
  };
}

function grantsByNamespace(model: Model): Map<string, ReferenceGrantModel[]> {
  const byNamespace = new Map<string, ReferenceGrantModel[]>();
  for (const object of model.objects) {
    if (object.category !== 'reference-grant') continue;
    const grants = byNamespace.get(object.namespace ?? '') ?? [];
    grants.push(object);
    byNamespace.set(object.namespace ?? '', grants);
  }
  return byNamespace;
}

function finding(
  object: ManifestObject,
  range: Range,
  path: string,
  message: string,
  severity: Severity,
  related?: RelatedLocation[],
): Report {
  return { object, fileId: object.fileId, range, path, message, severity, ...(related ? { related } : {}) };
}

function serviceLocation(service: ServiceModel): RelatedLocation[] {
  return [
    { object: service, range: service.portsRange ?? service.nameRange, message: `Service ${qualifiedName(service)}` },
  ];
}

// ---- Ingress ----

function ingressBackendFinding(
  ingress: IngressModel,
  backend: IngressBackendModel,
  lookup: ServiceLookup,
): Report | null {
  if (backend.resource) return resourceAndServiceFinding(ingress, backend);
  if (!backend.serviceName) return serviceNameFinding(ingress, backend);
  // validateIngressBackend treats number 0 and name "" as unset.
  const port: IngressPort = {
    number: backend.portNumber === 0 ? null : backend.portNumber,
    name: backend.portName || null,
  };
  if (typeof port.number === 'string') return null; // a quoted number does not decode: the schema check's business
  return rejectedBackend(ingress, backend, port) ?? unresolvedBackend(ingress, backend, port, lookup);
}

/** A resource backend is not a Service; validateIngressBackend: "cannot set both resource and service backends". */
function resourceAndServiceFinding(ingress: IngressModel, backend: IngressBackendModel): Report | null {
  if (!backend.serviceNameRange) return null;
  return finding(
    ingress,
    backend.serviceNameRange,
    serviceNamePath(backend),
    `Ingress ${qualifiedName(ingress)} backend sets both service and resource; the API server rejects the Ingress (cannot set both resource and service backends)`,
    'error',
  );
}

/** A backend without a usable service.name: neither service nor resource, or an empty name (other types: schema). */
function serviceNameFinding(ingress: IngressModel, backend: IngressBackendModel): Report | null {
  const subject = `Ingress ${qualifiedName(ingress)} backend`;
  if (backend.serviceNameRange === null) {
    // A port without a name means a service without a name: the schema check reports that.
    if (backend.portRange) return null;
    return finding(
      ingress,
      backend.range,
      backend.path,
      `${subject} has no ${backend.legacy ? 'serviceName' : 'service.name'} and no resource; the API server rejects the Ingress (a backend needs a service with a name, or a resource)`,
      'error',
    );
  }
  if (backend.serviceName !== '') return null;
  return finding(
    ingress,
    backend.serviceNameRange,
    serviceNamePath(backend),
    `${subject} has an empty service.name; the API server rejects the Ingress (Required value)`,
    'error',
  );
}

interface IngressPort {
  number: number | string | null;
  name: string | null;
}

/** What validateIngressBackend rejects in a Service backend's port. */
function rejectedBackend(ingress: IngressModel, backend: IngressBackendModel, port: IngressPort): Report | null {
  const rejected = (range: Range, path: string, what: string, reason: string) =>
    finding(
      ingress,
      range,
      path,
      `Ingress ${qualifiedName(ingress)} backend ${what}; the API server rejects the Ingress (${reason})`,
      'error',
    );
  const service = `for Service "${backend.serviceName}"`;
  if (port.number !== null && port.name !== null) {
    return rejected(
      backend.portRange!,
      portPath(backend),
      `${service} sets both port.number ${port.number} and port.name "${port.name}"`,
      'cannot set both port name & port number',
    );
  }
  if (port.number === null && port.name === null) {
    const [range, path] = backend.portRange
      ? [backend.portRange, portPath(backend)]
      : [backend.serviceNameRange!, serviceNamePath(backend)];
    return rejected(
      range,
      path,
      `${service} has neither ${backend.legacy ? 'a servicePort' : 'port.number nor port.name'}`,
      'port name or number is required',
    );
  }
  const nameProblem = port.name === null ? null : portNameProblem(port.name);
  if (nameProblem)
    return rejected(
      backend.portRange!,
      portPath(backend),
      `${portField(backend)} "${port.name}" is not a valid port name (IANA_SVC_NAME)`,
      nameProblem,
    );
  const number = port.number;
  if (typeof number === 'number' && !(Number.isInteger(number) && number >= 1 && number <= 65535)) {
    return rejected(
      backend.portRange!,
      portPath(backend),
      `${portField(backend)} ${number} is not a valid port number`,
      'must be between 1 and 65535, inclusive',
    );
  }
  return null;
}

/** A valid backend whose Service (in the Ingress's namespace) or Service port does not exist. */
function unresolvedBackend(
  ingress: IngressModel,
  backend: IngressBackendModel,
  port: IngressPort,
  lookup: ServiceLookup,
): Report | null {
  const subject = `Ingress ${qualifiedName(ingress)} backend`;
  const name = backend.serviceName!;
  const namespace = ingress.namespace ?? '';
  const service = lookup.find(namespace, name);
  if (!service) {
    const hint = lookup.elsewhereHint(namespace, name, 'an Ingress can only use Services of its own namespace');
    return finding(
      ingress,
      backend.serviceNameRange!,
      serviceNamePath(backend),
      `${subject} Service "${name}" does not exist in namespace ${namespace}${hint}; requests routed to this backend fail`,
      'error',
    );
  }
  if (service.type === 'ExternalName') return null;
  if (port.name !== null) {
    if (service.ports.some((p) => p.name === port.name)) return null;
    return finding(
      ingress,
      backend.portRange!,
      portPath(backend),
      `${subject} ${portField(backend)} "${port.name}" is not a port name of Service ${qualifiedName(service)} (${describePorts(service)}); requests routed to this backend fail`,
      'error',
      serviceLocation(service),
    );
  }
  const number = port.number as number;
  if (service.ports.some((p) => p.port === number)) return null;
  return finding(
    ingress,
    backend.portRange!,
    portPath(backend),
    `${subject} ${portField(backend)} ${number} is not a port of Service ${qualifiedName(service)} (${describePorts(service)})${misplacedPortHint(service, number)}; requests routed to this backend fail`,
    'error',
    serviceLocation(service),
  );
}

/** service.name, or a v1beta1 backend's serviceName. */
function serviceNamePath(backend: IngressBackendModel): string {
  return backend.legacy ? `${backend.path}.serviceName` : `${backend.path}.service.name`;
}

/** How messages name the port field: port.number or port.name, or a v1beta1 backend's servicePort. */
function portField(backend: IngressBackendModel): string {
  return backend.legacy ? 'servicePort' : backend.portNumber !== null ? 'port.number' : 'port.name';
}

/** The path of the node portRange points at: port.number if written, else port.name, else the port key. */
function portPath(backend: IngressBackendModel): string {
  if (backend.legacy) return `${backend.path}.servicePort`;
  const port = `${backend.path}.service.port`;
  if (backend.portNumber !== null) return `${port}.number`;
  return backend.portName !== null ? `${port}.name` : port;
}

// ---- Gateway API routes ----

function backendRefFindings(
  route: RouteModel,
  ref: RouteBackendRefModel,
  lookup: ServiceLookup,
  grants: Map<string, ReferenceGrantModel[]>,
): Report[] {
  if (ref.group !== '' || ref.kind !== 'Service' || !ref.name || !ref.nameRange) return [];
  const name = ref.name;
  const subject = `${route.kind} ${qualifiedName(route)} backendRef`;
  const findings: Report[] = [];
  const crossNamespace = ref.namespace !== route.namespace;

  if (crossNamespace && !grantAllows(grants.get(ref.namespace) ?? [], route, name)) {
    findings.push(
      finding(
        route,
        ref.namespaceRange ?? ref.nameRange,
        `${ref.path}.namespace`,
        `${subject} to Service ${ref.namespace}/${name} crosses namespaces, and no ReferenceGrant in namespace ${ref.namespace} in the files allows ${route.kind}s from namespace ${route.namespace} to reference it; without one the reference is not permitted (ResolvedRefs=False, RefNotPermitted) and gets no traffic (fine if the grant is applied from elsewhere)`,
        'warning',
      ),
    );
  }
  // The CRD's CEL rule: "Must have port for Service reference".
  if (ref.port === null) {
    findings.push(
      finding(
        route,
        ref.nameRange,
        `${ref.path}.name`,
        `${subject} to Service "${name}" has no port; the API server rejects the ${route.kind} (Must have port for Service reference)`,
        'error',
      ),
    );
  }

  const service = lookup.find(ref.namespace, name);
  if (!service) {
    const hint =
      crossNamespace || ref.namespaceRange
        ? ''
        : lookup.elsewhereHint(ref.namespace, name, "a backendRef without namespace refers to the route's own");
    const severity: Severity = crossNamespace ? 'warning' : 'error';
    const elsewhere = crossNamespace ? ' (fine if it is applied from elsewhere)' : '';
    findings.push(
      finding(
        route,
        ref.nameRange,
        `${ref.path}.name`,
        `${subject} Service "${name}" does not exist in namespace ${ref.namespace}${hint}; the reference does not resolve (BackendNotFound) and its share of requests fails${elsewhere}`,
        severity,
      ),
    );
  } else if (service.type === 'ExternalName') {
    findings.push(
      finding(
        route,
        ref.nameRange,
        `${ref.path}.name`,
        `${subject} Service ${qualifiedName(service)} is an ExternalName Service; Gateway API says implementations SHOULD NOT support ExternalName backends, so many Gateways will not route to it`,
        'warning',
        serviceLocation(service),
      ),
    );
  } else if (typeof ref.port === 'number' && !service.ports.some((p) => p.port === ref.port)) {
    findings.push(
      finding(
        route,
        ref.portRange!,
        `${ref.path}.port`,
        `${subject} port ${ref.port} is not a port of Service ${qualifiedName(service)} (${describePorts(service)})${misplacedPortHint(service, ref.port)}; the reference does not resolve and its share of requests fails`,
        'error',
        serviceLocation(service),
      ),
    );
  }
  return findings;
}

/** A ReferenceGrant in the target namespace lets this route kind from the route's namespace reach the Service. */
function grantAllows(grants: readonly ReferenceGrantModel[], route: RouteModel, serviceName: string): boolean {
  return grants.some(
    (grant) =>
      grant.from.some((f) => f.group === GATEWAY_GROUP && f.kind === route.kind && f.namespace === route.namespace) &&
      grant.to.some((t) => t.group === '' && t.kind === 'Service' && (!t.name || t.name === serviceName)),
  );
}

// ---- Service ports ----

function describePorts(service: ServiceModel): string {
  if (service.ports.length === 0) return 'it has no ports';
  return `its ports: ${counted(service.ports.map(describeServicePort)).join(', ')}`;
}

function describeServicePort(port: ServicePortModel): string {
  return `${port.name ? `${port.name}:` : ''}${port.port}/${port.protocol}`;
}

/** Says so when the number is a targetPort or nodePort of the Service: backends name the Service port. */
function misplacedPortHint(service: ServiceModel, number: number): string {
  const asTarget = service.ports.find((p) => p.targetPort === number && p.port !== number);
  if (asTarget)
    return `; ${number} is the targetPort of its port ${asTarget.port}, but a backend names the Service port, not the targetPort`;
  const asNodePort = service.ports.find((p) => p.nodePort === number);
  if (asNodePort)
    return `; ${number} is the nodePort of its port ${asNodePort.port}, but a backend names the Service port, not the nodePort`;
  return '';
}
