// Cluster settings that decide what the API server accepts; the CLI (and later the config file) sets them.

/** The API server's --service-node-port-range, both ends inclusive. */
export interface NodePortRange {
  first: number;
  last: number;
}

export interface Settings {
  nodePortRange: NodePortRange;
  /** The cluster's DNS domain (kubelet --cluster-domain). */
  clusterDomain: string;
  /** The cluster's Kubernetes version: which API versions it serves (api-version). */
  kubernetesVersion: KubernetesVersion;
}

/** A Kubernetes minor release, e.g. 1.34 (patch releases never add or remove API versions). */
export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** The newest minor release the API version table (src/model/api-versions.ts) covers: the default target. */
export const NEWEST_KNOWN_KUBERNETES_VERSION: KubernetesVersion = Object.freeze({ major: 1, minor: 34 });

/** kube-apiserver's default --service-node-port-range. */
export const DEFAULT_NODE_PORT_RANGE: NodePortRange = Object.freeze({ first: 30000, last: 32767 });

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  nodePortRange: DEFAULT_NODE_PORT_RANGE,
  clusterDomain: 'cluster.local',
  kubernetesVersion: NEWEST_KNOWN_KUBERNETES_VERSION,
});

/** Parses "1.34", "v1.34" or "1.34.2" (the patch is ignored). Returns the version, or why it is invalid. */
export function parseKubernetesVersion(text: string): KubernetesVersion | string {
  const match = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d+)?$/.exec(text.trim());
  if (!match || Number(match[1]) !== 1) return `not a Kubernetes 1.x version: ${text}`;
  return { major: 1, minor: Number(match[2]) };
}

export function formatKubernetesVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Negative when a is older than b, 0 when the same minor release, positive when newer. */
export function compareKubernetesVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** A cluster domain is a DNS-1123 subdomain; a trailing dot is dropped. Returns the domain, or why it is invalid. */
export function parseClusterDomain(text: string): { domain: string } | string {
  const domain = text.trim().replace(/\.$/, '').toLowerCase();
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(domain) && domain.length <= 253
    ? { domain }
    : `not a DNS domain: ${text}`;
}

export function inNodePortRange(value: number, range: NodePortRange): boolean {
  return value >= range.first && value <= range.last;
}

export function formatNodePortRange(range: NodePortRange): string {
  return `${range.first}-${range.last}`;
}

/**
 * Parses a --service-node-port-range value as utilnet.PortRange.Set does: "min-max", "min+offset" or a single
 * port, both ends inclusive, at most 65535. Returns the range, or the reason it is invalid.
 */
export function parseNodePortRange(text: string): NodePortRange | string {
  const value = text.trim();
  const match = /^(\d+)(?:([-+])(\d+))?$/.exec(value);
  if (!match) return `unable to parse port range: ${text}`;
  const first = Number(match[1]);
  const second = match[3] === undefined ? first : Number(match[3]);
  const last = match[2] === '+' ? first + second : second;
  if (first > 65535 || last > 65535) return `the port range cannot be greater than 65535: ${text}`;
  if (last < first) return `end port cannot be less than start port: ${text}`;
  return { first, last };
}
