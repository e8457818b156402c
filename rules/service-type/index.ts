import { defineRule, at, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import type { Located, ServiceModel, ServicePortModel } from '../../src/model/types.js';
import { rangeEnd, rangeStart } from '../../src/position/range.js';

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const SESSION_AFFINITIES = ['None', 'ClientIP'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const EXTERNAL_TRAFFIC_POLICIES = ['Cluster', 'Local'];
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export default defineRule({
  meta: {
    id: 'service-type',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'service'] },
    description:
      'A Service field that its type does not allow or ignores, or a type, protocol, session affinity or port number the API server rejects.',
    rationale: `\`ValidateService\` and \`validateServicePort\` (pkg/apis/core/validation/validation.go) tie several
fields to the Service \`type\`; each of these is an **error** (the Service is rejected):

- \`type\` must be \`ClusterIP\`, \`NodePort\`, \`LoadBalancer\` or \`ExternalName\` (case-sensitive, so \`Nodeport\`
  is rejected); \`sessionAffinity\` \`None\` or \`ClientIP\`; each port's \`protocol\` \`TCP\`, \`UDP\` or \`SCTP\`;
  \`port\` and a numeric \`targetPort\` between 1 and 65535 (\`IsValidPortNum\`; a \`targetPort\` of 0 defaults to \`port\`).
- \`ExternalName\`: \`clusterIP\`/\`clusterIPs\`, \`ipFamilies\` and \`ipFamilyPolicy\` "may not be set for ExternalName
  services" (an empty \`clusterIP\` is fine), and \`externalName\` is required.
- \`clusterIP: None\` (headless) "may not be set to 'None' for NodePort/LoadBalancer services".
- \`ports\` is required ("spec.ports: Required value": missing, \`null\` or \`[]\`) unless the Service is headless or
  ExternalName.
- \`externalTrafficPolicy\` "may only be set for externally-accessible services" (\`ExternallyAccessible\`: NodePort,
  LoadBalancer, or ClusterIP with \`externalIPs\`), and must then be \`Cluster\` or \`Local\`.
- \`healthCheckNodePort\` "may only be set when \`type\` is 'LoadBalancer' and \`externalTrafficPolicy\` is 'Local'".
- \`loadBalancerSourceRanges\` (or the \`${SOURCE_RANGES_ANNOTATION}\` annotation) and
  \`allocateLoadBalancerNodePorts\` "may only be used when \`type\` is 'LoadBalancer'".

Fields that Kubernetes accepts but ignores are **warnings**: \`loadBalancerIP\` on a Service that is not a
LoadBalancer; \`externalName\` on a Service that is not ExternalName (\`GetWarningsForService\`: "spec.externalName
is ignored"); \`externalIPs\` on an ExternalName or headless Service and \`sessionAffinity: ClientIP\` on a headless
one (also API server warnings); and a \`selector\` on an ExternalName Service (the EndpointSlice controller skips
ExternalName Services, so no endpoints are made and DNS answers with a CNAME). The \`ports\` of an ExternalName
Service are accepted and read by Ingress controllers, so they are not reported (a \`nodePort\` there is
node-port-range's finding).`,
    examples: {
      valid: [
        {
          title: 'externalTrafficPolicy Local on a NodePort Service, and an ExternalName Service without clusterIP',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector:
    app: web
  ports:
    - port: 80
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
          image: example/web:2.0
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: billing-db
spec:
  type: ExternalName
  externalName: db.billing.example.com.
`,
        },
      ],
      invalid: [
        {
          title: 'An ExternalName Service with a cluster IP',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: billing-db
spec:
  type: ExternalName
  clusterIP: None
  externalName: db.billing.example.com
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const service of model.services) serviceFindings(service).forEach(report);
  },
});

function serviceFindings(service: ServiceModel): Report[] {
  const findings = [...enumFindings(service), ...portNumberFindings(service)];
  const type = knownType(service);
  // With an unknown type, which fields apply is guesswork: the type error comes first.
  if (type === null) return findings;
  return [...findings, ...typeErrorFindings(service, type), ...ignoredFieldFindings(service, type)];
}

/** The type after defaulting ("" and missing are ClusterIP), or null when it is not one Kubernetes knows. */
function knownType(service: ServiceModel): ServiceType | null {
  const written = service.spec.type?.value;
  if (written === undefined || written === null || written === '') return 'ClusterIP';
  return SERVICE_TYPES.find((t) => t === written) ?? null;
}

function enumFindings(service: ServiceModel): Report[] {
  const findings: Report[] = [];
  const check = (field: Located | undefined, path: string, what: string, allowed: readonly string[]) => {
    const value = field?.value;
    // Non-strings are schema errors; "" is defaulted.
    if (!field || typeof value !== 'string' || value === '' || allowed.includes(value)) return;
    findings.push(
      at(
        service,
        field.range,
        path,
        `${subject(service)} ${what} "${value}" is not one of ${allowed.join(', ')}${suggestion(value, allowed)}; the API server rejects it`,
      ),
    );
  };
  check(service.spec.type, 'spec.type', 'type', SERVICE_TYPES);
  check(service.spec.sessionAffinity, 'spec.sessionAffinity', 'sessionAffinity', SESSION_AFFINITIES);
  for (const port of service.ports) {
    if (port.protocolRange)
      check(
        { value: port.protocol, range: port.protocolRange },
        `spec.ports[${port.index}].protocol`,
        `${describePort(port)} protocol`,
        PROTOCOLS,
      );
  }
  return findings;
}

/** "(case-sensitive; did you mean NodePort?)" when only the case differs. */
function suggestion(value: string, allowed: readonly string[]): string {
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  return match ? ` (case-sensitive; did you mean ${match}?)` : '';
}

/** IsValidPortNum for port and a numeric targetPort (0 defaults to port); non-integers are schema errors. */
function portNumberFindings(service: ServiceModel): Report[] {
  const findings: Report[] = [];
  for (const port of service.ports) {
    const outOfRange = (value: unknown, allowZero: boolean) =>
      typeof value === 'number' &&
      Number.isInteger(value) &&
      !(allowZero && value === 0) &&
      (value < 1 || value > 65535);
    if (outOfRange(port.port, false) && port.portRange) {
      findings.push(
        at(
          service,
          port.portRange,
          `spec.ports[${port.index}].port`,
          `${subject(service)} ${describePort(port)} must be between 1 and 65535, inclusive; the API server rejects it`,
        ),
      );
    }
    if (outOfRange(port.targetPort, true) && port.targetPortRange) {
      findings.push(
        at(
          service,
          port.targetPortRange,
          `spec.ports[${port.index}].targetPort`,
          `${subject(service)} ${describePort(port)} targetPort ${port.targetPort} must be between 1 and 65535, inclusive; the API server rejects it`,
        ),
      );
    }
  }
  return findings;
}

function typeErrorFindings(service: ServiceModel, type: ServiceType): Report[] {
  return [
    ...externalNameTypeFindings(service, type),
    ...headlessTypeFindings(service, type),
    ...trafficPolicyFindings(service, type),
    ...loadBalancerOnlyFindings(service, type),
    missingPortsFinding(service, type),
  ].filter((r): r is Report => r !== null);
}

/** ValidateService: "spec.ports: Required value", unless headless or ExternalName. */
function missingPortsFinding(service: ServiceModel, type: ServiceType): Report | null {
  if (type === 'ExternalName' || headlessField(service) || service.ports.length > 0) return null;
  // `ports: 80` or a list of numbers is the schema's finding.
  if (service.schemaProblems?.some((p) => p.path.startsWith('spec.ports'))) return null;
  const written = service.portsRange;
  const range = written && rangeEnd(written) > rangeStart(written) ? written : service.nameRange;
  return at(
    service,
    range,
    'spec.ports',
    `${subject(service)} has no ports, but only a headless (clusterIP: None) or ExternalName Service may have none; the API server rejects it`,
  );
}

function externalNameTypeFindings(service: ServiceModel, type: ServiceType): (Report | null)[] {
  if (type !== 'ExternalName') return [];
  const rejected = (field: string, what: string) => {
    const located = service.spec[field]!;
    return at(
      service,
      located.range,
      `spec.${field}`,
      `${subject(service)} is of type ExternalName but sets ${what}, which "may not be set for ExternalName services" (an ExternalName Service has no cluster IP); the API server rejects it`,
    );
  };
  // The API server copies clusterIP into clusterIPs on create, so one of them is enough to report.
  const clusterIP = isNonEmptyString(service.spec.clusterIP?.value)
    ? rejected('clusterIP', `clusterIP ${service.clusterIP}`)
    : isNonEmptyArray(service.spec.clusterIPs?.value)
      ? rejected('clusterIPs', 'clusterIPs')
      : null;
  return [
    clusterIP,
    isNonEmptyArray(service.spec.ipFamilies?.value) ? rejected('ipFamilies', 'ipFamilies') : null,
    isSet(service.spec.ipFamilyPolicy?.value) ? rejected('ipFamilyPolicy', 'ipFamilyPolicy') : null,
    missingExternalNameFinding(service),
  ];
}

/** The CNAME target is required; a trailing dot is trimmed first. */
function missingExternalNameFinding(service: ServiceModel): Report | null {
  const written = service.spec.externalName;
  const value = written?.value;
  // A non-string is the schema's finding.
  if (isSet(value) && (typeof value !== 'string' || value.replace(/\.$/, '') !== '')) return null;
  const range = written?.range ?? service.typeRange ?? service.nameRange;
  return at(
    service,
    range,
    'spec.externalName',
    `${subject(service)} is of type ExternalName but has no externalName (the DNS name it aliases); the API server rejects it`,
  );
}

function headlessTypeFindings(service: ServiceModel, type: ServiceType): (Report | null)[] {
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  const field = headlessField(service);
  if (!field) return [];
  return [
    at(
      service,
      service.spec[field]!.range,
      `spec.${field}`,
      `${subject(service)} is headless (clusterIP None), which "may not be set to 'None' for ${type} services": only a ClusterIP Service can be headless; the API server rejects it`,
    ),
  ];
}

function trafficPolicyFindings(service: ServiceModel, type: ServiceType): (Report | null)[] {
  const findings: (Report | null)[] = [];
  const policy = service.spec.externalTrafficPolicy;
  if (policy && isNonEmptyString(policy.value)) {
    if (!externallyAccessible(service, type)) {
      const why = type === 'ClusterIP' ? 'a ClusterIP Service without externalIPs' : `an ${type} Service`;
      findings.push(
        at(
          service,
          policy.range,
          'spec.externalTrafficPolicy',
          `${subject(service)} sets externalTrafficPolicy, which "may only be set for externally-accessible services", but it is ${why}; the API server rejects it`,
        ),
      );
    } else if (!EXTERNAL_TRAFFIC_POLICIES.includes(policy.value)) {
      findings.push(
        at(
          service,
          policy.range,
          'spec.externalTrafficPolicy',
          `${subject(service)} externalTrafficPolicy "${policy.value}" is not one of ${EXTERNAL_TRAFFIC_POLICIES.join(', ')}${suggestion(policy.value, EXTERNAL_TRAFFIC_POLICIES)}; the API server rejects it`,
        ),
      );
    }
  }
  const healthCheck = service.spec.healthCheckNodePort;
  if (
    healthCheck &&
    typeof healthCheck.value === 'number' &&
    healthCheck.value !== 0 &&
    !needsHealthCheck(service, type)
  ) {
    findings.push(
      at(
        service,
        healthCheck.range,
        'spec.healthCheckNodePort',
        `${subject(service)} sets healthCheckNodePort, which may only be set when type is LoadBalancer and externalTrafficPolicy is Local; the API server rejects it`,
      ),
    );
  }
  return findings;
}

function loadBalancerOnlyFindings(service: ServiceModel, type: ServiceType): (Report | null)[] {
  if (type === 'LoadBalancer') return [];
  const rejected = (range: Located['range'], path: string, what: string) =>
    at(
      service,
      range,
      path,
      `${subject(service)} sets ${what}, which may only be used when type is LoadBalancer, but it is ${type}; the API server rejects it`,
    );
  const findings: (Report | null)[] = [];
  const ranges = service.spec.loadBalancerSourceRanges;
  if (ranges && isNonEmptyArray(ranges.value)) {
    findings.push(rejected(ranges.range, 'spec.loadBalancerSourceRanges', 'loadBalancerSourceRanges'));
  } else if (Object.hasOwn(service.annotations, SOURCE_RANGES_ANNOTATION)) {
    // The model keeps no annotation ranges: point at the name.
    findings.push(
      rejected(
        service.nameRange,
        `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`,
        `the ${SOURCE_RANGES_ANNOTATION} annotation`,
      ),
    );
  }
  const allocate = service.spec.allocateLoadBalancerNodePorts;
  if (allocate && isSet(allocate.value))
    findings.push(rejected(allocate.range, 'spec.allocateLoadBalancerNodePorts', 'allocateLoadBalancerNodePorts'));
  return findings;
}

/** Accepted by the API server, but without effect for this type: warnings. */
function ignoredFieldFindings(service: ServiceModel, type: ServiceType): Report[] {
  const findings: Report[] = [];
  const ignored = (field: string, message: string) => {
    findings.push({
      ...at(service, service.spec[field]!.range, `spec.${field}`, `${subject(service)} ${message}`),
      severity: 'warning',
    });
  };
  if (type !== 'LoadBalancer' && isNonEmptyString(service.spec.loadBalancerIP?.value)) {
    ignored('loadBalancerIP', `sets loadBalancerIP, but it is ${type}, not LoadBalancer; Kubernetes ignores it`);
  }
  if (type !== 'ExternalName' && isNonEmptyString(service.spec.externalName?.value)) {
    ignored(
      'externalName',
      `sets externalName, but it is ${type}; externalName is used only by ExternalName Services, so Kubernetes ignores it`,
    );
  }
  const headless = type === 'ClusterIP' && headlessField(service) !== null;
  if ((type === 'ExternalName' || headless) && isNonEmptyArray(service.spec.externalIPs?.value)) {
    ignored(
      'externalIPs',
      `sets externalIPs, but it is ${headless ? 'headless' : 'ExternalName'}; Kubernetes ignores them`,
    );
  }
  if (headless && service.spec.sessionAffinity?.value === 'ClientIP') {
    ignored(
      'sessionAffinity',
      'sets sessionAffinity ClientIP, but it is headless (clients connect to pods directly); Kubernetes ignores it',
    );
  }
  if (type === 'ExternalName') findings.push(...externalNameIgnoredFindings(service));
  return findings;
}

function externalNameIgnoredFindings(service: ServiceModel): Report[] {
  const findings: Report[] = [];
  const target = service.externalName ? ` to ${service.externalName}` : '';
  if (service.selector && service.selectorRange) {
    findings.push({
      ...at(
        service,
        service.selectorRange,
        'spec.selector',
        `${subject(service)} is of type ExternalName, so its selector has no effect: Kubernetes makes no endpoints for it and DNS answers with a CNAME${target}`,
      ),
      severity: 'warning',
    });
  }
  return findings;
}

/** isHeadlessService: clusterIPs == ["None"], which the API server derives from clusterIP on create. */
function headlessField(service: ServiceModel): 'clusterIP' | 'clusterIPs' | null {
  if (service.clusterIP === 'None') return 'clusterIP';
  const ips = service.spec.clusterIPs?.value;
  if (!service.clusterIP && Array.isArray(ips) && ips.length === 1 && ips[0] === 'None') return 'clusterIPs';
  return null;
}

/** apiservice.ExternallyAccessible */
function externallyAccessible(service: ServiceModel, type: ServiceType): boolean {
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && isNonEmptyArray(service.spec.externalIPs?.value))
  );
}

/** apiservice.NeedsHealthCheck */
function needsHealthCheck(service: ServiceModel, type: ServiceType): boolean {
  return type === 'LoadBalancer' && service.spec.externalTrafficPolicy?.value === 'Local';
}

function subject(service: ServiceModel): string {
  return `Service ${qualifiedName(service)}`;
}

function describePort(port: ServicePortModel): string {
  return typeof port.port === 'number' ? `port ${port.port}` : `spec.ports[${port.index}]`;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isNonEmptyArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** A pointer field: set unless absent or null. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}
