// Cluster DNS as the Kubernetes DNS specification (kubernetes/dns docs/specification.md, schema 1.0.1) defines it,
// predicted from the manifests: the names each Service gets, a scanner for host names written in strings, and a
// resolver that applies a pod's DNS search path to a name as written.
import type { Model } from '../model/build.js';
import type { Analysis } from './analysis.js';
import { isHeadless, type ServiceEndpoints } from './endpoints.js';
import type { ServiceModel, ServicePortModel, WorkloadModel } from '../model/types.js';
import { selectedReplicas } from '../model/pod-labels.js';
import { apiGroup, isBuiltinGroup } from '../model/kinds.js';

// ---------------------------------------------------------------------------------------------------------------
// Names a Service gets (specification §2.3 - §2.5)

export interface StatefulSetPod {
  workload: WorkloadModel;
  ordinal: number;
  /** `<statefulset>-<ordinal>`, the pod's spec.hostname. */
  hostname: string;
}

export type DnsName =
  /** `<svc>.<ns>.svc.<zone>`: the cluster IP, or for a headless Service the ready pods' IPs. */
  | { type: 'A'; name: string; service: ServiceModel }
  /** `<hostname>.<svc>.<ns>.svc.<zone>`: one StatefulSet pod behind its headless governing Service. */
  | { type: 'pod'; name: string; service: ServiceModel; pod: StatefulSetPod }
  /** `_<port>._<proto>.<svc>.<ns>.svc.<zone>`: one per named port. */
  | { type: 'SRV'; name: string; service: ServiceModel; port: ServicePortModel }
  /** `<svc>.<ns>.svc.<zone>` of an ExternalName Service, an alias of spec.externalName. */
  | { type: 'CNAME'; name: string; service: ServiceModel; target: string };

/** `<svc>.<ns>.svc.<zone>`, lower case. */
export function serviceFqdn(namespace: string, service: string, clusterDomain: string): string {
  return `${service}.${namespace}.svc.${clusterDomain}`.toLowerCase();
}

/** The ordinals a StatefulSet's pods get: spec.ordinals.start up to start + replicas - 1. */
export function statefulSetOrdinals(workload: WorkloadModel): { first: number; count: number } {
  return { first: workload.ordinalsStart, count: typeof workload.replicas === 'number' ? workload.replicas : 0 };
}

/**
 * Whether the StatefulSet's pods get `<pod>.<svc>` names from this Service: the Service is its governing Service
 * (spec.serviceName, same namespace) and selects its pods, so the endpoints carry the pod hostnames
 * (ShouldSetHostname), and the Service is headless (specification §2.4.1).
 */
export function governsPods(service: ServiceModel, workload: WorkloadModel): boolean {
  return (
    workload.kind === 'StatefulSet' &&
    workload.namespace === service.namespace &&
    workload.serviceName?.value === service.name &&
    service.type !== 'ExternalName' &&
    isHeadless(service) &&
    selectedReplicas(service.selector, workload) !== null
  );
}

/**
 * The DNS names of one Service. `endpoints` (analysis.endpointsOf) gives the workloads it selects; per-pod names
 * come from the StatefulSets it governs, one per ordinal, at most `maxPodsPerStatefulSet` of each.
 */
export function dnsNamesOf(
  service: ServiceModel,
  endpoints: ServiceEndpoints | null,
  clusterDomain: string,
  maxPodsPerStatefulSet = Infinity,
): DnsName[] {
  const name = serviceFqdn(service.namespace ?? '', service.name, clusterDomain);
  if (service.type === 'ExternalName')
    return [{ type: 'CNAME', name, service, target: (service.externalName ?? '').replace(/\.$/, '').toLowerCase() }];
  const names: DnsName[] = [{ type: 'A', name, service }];
  for (const port of service.ports) {
    if (port.name)
      names.push({ type: 'SRV', name: `_${port.name}._${port.protocol}.${name}`.toLowerCase(), service, port });
  }
  for (const workload of endpoints?.workloads ?? []) {
    if (!governsPods(service, workload)) continue;
    const { first, count } = statefulSetOrdinals(workload);
    for (let ordinal = first; ordinal < first + Math.min(count, maxPodsPerStatefulSet); ordinal++) {
      const hostname = `${workload.name}-${ordinal}`.toLowerCase();
      names.push({ type: 'pod', name: `${hostname}.${name}`, service, pod: { workload, ordinal, hostname } });
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Host names written in strings

export interface HostReference {
  /** The host as written (case kept, a trailing dot kept). */
  readonly host: string;
  readonly port: number | null;
  /** Index of the host in the string; `end` is past the host, `portEnd` past the port (equal to `end` without one). */
  readonly start: number;
  readonly end: number;
  readonly portEnd: number;
  /** The URL scheme when the host is a URL's authority (`http`, `postgresql`, `redis`, ...). */
  readonly scheme: string | null;
}

/**
 * Replaces template and variable syntax (`{{ }}`, `$(VAR)`, `${VAR}`, `$var`, `<placeholder>`) and comments. Each
 * pattern comes with the characters it cannot match without: most values hold none, and a search for a character is
 * much cheaper than a regular expression.
 */
const MASKED: readonly (readonly [pattern: RegExp, needs: readonly string[]])[] = [
  [/\$\([^)\n]*\)?/g, ['$']],
  [/\$\{[^}\n]*\}?/g, ['$']],
  [/\$[A-Za-z_][A-Za-z0-9_]*/g, ['$']],
  [/[%#@]\{[^}\n]*\}?/g, ['{']],
  [/\{[A-Za-z_][\w.-]*\}/g, ['{']],
  [/<[A-Za-z_][\w.-]*>/g, ['<']],
  // Comments: a line starting with # or //, or # after whitespace; commented-out hosts are not used.
  [/^[ \t]*(#|\/\/).*$/gm, ['#', '//']],
  [/(?<=[ \t])#.*$/gm, ['#']],
];
/** Delimited templates that may span lines (Go, Jinja, ERB); an unterminated one runs to the end. */
const DELIMITED: readonly [string, string][] = [
  ['{{', '}}'],
  ['{%', '%}'],
  ['<%', '%>'],
];
const MASK = '\u0000';

function mask(text: string): string {
  let masked = text;
  for (const [open, close] of DELIMITED) masked = maskDelimited(masked, open, close);
  for (const [pattern, needs] of MASKED) {
    if (needs.some((n) => masked.includes(n))) masked = masked.replace(pattern, (m) => MASK.repeat(m.length));
  }
  return masked;
}

/** Masks open...close spans by searching for each delimiter once, so that unterminated ones stay linear. */
function maskDelimited(text: string, open: string, close: string): string {
  let start = text.indexOf(open);
  if (start === -1) return text;
  const parts: string[] = [];
  let copied = 0;
  while (start !== -1) {
    const closeAt = text.indexOf(close, start + open.length);
    const end = closeAt === -1 ? text.length : closeAt + close.length;
    parts.push(text.slice(copied, start), MASK.repeat(end - start));
    copied = end;
    start = text.indexOf(open, end);
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** URL schemes whose authority is not a host name resolved through DNS A records. */
const NON_HOST_SCHEMES = new Set([
  'file',
  'unix',
  'unixs',
  's3',
  's3a',
  's3n',
  'gs',
  'gcs',
  'az',
  'abfs',
  'abfss',
  'wasb',
  'wasbs',
  'mongodb+srv',
  'xds',
  'jar',
]);

/** Characters that may stand right before a host written outside a URL, and right after a host (or its port). */
const BEFORE = /[\s"'`=,;([>|]/;
const AFTER = /[\s"'`,;)\]|]/;
/** Keywords after which a name on the same line is not a host the pod connects to. */
const NOT_A_CLIENT = /(server_name|upstream|image|email|mail_?from|from_address)/i;
/**
 * Go's network names (net.Dial: "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "ip", "ip4", "ip6", "unix",
 * "unixgram", "unixpacket"), and SCTP. Before a port they make a listen spec or an address family, not a host:
 * Cloud SQL proxy `-instances=project:region:db=tcp:3306`, `--listen=udp:514`.
 */
const NETWORKS: ReadonlySet<string> = new Set([
  'tcp',
  'tcp4',
  'tcp6',
  'udp',
  'udp4',
  'udp6',
  'ip',
  'ip4',
  'ip6',
  'unix',
  'unixgram',
  'unixpacket',
  'sctp',
]);
/** A PromQL or label-selector value (`{job="api.shop"}`) names a label, not a host. */
const LABEL_MATCHER = /[{,]\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~?|!=|!~)\s*["'`]$/;

/**
 * Candidate host references in a string: URLs (`scheme://[user:pass@]host[:port][,host:port]`, JDBC, redis,
 * mongodb, gRPC `dns:///host:port`), `host:port` pairs and dotted names, in one-line values and multi-line config
 * files. Template syntax, variables, comments, IP addresses, paths and keys (`name.key:`, `a.b=c`) are skipped.
 * Names are not judged here: whether a name is in the cluster is the resolver's question.
 */
export function scanHosts(text: string): readonly HostReference[] {
  if (text.length > MEMO_MAX_LENGTH) return scanHostsIn(text);
  let found = scanned.get(text);
  if (found === undefined) {
    // Bounded: a --watch process lints many models in turn.
    if (scanned.size >= MEMO_MAX_ENTRIES) scanned.clear();
    scanned.set(text, (found = scanHostsIn(text)));
  }
  return found;
}

/**
 * Scans of strings seen before: generated manifests repeat the same values (log levels, upstream URLs) in every
 * workload, and the bench's 10,000 objects hold 41,000 value sites with 7,700 distinct strings. Longer strings (whole
 * config files) are rarely repeated and are not kept.
 */
const scanned = new Map<string, readonly HostReference[]>();
const MEMO_MAX_LENGTH = 4096;
const MEMO_MAX_ENTRIES = 1 << 16;

function scanHostsIn(text: string): readonly HostReference[] {
  const masked = mask(text);
  const found: HostReference[] = [];
  // Plain names are searched in a copy where URL authorities are blanked, so that no host is found twice.
  const parts: string[] = [];
  let copied = 0;
  for (const url of urlAuthorities(masked)) {
    found.push(...url.hosts);
    const start = Math.max(url.start, copied);
    parts.push(masked.slice(copied, start), ' '.repeat(Math.max(0, url.end - start)));
    copied = Math.max(copied, url.end);
  }
  parts.push(masked.slice(copied));
  const plain = parts.join('');
  for (const match of plain.matchAll(/[A-Za-z0-9_][A-Za-z0-9_.-]*/g)) {
    const reference = plainHost(plain, match.index, match[0]);
    if (!reference) continue;
    const before = lineBefore(text, reference.start);
    if (!NOT_A_CLIENT.test(before) && !LABEL_MATCHER.test(before)) found.push(reference);
  }
  return found.sort((a, b) => a.start - b.start);
}

function urlAuthorities(masked: string): { start: number; end: number; hosts: HostReference[] }[] {
  const urls: { start: number; end: number; hosts: HostReference[] }[] = [];
  for (let slashes = masked.indexOf('://'); slashes !== -1; slashes = masked.indexOf('://', slashes + 3)) {
    const schemeStart = schemeStartBefore(masked, slashes);
    if (schemeStart === null) continue;
    const scheme = masked.slice(schemeStart, slashes).toLowerCase();
    let authorityStart = slashes + 3;
    // gRPC name syntax dns:[//authority]/host:port names the host after the third slash.
    if (scheme === 'dns' && masked[authorityStart] === '/') authorityStart++;
    AUTHORITY.lastIndex = authorityStart;
    const authority = AUTHORITY.exec(masked)![0];
    const end = authorityStart + authority.length;
    const at = authority.lastIndexOf('@');
    const hosts: HostReference[] = [];
    // A variable in the host part means the host is built at run time; in user:password@ it does not matter.
    if (!NON_HOST_SCHEMES.has(scheme) && !authority.slice(at + 1).includes(MASK) && masked[end] !== MASK) {
      let partStart = authorityStart + at + 1;
      for (const part of authority.slice(at + 1).split(',')) {
        const host = /^([A-Za-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(part);
        if (host && isHostName(host[1]!)) {
          const port = host[2] === undefined ? null : Number(host[2]);
          if (port === null || (port >= 1 && port <= 65535)) {
            const hostEnd = partStart + host[1]!.length;
            hosts.push({
              host: host[1]!,
              port,
              start: partStart,
              end: hostEnd,
              portEnd: hostEnd + (host[2] === undefined ? 0 : host[2].length + 1),
              scheme,
            });
          }
        }
        partStart += part.length + 1;
      }
    }
    urls.push({ start: schemeStart, end, hosts });
  }
  return urls;
}

const AUTHORITY = /[^\s/?#"'`<>;)\]}|\\]*/y;

/** Start of the URL scheme ending at `end` (RFC 3986: a letter, then letters, digits, +, - and .), or null. */
function schemeStartBefore(text: string, end: number): number | null {
  let start = end;
  // Schemes are short; a long run of letters before :// is no scheme (and must not cost a scan per character).
  while (start > 0 && end - start < 32 && /[A-Za-z0-9+.-]/.test(text[start - 1]!)) start--;
  while (start < end && !/[A-Za-z]/.test(text[start]!)) start++;
  return start < end ? start : null;
}

/** A name outside a URL: `api.shop`, `api.shop.svc.cluster.local.`, `api:8080`, `_http._tcp.api.shop`. */
function plainHost(text: string, start: number, run: string): HostReference | null {
  const before = text[start - 1];
  if (before !== undefined && !BEFORE.test(before)) return null;
  const host = run;
  const end = start + host.length;
  let portEnd = end;
  let port: number | null = null;
  const portMatch = /^:(\d{1,5})/.exec(text.slice(end, end + 7));
  if (portMatch) {
    port = Number(portMatch[1]);
    portEnd = end + portMatch[0].length;
    // 8080.5, 8080abc or 1:30:00 are not ports.
    if (port < 1 || port > 65535 || /^(\.\d|[A-Za-z0-9_]|:\d)/.test(text.slice(portEnd, portEnd + 2))) return null;
    if (NETWORKS.has(host.toLowerCase())) return null;
  }
  const after = text[portEnd];
  // A host followed by "/" is a path unless a port says otherwise (monitoring.coreos.com/v1, app.kubernetes.io/name).
  if (after !== undefined && !AFTER.test(after) && !(after === '/' && port !== null)) return null;
  if (port === null) {
    // A quoted key ("user.data": 1) is not a host; nor a capitalised name (Deployment.apps): hosts are written in lower case.
    if (/^["'`][ \t]*:/.test(text.slice(portEnd, portEnd + 20)) || /[A-Z]/.test(host)) return null;
  }
  if (!isHostName(host)) return null;
  return { host, port, start, end, portEnd, scheme: null };
}

/** Dot-separated DNS-1123 labels; `_`-prefixed labels only as the first two (an SRV name); the first starts with a letter. */
function isHostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.toLowerCase().split('.');
  const srv = labels.length > 2 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_');
  return labels.every((label, i) => {
    if (srv && i < 2) return /^_[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label) || label.length > 63) return false;
    return i > 0 || /^[a-z]/.test(label);
  });
}

/** The text before `index` on its line, at most `max` characters (minified one-line files hold thousands of names). */
export function lineBefore(text: string, index: number, max = 200): string {
  const from = Math.max(0, index - max);
  const before = text.slice(from, index);
  return before.slice(before.lastIndexOf('\n') + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Resolving a name as written from a pod

/** What an in-cluster name designates, whether or not it exists. */
export type DnsTarget =
  | { kind: 'service'; namespace: string; service: string }
  | { kind: 'pod'; namespace: string; service: string; hostname: string }
  | { kind: 'srv'; namespace: string; service: string; portName: string; protocol: string };

export type HostResolution =
  /** The name exists: the first search-path candidate that has a record. */
  | { status: 'resolved'; fqdn: string; record: DnsName }
  /** A name the cluster always has but the manifests do not declare (kubernetes.default, kube-dns.kube-system). */
  | { status: 'builtin'; fqdn: string }
  /** An in-cluster name (its namespace is one of the input's) that no candidate resolves: what it was meant to name. */
  | { status: 'unresolved'; fqdn: string; target: DnsTarget };

/** Services every cluster has without manifests: the API server's, and the cluster DNS (CoreDNS keeps the kube-dns name). */
const BUILTIN_SERVICES: readonly { namespace: string; name: string; ports: readonly [string, string][] }[] = [
  { namespace: 'default', name: 'kubernetes', ports: [['https', 'tcp']] },
  {
    namespace: 'kube-system',
    name: 'kube-dns',
    ports: [
      ['dns', 'udp'],
      ['dns-tcp', 'tcp'],
      ['metrics', 'tcp'],
    ],
  },
];

/** Custom resources that never make Services, by API group or by kind; any other custom resource may have an operator make some. */
const SERVICELESS_GROUPS: ReadonlySet<string> = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'cert-manager.io',
  'external-secrets.io',
  'bitnami.com',
  'keda.sh',
  'traefik.io',
  'traefik.containo.us',
]);
const SERVICELESS_KINDS: ReadonlySet<string> = new Set([
  'ServiceMonitor',
  'PodMonitor',
  'Probe',
  'PrometheusRule',
  'AlertmanagerConfig',
  'ScrapeConfig',
  'Application',
  'AppProject',
  'ApplicationSet',
  'Rollout',
  'AnalysisTemplate',
]);

/**
 * The cluster's DNS zone as the manifests declare it. Namespaces "in the input" are the objects' namespaces, the
 * Namespace objects' names, `default` and `kube-system`; `coveredNamespaces` are those the input holds objects for
 * (or declares), where a missing Service means a missing name rather than a part of the cluster the input omits.
 */
export class ClusterDns {
  readonly clusterDomain: string;
  readonly namespaces = new Set<string>(['default', 'kube-system']);
  readonly coveredNamespaces = new Set<string>();
  /** Per namespace, the names (and kinds) of custom resources whose operators may make Services the input does not declare. */
  private readonly operatorObjects = new Map<string, string[]>();
  /** The same as sets, built for a namespace with more of them than a name has substrings. */
  private readonly operatorParts = new Map<string, Set<string>>();
  private readonly records = new Map<string, DnsName>();
  /** StatefulSets whose pods get names under a Service, by the Service's name. */
  private readonly governed = new Map<string, WorkloadModel[]>();
  private readonly builtins = new Set<string>();
  private readonly services = new Map<string, ServiceModel>();
  private readonly statefulSets = new Map<string, WorkloadModel>();
  /** Every Service of the input (first of each namespace/name), by lower-case name. */
  private readonly byName = new Map<string, ServiceModel[]>();
  /** Namespaces (lower case) that hold a Service; and whether some Service names no namespace (kubectl -n). */
  private readonly serviceNamespaces = new Set<string>();
  private unplacedServices = false;

  constructor(model: Model, analysis: Analysis, clusterDomain: string) {
    this.clusterDomain = clusterDomain.toLowerCase().replace(/\.$/, '');
    for (const object of model.objects) {
      if (object.namespace) this.addNamespace(object.namespace);
      if (object.kind === 'Namespace' && object.apiVersion === 'v1' && object.name) this.addNamespace(object.name);
      if (object.namespace && makesServices(object.apiVersion, object.kind)) {
        const names = this.operatorObjects.get(object.namespace.toLowerCase()) ?? [];
        names.push(object.name.toLowerCase(), kebabCase(object.kind));
        this.operatorObjects.set(object.namespace.toLowerCase(), names);
      }
      if (object.category === 'workload' && object.kind === 'StatefulSet') {
        const key = `${object.namespace}/${object.name}`.toLowerCase();
        if (!this.statefulSets.has(key)) this.statefulSets.set(key, object);
      }
    }
    for (const endpoints of analysis.endpoints) {
      const service = endpoints.service;
      const key = `${service.namespace}/${service.name}`.toLowerCase();
      // The first Service of a name wins, as for analysis.findService (a later one fails to create).
      if (this.services.has(key)) continue;
      this.services.set(key, service);
      const lower = service.name.toLowerCase();
      const named = this.byName.get(lower);
      if (named) named.push(service);
      else this.byName.set(lower, [service]);
      if (service.namespaceRange === null) this.unplacedServices = true;
      else this.serviceNamespaces.add((service.namespace ?? '').toLowerCase());
      // Pod names are looked up by ordinal instead (replicas: 100000 must not make 100000 records).
      for (const name of dnsNamesOf(service, endpoints, this.clusterDomain, 0))
        if (!this.records.has(name.name)) this.records.set(name.name, name);
      const governed = endpoints.workloads.filter((w) => governsPods(service, w));
      if (governed.length)
        this.governed.set(serviceFqdn(service.namespace ?? '', service.name, this.clusterDomain), governed);
    }
    for (const builtin of BUILTIN_SERVICES) {
      const fqdn = serviceFqdn(builtin.namespace, builtin.name, this.clusterDomain);
      if (this.records.has(fqdn)) continue;
      this.builtins.add(fqdn);
      for (const [port, protocol] of builtin.ports) this.builtins.add(`_${port}._${protocol}.${fqdn}`);
    }
  }

  private addNamespace(namespace: string): void {
    this.namespaces.add(namespace.toLowerCase());
    this.coveredNamespaces.add(namespace.toLowerCase());
  }

  /** The Service with this namespace and name (case-insensitive), or null. */
  service(namespace: string, name: string): ServiceModel | null {
    return this.services.get(`${namespace}/${name}`.toLowerCase()) ?? null;
  }

  /** Every Service with this name, in any namespace. */
  servicesNamed(name: string): readonly ServiceModel[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  /** Whether some Service of the input is, or could be applied, in this namespace (one names no namespace). */
  hasServicesIn(namespace: string): boolean {
    return this.unplacedServices || this.serviceNamespaces.has(namespace.toLowerCase());
  }

  /**
   * Whether an operator may make this Service from a custom resource of the namespace: operators name their
   * Services after the resource (Strimzi's `<kafka>-kafka-bootstrap`, CloudNativePG's `<cluster>-rw`, a Gateway's
   * `<gateway>-istio`) or its kind (prometheus-operator's `prometheus-operated`).
   */
  mayBeMadeByOperator(namespace: string, service: string): boolean {
    const name = service.toLowerCase();
    const parts = this.operatorObjects.get(namespace.toLowerCase()) ?? [];
    // Few parts: test each. Many (a namespace of custom resources): look every substring of the name up instead, so
    // a reference costs the name's length squared (a DNS label is at most 63 characters), not the namespace's size.
    if (parts.length <= (name.length * (name.length + 1)) / 2)
      return parts.some((part) => part.length > 0 && name.includes(part));
    let set = this.operatorParts.get(namespace.toLowerCase());
    if (!set) this.operatorParts.set(namespace.toLowerCase(), (set = new Set(parts)));
    for (let start = 0; start < name.length; start++) {
      for (let end = start + 1; end <= name.length; end++) if (set.has(name.slice(start, end))) return true;
    }
    return false;
  }

  /** The StatefulSet with this namespace and name (case-insensitive), or null. */
  statefulSet(namespace: string, name: string): WorkloadModel | null {
    return this.statefulSets.get(`${namespace}/${name}`.toLowerCase()) ?? null;
  }

  /** The record of an absolute name, lower case and without the trailing dot, or null (NXDOMAIN). */
  lookup(fqdn: string): DnsName | null {
    return this.records.get(fqdn) ?? this.podRecord(fqdn);
  }

  /** `<sts>-<ordinal>.<svc>.<ns>.svc.<zone>` of a StatefulSet the Service governs, with the ordinal in range. */
  private podRecord(fqdn: string): DnsName | null {
    const dot = fqdn.indexOf('.');
    const serviceName = fqdn.slice(dot + 1);
    const service = this.records.get(serviceName);
    const match = /^(.+)-(\d+)$/.exec(fqdn.slice(0, dot));
    if (!match || service?.type !== 'A') return null;
    const ordinal = Number(match[2]);
    for (const workload of this.governed.get(serviceName) ?? []) {
      const { first, count } = statefulSetOrdinals(workload);
      // web-01 is not web-1: the hostname is exactly <name>-<ordinal>.
      if (
        workload.name.toLowerCase() === match[1] &&
        String(ordinal) === match[2] &&
        ordinal >= first &&
        ordinal < first + count
      ) {
        return {
          type: 'pod',
          name: fqdn,
          service: service.service,
          pod: { workload, ordinal, hostname: fqdn.slice(0, dot) },
        };
      }
    }
    return null;
  }

  /**
   * Resolves a host as written by a pod in `clientNamespace` with dnsPolicy ClusterFirst: resolv.conf has
   * `search <ns>.svc.<zone> svc.<zone> <zone>` and `options ndots:5`, so a name with fewer than 5 dots is tried
   * with each search suffix first, then as is; a trailing dot makes it absolute. Null when the name is not an
   * in-cluster name of a namespace in the input (a public name, another cluster's domain, a file name).
   */
  resolve(host: string, clientNamespace: string): HostResolution | null {
    const written = host.toLowerCase();
    const absolute = written.endsWith('.');
    const name = absolute ? written.slice(0, -1) : written;
    const candidates = this.searchCandidates(name, absolute, clientNamespace.toLowerCase());
    for (const fqdn of candidates) {
      const record = this.lookup(fqdn);
      if (record) return { status: 'resolved', fqdn, record };
      if (this.builtins.has(fqdn)) return { status: 'builtin', fqdn };
    }
    const explicitSvc = this.writesSvc(name);
    for (const fqdn of candidates) {
      const target = this.targetOf(fqdn);
      if (target && this.isPlausible(target, explicitSvc)) return { status: 'unresolved', fqdn, target };
    }
    return null;
  }

  /** The names the resolver tries, in order (ndots:5). */
  searchCandidates(name: string, absolute: boolean, clientNamespace: string): string[] {
    if (absolute) return [name];
    const zone = this.clusterDomain;
    const searched = [`${clientNamespace}.svc.${zone}`, `svc.${zone}`, zone].map((suffix) => `${name}.${suffix}`);
    const dots = name.split('.').length - 1;
    return dots >= 5 ? [name, ...searched] : [...searched, name];
  }

  /** Whether the written name spells out `<svc>.<ns>.svc` itself (`api.shop.svc`, `web-0.db.shop.svc.cluster.local`). */
  private writesSvc(name: string): boolean {
    const inZone = name.endsWith(`.svc.${this.clusterDomain}`) ? name.slice(0, -this.clusterDomain.length - 1) : name;
    const labels = inZone.split('.');
    return labels.length >= 3 && labels[labels.length - 1] === 'svc';
  }

  /** The record shape of an absolute name in the zone: `<svc>.<ns>`, `<host>.<svc>.<ns>` or `_<port>._<proto>.<svc>.<ns>`, then `.svc.<zone>`. */
  targetOf(fqdn: string): DnsTarget | null {
    const suffix = `.svc.${this.clusterDomain}`;
    if (!fqdn.endsWith(suffix)) return null;
    const labels = fqdn.slice(0, -suffix.length).split('.');
    const underscored = labels.filter((l) => l.startsWith('_')).length;
    if (labels.length === 2 && underscored === 0)
      return { kind: 'service', service: labels[0]!, namespace: labels[1]! };
    if (labels.length === 3 && underscored === 0)
      return { kind: 'pod', hostname: labels[0]!, service: labels[1]!, namespace: labels[2]! };
    if (labels.length === 4 && underscored === 2 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_')) {
      return {
        kind: 'srv',
        portName: labels[0]!.slice(1),
        protocol: labels[1]!.slice(1),
        service: labels[2]!,
        namespace: labels[3]!,
      };
    }
    return null;
  }

  /**
   * Whether a name nobody serves was meant for the cluster: its namespace is one of the input's, and a pod name
   * either spells out `.svc` or goes through an existing Service (`web-0.web`), since `a.b.c` is more often a
   * public name than a pod of Service b in namespace c.
   */
  private isPlausible(target: DnsTarget, explicitSvc: boolean): boolean {
    if (!this.namespaces.has(target.namespace)) return false;
    if (target.kind !== 'pod') return true;
    return explicitSvc || this.service(target.namespace, target.service) !== null;
  }
}

/** ThanosRuler -> thanos-ruler */
function kebabCase(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Whether an operator may make Services for this object: a custom resource, or a Gateway API Gateway (its proxy). */
function makesServices(apiVersion: string, kind: string): boolean {
  if (apiGroup(apiVersion) === 'gateway.networking.k8s.io') return kind === 'Gateway';
  return !isBuiltinGroup(apiVersion) && !SERVICELESS_GROUPS.has(apiGroup(apiVersion)) && !SERVICELESS_KINDS.has(kind);
}

/**
 * Whether a pod looks names up in the cluster DNS: dnsPolicy ClusterFirst (the default), or ClusterFirstWithHostNet.
 * With hostNetwork, ClusterFirst falls back to the node's resolv.conf (Default); None uses only dnsConfig.
 */
export function usesClusterDns(workload: WorkloadModel): boolean {
  const policy = workload.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirstWithHostNet') return true;
  return policy === 'ClusterFirst' && !workload.hostNetwork;
}
