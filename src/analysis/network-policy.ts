// NetworkPolicy semantics (networking.k8s.io/v1, pkg/apis/networking/types.go and the NetworkPolicy docs): which
// policies isolate which pods, and whether a connection from a client to a destination pod and port is allowed.
// Computed once: each policy's pods are found through the pod index (a policy with an empty podSelector is kept per
// namespace, not copied to every pod), pods are grouped by the set of policies that select them, and a connection is
// judged only for the calls asked about, never for all pairs. Unknowns (labels or namespaces the input does not hold,
// ipBlocks that may hold pod IPs) stay unknown: a verdict is false only when every policy involved says so.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Model } from '../model/build.js';
import type { PodSource } from '../model/pod-index.js';
import { fixedPodLabels, mayMatchLabelSelector, openPodLabelKeys, podLabelOf } from '../model/pod-labels.js';
import {
  formatLabelSelector,
  isEmptyLabelSelector,
  labelSelectorProblem,
  matchesLabelSelector,
  matchesRequirement,
} from '../model/selector.js';
import type {
  Labels,
  NetworkPolicyModel,
  NetworkPolicyPeerModel,
  NetworkPolicyPortModel,
  NetworkPolicyRuleModel,
  Protocol,
  WorkloadModel,
} from '../model/types.js';

/** Kleene's three-valued logic: null is "the input cannot know". */
export type Tri = boolean | null;

export function triOr(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

export function triAnd(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

export type Direction = 'Ingress' | 'Egress';

/** The label every namespace carries, set by the API server since Kubernetes 1.21 (NamespaceDefaultLabelName). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Who connects: pods of a source in the input, or pods the configuration describes (an ingress controller). */
export interface Client {
  namespace: string;
  /** The client's pods, when they are in the input. */
  source: PodSource | null;
  /** Labels of the client's pods when `source` is null; other labels they may carry are unknown. */
  labels: Labels;
  /** "Deployment/frontend", "ingress controller ingress-nginx/app.kubernetes.io/name=ingress-nginx" */
  description: string;
}

export function podClient(source: PodSource): Client {
  return { namespace: source.namespace ?? '', source, labels: {}, description: `${source.kind}/${source.name}` };
}

/** One policy's say on one direction of one connection. */
export interface PolicyVerdict {
  policy: NetworkPolicyModel;
  /** Whether the policy selects the pods (for this direction): null when only some of them, or it cannot be known. */
  selects: Tri;
  /** Whether one of its rules allows the connection; `rule` is the first that does (or may). */
  admits: Tri;
  rule: NetworkPolicyRuleModel | null;
}

export interface DirectionVerdict {
  direction: Direction;
  allowed: Tri;
  /** Policies that select (or may select) the pods for this direction, in apply order. */
  policies: PolicyVerdict[];
}

export interface ConnectionVerdict {
  allowed: Tri;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

/** What a namespace is known to be: whether the input holds it, and its labels when a Namespace object gives them. */
export interface NamespaceView {
  /** Namespaces some object of the input is in, or a Namespace object names. */
  inInput: ReadonlySet<string>;
  /** Labels of Namespace objects of the input (kubernetes.io/metadata.name included). */
  labels: ReadonlyMap<string, Labels>;
}

export interface NetworkAnalysis {
  /** The policies the API server accepts, in apply order. */
  policies: readonly NetworkPolicyModel[];
  /** Policies the API server rejects, with why (they isolate nothing). */
  rejected: ReadonlyMap<NetworkPolicyModel, string>;
  namespaces: NamespaceView;
  /** The pod sources a policy's podSelector may select, in apply order. */
  podsOf(policy: NetworkPolicyModel): readonly PodSource[];
  /** The accepted policies that may select the source's pods for a direction, with whether they do. */
  isolating(source: PodSource, direction: Direction): readonly { policy: NetworkPolicyModel; selects: Tri }[];
  /** A key naming the set of policies that may select the source for a direction ("" when none). */
  groupOf(source: PodSource, direction: Direction): string;
  /** Whether a client may open a connection to a destination pod on a port (after DNAT: the pod's port). */
  connect(client: Client, destination: PodSource, port: number, protocol: Protocol): ConnectionVerdict;
  /**
   * Whether the destination's pods are isolated for ingress and no ingress rule of their policies covers the port,
   * from any peer: nobody can connect.
   */
  closedPort(destination: PodSource, port: number, protocol: Protocol): boolean;
  /** Whether a peer of a policy covers a client. */
  peerCovers(policy: NetworkPolicyModel, peer: NetworkPolicyPeerModel, client: Client): Tri;
  /** Whether a rule's ports cover a destination pod's port (named ports resolve on the destination's containers). */
  portsCover(rule: NetworkPolicyRuleModel, destination: PodSource | null, port: number, protocol: Protocol): Tri;
  /** Whether a namespace selector covers a namespace. */
  namespaceCovered(selector: LabelSelector, namespace: string): Tri;
}

/** Why the API server rejects a policy (ValidateNetworkPolicySpec, the parts svclint reads), or null. */
export function policyProblem(policy: NetworkPolicyModel): string | null {
  for (const [key, rules] of [
    ['ingress', policy.ingress],
    ['egress', policy.egress],
  ] as const) {
    for (const rule of rules) {
      for (const port of rule.ports) {
        const problem = portProblem(port);
        if (problem) return `spec.${key}[${rule.index}].ports[${port.index}]: ${problem}`;
      }
    }
  }
  return null;
}

/** ValidateNetworkPolicyPort: endPort needs a numeric port and may not be below it. */
export function portProblem(port: NetworkPolicyPortModel): string | null {
  if (port.endPort === null) return null;
  if (typeof port.port === 'string') return 'endPort may not be specified when port is non-numeric';
  if (port.port === null) return 'endPort may not be specified when port is not specified';
  if (port.endPort < port.port) return `endPort ${port.endPort} must be greater than or equal to port ${port.port}`;
  return null;
}

interface Isolation {
  /** Policies that may select the source, and whether they do. */
  entries: { policy: NetworkPolicyModel; selects: Tri }[];
  key: string;
  /** "http/TCP": the port names the rules of these policies for this direction use. */
  namedPorts: string[];
}

export function analyseNetworkPolicies(model: Model): NetworkAnalysis {
  const all = model.objects.filter((o): o is NetworkPolicyModel => o.category === 'network-policy');
  const rejected = new Map<NetworkPolicyModel, string>();
  const policies: NetworkPolicyModel[] = [];
  for (const policy of all) {
    const problem = policyProblem(policy);
    if (problem) rejected.set(policy, problem);
    else policies.push(policy);
  }
  const namespaces = namespaceView(model);
  const ids = new Map(policies.map((p, i) => [p, i]));

  // Per namespace, the policies selecting every pod, and the others indexed by one label pair of their selector (or
  // kept aside when it has no matchLabels): a pod source looks only at the policies that may select it.
  const namespaceWide = new Map<string, NetworkPolicyModel[]>();
  const byPair = new Map<string, NetworkPolicyModel[]>();
  const byIndexKey = new Map<string, NetworkPolicyModel[]>();
  const unindexed = new Map<string, NetworkPolicyModel[]>();
  const podsOfPolicy = new Map<NetworkPolicyModel, readonly PodSource[]>();
  const selected = new Map<string, readonly PodSource[]>();
  // Every label key a podSelector of a policy or of a peer looks at: pods that agree on these (and carry no open
  // label among them) are selected and covered by the same policies, so they are judged once.
  const selectorKeys = new Set<string>();
  for (const policy of policies) {
    const namespace = policy.namespace ?? '';
    for (const key of keysOf(policy.podSelector)) selectorKeys.add(key);
    for (const rule of [...policy.ingress, ...policy.egress])
      for (const peer of rule.peers)
        if (peer.podSelector) for (const key of keysOf(peer.podSelector)) selectorKeys.add(key);
    if (isEmptyLabelSelector(policy.podSelector) && labelSelectorProblem(policy.podSelector) === null) {
      push(namespaceWide, namespace, policy);
      continue;
    }
    const pair = Object.entries(policy.podSelector.matchLabels ?? {})[0];
    if (pair) {
      push(byPair, `${namespace}\u0000${pair[0]}\u0000${pair[1]}`, policy);
      push(byIndexKey, `${namespace}\u0000${pair[0]}`, policy);
    } else push(unindexed, namespace, policy);
  }

  /** The pod sources a policy's selector may select, looked up once per namespace and selector. */
  const podsOfSelector = (policy: NetworkPolicyModel): readonly PodSource[] => {
    let pods = podsOfPolicy.get(policy);
    if (pods) return pods;
    const namespace = policy.namespace ?? '';
    const key = `${namespace}\u0000${JSON.stringify(policy.podSelector)}`;
    pods = selected.get(key);
    if (!pods) selected.set(key, (pods = model.podIndex.selectLabelSelector(namespace, policy.podSelector)));
    podsOfPolicy.set(policy, pods);
    return pods;
  };

  /** The policies that may select a source (as the pod index would find it for their selectors), in apply order. */
  const candidatesOf = (source: PodSource): NetworkPolicyModel[] => {
    const namespace = source.namespace ?? '';
    const found = [...(namespaceWide.get(namespace) ?? []), ...(unindexed.get(namespace) ?? [])];
    const { fixed, open } = labelView(source);
    for (const key in fixed) {
      const list = byPair.get(`${namespace}\u0000${key}\u0000${fixed[key]}`);
      if (list) found.push(...list);
    }
    for (const key of open) {
      const list = byIndexKey.get(`${namespace}\u0000${key}`);
      if (list) found.push(...list);
    }
    return found
      .filter((p) => isEmptyLabelSelector(p.podSelector) || mayMatchLabelSelector(p.podSelector, source))
      .sort((a, b) => a.order - b.order);
  };

  const keyOrder = [...selectorKeys].sort();
  const signatures = new WeakMap<PodSource, string>();
  let unique = 0;
  /** A key shared by the sources that every podSelector of the policies sees alike. */
  const signatureOf = (source: PodSource): string => {
    let signature = signatures.get(source);
    if (signature !== undefined) return signature;
    // The keys the selectors look at, in a fixed order: a value, or absent; an open one makes the source its own group.
    let labels = '';
    let open = false;
    const keys =
      keyOrder.length <= 16
        ? keyOrder
        : [...Object.keys(fixedPodLabels(source)), ...openPodLabelKeys(source)]
            .filter((k) => selectorKeys.has(k))
            .sort();
    for (const key of keys) {
      const value = podLabelOf(source, key);
      if (value === undefined) continue;
      if (typeof value !== 'string') {
        open = true;
        break;
      }
      labels += `\u0000${key}=${value}`;
    }
    signature = open
      ? `#${unique++}`
      : `${source.category === 'workload' ? 'w' : 'o'}\u0000${source.namespace ?? ''}${labels}`;
    signatures.set(source, signature);
    return signature;
  };

  const cache: Record<Direction, Map<string, Isolation>> = { Ingress: new Map(), Egress: new Map() };
  const isolation = (source: PodSource, direction: Direction): Isolation => {
    const signature = signatureOf(source);
    let known = cache[direction].get(signature);
    if (known) return known;
    const entries: Isolation['entries'] = [];
    const names = new Set<string>();
    for (const policy of candidatesOf(source)) {
      if (!policy.policyTypes.includes(direction)) continue;
      const selects = isEmptyLabelSelector(policy.podSelector) ? true : podsSelected(policy.podSelector, source);
      if (selects === false) continue;
      entries.push({ policy, selects });
      for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress)
        for (const port of rule.ports) if (typeof port.port === 'string') names.add(`${port.port}/${port.protocol}`);
    }
    known = {
      entries,
      key: entries.map((e) => `${ids.get(e.policy)}${e.selects === null ? '?' : ''}`).join(','),
      namedPorts: [...names].sort(),
    };
    cache[direction].set(signature, known);
    return known;
  };

  // Per selector object and namespace: every call through a policy asks the same.
  const covered = new WeakMap<LabelSelector, Map<string, Tri>>();
  const namespaceCovered = (selector: LabelSelector, namespace: string): Tri => {
    let byNamespace = covered.get(selector);
    if (!byNamespace) covered.set(selector, (byNamespace = new Map()));
    let result = byNamespace.get(namespace);
    if (result === undefined) byNamespace.set(namespace, (result = namespaceSelects(selector, namespace, namespaces)));
    return result;
  };

  const peerCovers = (policy: NetworkPolicyModel, peer: NetworkPolicyPeerModel, client: Client): Tri => {
    if (peer.ipBlock)
      return client.source === null && Object.keys(client.labels).length === 0
        ? null
        : ipBlockHoldsPods(peer.ipBlock.cidr);
    let covered: Tri = peer.namespaceSelector
      ? namespaceCovered(peer.namespaceSelector, client.namespace)
      : client.namespace === (policy.namespace ?? '');
    if (peer.podSelector) covered = triAnd(covered, clientSelected(peer.podSelector, client));
    return covered;
  };

  const portsCover = (
    rule: NetworkPolicyRuleModel,
    destination: PodSource | null,
    port: number,
    protocol: Protocol,
  ): Tri => {
    if (rule.ports.length === 0) return true;
    let covered: Tri = false;
    for (const p of rule.ports) covered = triOr(covered, portCovers(p, destination, port, protocol));
    return covered;
  };

  const ruleAdmits = (
    policy: NetworkPolicyModel,
    rule: NetworkPolicyRuleModel,
    peer: Client,
    destination: PodSource | null,
    port: number,
    protocol: Protocol,
  ): Tri => {
    const ports = portsCover(rule, destination, port, protocol);
    if (ports === false) return false;
    if (rule.peers.length === 0) return ports;
    let peers: Tri = false;
    for (const p of rule.peers) {
      peers = triOr(peers, peerCovers(policy, p, peer));
      if (peers === true) break;
    }
    return triAnd(ports, peers);
  };

  const direction = (
    dir: Direction,
    selected: PodSource | null,
    peer: Client,
    destination: PodSource | null,
    port: number,
    protocol: Protocol,
  ): DirectionVerdict => {
    // Pods outside the input: their own policies are unknown.
    if (!selected) return { direction: dir, allowed: null, policies: [] };
    const verdicts: PolicyVerdict[] = [];
    let isolated: Tri = false;
    let admitted: Tri = false;
    for (const { policy, selects } of isolation(selected, dir).entries) {
      let admits: Tri = false;
      let rule: NetworkPolicyRuleModel | null = null;
      for (const r of dir === 'Ingress' ? policy.ingress : policy.egress) {
        const a = ruleAdmits(policy, r, peer, destination, port, protocol);
        if (a !== false && (admits === false || a === true)) rule = r;
        admits = triOr(admits, a);
        if (admits === true) break;
      }
      verdicts.push({ policy, selects, admits, rule });
      isolated = triOr(isolated, selects);
      admitted = triOr(admitted, triAnd(selects, admits));
    }
    return {
      direction: dir,
      allowed: triOr(admitted, isolated === false ? true : isolated === null ? null : false),
      policies: verdicts,
    };
  };

  const verdicts: Record<Direction, Map<string, DirectionVerdict>> = { Ingress: new Map(), Egress: new Map() };
  const closed = new Map<string, boolean>();

  return {
    policies,
    rejected,
    namespaces,
    podsOf: (policy) =>
      isEmptyLabelSelector(policy.podSelector)
        ? model.podIndex.inNamespace(policy.namespace ?? '')
        : podsOfSelector(policy),
    isolating: (source, dir) => isolation(source, dir).entries,
    groupOf: (source, dir) => isolation(source, dir).key,
    connect(client, destination, port, protocol) {
      // Clients and destinations that the policies see alike get the same verdict: each distinct pair once.
      const ports = `${port}/${protocol}`;
      const clientKey = client.source
        ? signatureOf(client.source)
        : `@${client.namespace}\u0000${JSON.stringify(Object.entries(client.labels).sort())}`;
      const destinationKey = signatureOf(destination);
      let egress: DirectionVerdict;
      if (client.source) {
        const key = `${clientKey}|${destinationKey}|${namedPortsKey(isolation(client.source, 'Egress'), destination)}|${ports}`;
        egress =
          verdicts.Egress.get(key) ??
          remember(
            verdicts.Egress,
            key,
            direction('Egress', client.source, podClient(destination), destination, port, protocol),
          );
      } else egress = direction('Egress', null, podClient(destination), destination, port, protocol);
      const key = `${destinationKey}|${clientKey}|${namedPortsKey(isolation(destination, 'Ingress'), destination)}|${ports}`;
      const ingress =
        verdicts.Ingress.get(key) ??
        remember(verdicts.Ingress, key, direction('Ingress', destination, client, destination, port, protocol));
      return { allowed: triAnd(egress.allowed, ingress.allowed), egress, ingress };
    },
    closedPort(destination, port, protocol) {
      const ingress = isolation(destination, 'Ingress');
      const key = `${signatureOf(destination)}|${namedPortsKey(ingress, destination)}|${port}/${protocol}`;
      let shut = closed.get(key);
      if (shut === undefined) {
        shut =
          ingress.entries.some((i) => i.selects === true) &&
          ingress.entries.every((i) =>
            i.policy.ingress.every((rule) => portsCover(rule, destination, port, protocol) === false),
          );
        closed.set(key, shut);
      }
      return shut;
    },
    peerCovers,
    portsCover,
    namespaceCovered,
  };
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  map.set(key, value);
  return value;
}

/** What the port names the policies use resolve to on a destination: "http/TCP=8080" (a part of a verdict's key). */
function namedPortsKey(isolation: Isolation, destination: PodSource): string {
  if (isolation.namedPorts.length === 0) return '';
  return isolation.namedPorts
    .map((named) => {
      const slash = named.lastIndexOf('/');
      const numbers = namedPortNumbers(destination, named.slice(0, slash), named.slice(slash + 1) as Protocol);
      return `${named}=${numbers === null ? '?' : numbers.join(',')}`;
    })
    .join(';');
}

/** What podsSelected needs of a selector, computed once per selector object. */
const compiledSelectors = new WeakMap<LabelSelector, { malformed: boolean; keys: string[] }>();

function compiled(selector: LabelSelector): { malformed: boolean; keys: string[] } {
  let c = compiledSelectors.get(selector);
  if (!c)
    compiledSelectors.set(
      selector,
      (c = { malformed: labelSelectorProblem(selector) !== null, keys: keysOf(selector) }),
    );
  return c;
}

/** A source's labels as selectors see them, computed once per source: the fixed ones, and the keys with open values. */
const labelViews = new WeakMap<PodSource, { fixed: Labels; open: ReadonlySet<string> }>();

function labelView(source: PodSource): { fixed: Labels; open: ReadonlySet<string> } {
  let view = labelViews.get(source);
  if (!view)
    labelViews.set(source, (view = { fixed: fixedPodLabels(source), open: new Set(openPodLabelKeys(source)) }));
  return view;
}

/** Whether a podSelector selects a source's pods: null when only some of them (per-pod labels) or when it cannot be known. */
export function podsSelected(selector: LabelSelector, source: PodSource): Tri {
  const { malformed, keys } = compiled(selector);
  if (malformed) return false;
  if (source.category === 'operator-resource') {
    // The operator may add labels of its own; what the resource declares does match.
    return matchesLabelSelector(selector, source.podLabels) && positiveOnly(selector) ? true : null;
  }
  const { fixed, open } = labelView(source);
  // Without a label whose value is per pod or known only in the cluster, the fixed labels decide.
  if (open.size === 0 || !keys.some((k) => open.has(k))) return matchesLabelSelector(selector, fixed);
  return mayMatchLabelSelector(selector, source) ? null : false;
}

function clientSelected(selector: LabelSelector, client: Client): Tri {
  if (client.source) return podsSelected(selector, client.source);
  if (labelSelectorProblem(selector) !== null) return false;
  return matchesLabelSelector(selector, client.labels) && positiveOnly(selector) ? true : null;
}

function positiveOnly(selector: LabelSelector): boolean {
  return (selector.matchExpressions ?? []).every((e) => e.operator === 'In' || e.operator === 'Exists');
}

function keysOf(selector: LabelSelector): string[] {
  return [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
}

/** A namespaceSelector against a namespace: its labels are known only from a Namespace object, except its name label. */
export function namespaceSelects(selector: LabelSelector, namespace: string, view: NamespaceView): Tri {
  if (labelSelectorProblem(selector) !== null) return false;
  const labels = view.labels.get(namespace);
  if (labels) return matchesLabelSelector(selector, labels);
  const known: Labels = { [NAMESPACE_NAME_LABEL]: namespace };
  let unknown = false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (key !== NAMESPACE_NAME_LABEL) unknown = true;
    else if (value !== namespace) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    if (requirement.key !== NAMESPACE_NAME_LABEL) unknown = true;
    else if (!matchesRequirement(requirement, known)) return false;
  }
  return unknown ? null : true;
}

function namespaceView(model: Model): NamespaceView {
  const inInput = new Set<string>();
  const labels = new Map<string, Labels>();
  for (const object of model.objects) {
    if (object.namespace) inInput.add(object.namespace);
    if (object.kind === 'Namespace' && object.apiVersion === 'v1' && object.name) {
      inInput.add(object.name);
      if (!labels.has(object.name)) labels.set(object.name, { ...object.labels, [NAMESPACE_NAME_LABEL]: object.name });
    }
  }
  return { inInput, labels };
}

/**
 * Whether an ipBlock covers in-cluster pods: svclint does not know the pod CIDR, so a block that overlaps the
 * private ranges (RFC 1918, RFC 6598 shared space, IPv6 ULA) or the whole address space may; a public block does not.
 */
export function ipBlockHoldsPods(cidr: string): Tri {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!v4) return cidr.includes(':') && !/^(::\/0|f[cd]|::ffff)/i.test(cidr) ? false : null;
  const address = v4.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const bits = Number(v4[5]);
  const PRIVATE: [number, number][] = [
    [0x0a000000, 8],
    [0xac100000, 12],
    [0xc0a80000, 16],
    [0x64400000, 10],
  ];
  for (const [base, length] of PRIVATE) {
    const common = Math.min(bits, length);
    const mask = common === 0 ? 0 : (0xffffffff << (32 - common)) >>> 0;
    if ((address & mask) >>> 0 === (base & mask) >>> 0) return null;
  }
  return false;
}

function portCovers(p: NetworkPolicyPortModel, destination: PodSource | null, port: number, protocol: Protocol): Tri {
  if (p.protocol !== protocol) return false;
  if (p.port === null) return true;
  if (typeof p.port === 'number') return p.endPort !== null ? port >= p.port && port <= p.endPort : port === p.port;
  const named = namedPortNumbers(destination, p.port, p.protocol);
  if (named === null) return null;
  return named.includes(port);
}

/** The numbers a port name has on a destination's containers with that protocol; null when its ports are unknown. */
const namedPorts = new WeakMap<PodSource, Map<string, number[] | null>>();

export function namedPortNumbers(destination: PodSource | null, name: string, protocol: Protocol): number[] | null {
  if (!destination || destination.category !== 'workload') return null;
  let byName = namedPorts.get(destination);
  if (!byName) namedPorts.set(destination, (byName = new Map()));
  const key = `${name}/${protocol}`;
  let numbers = byName.get(key);
  if (numbers === undefined) byName.set(key, (numbers = declaredNamedPort(destination, name, protocol)));
  return numbers;
}

function declaredNamedPort(destination: WorkloadModel, name: string, protocol: Protocol): number[] | null {
  const numbers: number[] = [];
  for (const container of destination.containers) {
    if (container.role === 'init') continue;
    for (const port of container.ports) {
      if (port.name !== name || port.protocol !== protocol) continue;
      if (typeof port.containerPort !== 'number') return null;
      numbers.push(port.containerPort);
    }
  }
  if (numbers.length === 0 && destination.placeholders?.some((p) => p.path.includes('.ports['))) return null;
  return numbers;
}

// ---------------------------------------------------------------------------------------------------------------
// Descriptions of peers, for messages and reach reports

/** "pods app=frontend in namespace shop", "every pod in namespaces team=a", "outside the cluster (ipBlock 10.0.0.0/8)" */
export function describePeer(policy: NetworkPolicyModel, peer: NetworkPolicyPeerModel): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except.length ? ` except ${peer.ipBlock.except.join(', ')}` : '';
    return `ipBlock ${peer.ipBlock.cidr}${except}`;
  }
  const pods =
    peer.podSelector && !isEmptyLabelSelector(peer.podSelector)
      ? `pods ${formatLabelSelector(peer.podSelector)}`
      : 'every pod';
  if (!peer.namespaceSelector) return `${pods} in namespace ${policy.namespace ?? ''}`;
  if (isEmptyLabelSelector(peer.namespaceSelector)) return `${pods} in any namespace`;
  const name = peer.namespaceSelector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (
    name &&
    Object.keys(peer.namespaceSelector.matchLabels ?? {}).length === 1 &&
    !peer.namespaceSelector.matchExpressions?.length
  ) {
    return `${pods} in namespace ${name}`;
  }
  return `${pods} in namespaces ${formatLabelSelector(peer.namespaceSelector)}`;
}

/** The peers of a rule as text: "any peer" when it has none. */
export function describePeers(policy: NetworkPolicyModel, rule: NetworkPolicyRuleModel): string[] {
  return rule.peers.length === 0 ? ['any peer'] : rule.peers.map((p) => describePeer(policy, p));
}

/** "TCP 8080", "UDP 53", "TCP 8000-8100", "TCP http", "every port" */
export function describePorts(rule: NetworkPolicyRuleModel): string {
  if (rule.ports.length === 0) return 'every port';
  return rule.ports
    .map(
      (p) => `${p.protocol} ${p.port === null ? 'any port' : p.endPort !== null ? `${p.port}-${p.endPort}` : p.port}`,
    )
    .join(', ');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------------------------------------------------------
// Verdicts as text

/** How many policies a message names; the others are counted (the finding's related locations list them all). */
const NAMED_POLICIES = 5;

/** "NetworkPolicy shop/default-deny", "NetworkPolicies shop/a and shop/b", "NetworkPolicies shop/a, ..., shop/e and 7 more" */
export function policyNames(policies: readonly NetworkPolicyModel[]): string {
  const names = policies.slice(0, NAMED_POLICIES).map((p) => `${p.namespace}/${p.name}`);
  const more = policies.length - names.length;
  const list =
    more > 0
      ? `${names.join(', ')} and ${more} more`
      : names.length <= 1
        ? names.join('')
        : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${policies.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${list}`;
}

/** Why a direction of a connection is denied (allowed: false), as a clause: "NetworkPolicy x isolates ... and ...". */
export function deniedReason(
  verdict: DirectionVerdict,
  client: string,
  destination: string,
  port: number,
  protocol: Protocol,
): string {
  const isolate = isolatingPhrase(verdict);
  if (verdict.direction === 'Ingress') {
    return `${isolate} the pods of ${destination} for ingress and no ingress rule admits ${client} on ${protocol} ${port}`;
  }
  return `${isolate} the pods of ${client} for egress and no egress rule allows ${destination} on ${protocol} ${port}`;
}

/** The policies that isolate the pods for a direction of a verdict (verdicts are shared: each is looked at once). */
const isolatingOf = new WeakMap<DirectionVerdict, { policies: NetworkPolicyModel[]; phrase: string }>();

export function isolatingPolicies(verdict: DirectionVerdict): readonly NetworkPolicyModel[] {
  return isolatingEntry(verdict).policies;
}

/** "NetworkPolicy shop/deny isolates", "NetworkPolicies shop/a and shop/b isolate" */
function isolatingPhrase(verdict: DirectionVerdict): string {
  return isolatingEntry(verdict).phrase;
}

function isolatingEntry(verdict: DirectionVerdict): { policies: NetworkPolicyModel[]; phrase: string } {
  let entry = isolatingOf.get(verdict);
  if (!entry) {
    const policies = verdict.policies.filter((p) => p.selects === true).map((p) => p.policy);
    entry = { policies, phrase: `${policyNames(policies)} ${policies.length === 1 ? 'isolates' : 'isolate'}` };
    isolatingOf.set(verdict, entry);
  }
  return entry;
}

/** The reason of a connection verdict, for reach reports. */
export function connectionReason(
  verdict: ConnectionVerdict,
  client: string,
  destination: string,
  port: number,
  protocol: Protocol,
): string {
  if (verdict.allowed === false) {
    const denied = [verdict.egress, verdict.ingress].filter((d) => d.allowed === false);
    return denied.map((d) => deniedReason(d, client, destination, port, protocol)).join('; ');
  }
  const parts: string[] = [];
  for (const d of [verdict.egress, verdict.ingress]) {
    const side = d.direction === 'Egress' ? 'egress' : 'ingress';
    const admitting = d.policies.find((p) => p.selects !== false && p.admits === true && p.rule);
    if (d.allowed === null) {
      const unsure = d.policies.find((p) => p.admits === null || p.selects === null);
      parts.push(
        unsure
          ? `${side}: whether NetworkPolicy ${unsure.policy.namespace}/${unsure.policy.name} ${unsure.selects === null ? 'selects these pods' : 'admits it'} depends on what the input does not hold (namespace labels, ipBlocks, operators' pods)`
          : `${side}: the client's own policies are not in the input`,
      );
    } else if (d.policies.length === 0) {
      parts.push(`${side}: not isolated`);
    } else if (admitting) {
      parts.push(
        `${side}: allowed by NetworkPolicy ${admitting.policy.namespace}/${admitting.policy.name} ${admitting.rule!.path}`,
      );
    }
  }
  return parts.join('; ');
}
