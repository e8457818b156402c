import { defineRule, type Report } from '../../src/rule.js';
import { describeContainerPort, kindName, qualifiedName } from '../../src/model/describe.js';
import { listing } from '../../src/strings.js';
import { isEmptyLabelSelector } from '../../src/model/selector.js';
import { NAMESPACE_NAME_LABEL, podsSelected, portProblem } from '../../src/analysis/network-policy.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { NetworkAnalysis } from '../../src/analysis/network-policy.js';
import type { Model } from '../../src/model/build.js';
import type { PodSource } from '../../src/model/pod-index.js';
import type {
  ContainerPortModel,
  NetworkPolicyModel,
  NetworkPolicyPortModel,
  NetworkPolicyRuleModel,
  WorkloadModel,
} from '../../src/model/types.js';

const PODS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
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
          ports:
            - name: http
              containerPort: 8080
---
`;

export default defineRule({
  meta: {
    id: 'network-policy-port',
    severity: 'warning',
    description:
      'A NetworkPolicy port that admits nothing: a named port no selected pod declares (with that protocol), or an endPort below its port (an error: the policy is rejected).',
    rationale: `A NetworkPolicy rule's \`ports\` say which destination ports it allows. In the words of the API
(pkg/apis/networking/types.go, \`NetworkPolicyPort\`): "port represents the port on the given protocol. This can
either be a numerical or named port on a pod. If this field is not provided, this matches all port names and
numbers. If present, only traffic on the specified protocol AND port will be matched", and \`protocol\` "defaults to
TCP". A **named** port is resolved on the destination pod: it matches the container port of that name **and
protocol** (the netpol conformance tests, test/e2e/network/netpol, "should allow ingress access on one named port"
and "should deny ingress access to updated pod", check exactly this). So for an ingress rule the port name must be
one the pods the policy selects declare; otherwise that clause admits nothing there, and the pods it was meant to
open stay closed. svclint warns when every pod template the policy selects is in the input with known ports and
none declares the name with the rule's protocol (it says when one declares it with another protocol). For egress
rules the destination is the peer, so the name is resolved on the peer pods: it is checked when every peer names pods
the input holds, a \`podSelector\` of the policy's own namespace, or a \`namespaceSelector\` that names namespaces of
the input by \`kubernetes.io/metadata.name\` (matchLabels or \`In\`), alone or with a \`podSelector\`. An \`ipBlock\`,
a rule without peers (every destination), a namespace outside the input, or one chosen by any other label (namespaces
outside the input may carry it) leave the destination pods unknown: silence.

\`endPort\` "indicates that the range of ports from port to endPort if set, inclusive, should be allowed by the
policy. This field cannot be defined if the port field is not defined or if the port field is defined as a named
(string) port. The endPort must be equal or greater than port." \`ValidateNetworkPolicyPort\`
(pkg/apis/networking/validation) rejects the **whole policy** otherwise ("must be greater than or equal to
\`port\`", "may not be specified when \`port\` is non-numeric"), so none of its rules, and none of its isolation,
takes effect: that is an error.`,
    examples: {
      valid: [
        {
          title: 'A named port the selected pods declare, and a port range',
          yaml: `${PODS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - ports:
        - port: http
        - port: 9000
          endPort: 9100
`,
        },
      ],
      invalid: [
        {
          title: 'A port name the pods do not declare',
          yaml: `${PODS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - ports:
        - port: https
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    for (const policy of model.objects) {
      if (policy.category !== 'network-policy') continue;
      for (const [key, rules] of [
        ['ingress', policy.ingress],
        ['egress', policy.egress],
      ] as const) {
        for (const rule of rules) {
          for (const port of rule.ports) {
            const finding = portFinding(policy, key, rule, port, model, analysis.network);
            if (finding) report(finding);
          }
        }
      }
    }
  },
});

function portFinding(
  policy: NetworkPolicyModel,
  key: 'ingress' | 'egress',
  rule: NetworkPolicyRuleModel,
  port: NetworkPolicyPortModel,
  model: Model,
  network: NetworkAnalysis,
): Report | null {
  const name = `NetworkPolicy ${qualifiedName(policy)}`;
  const path = `${rule.path}.ports[${port.index}]`;
  const problem = portProblem(port);
  if (problem) {
    return {
      object: policy,
      fileId: policy.fileId,
      range: port.endPortRange ?? port.range,
      path: `${path}.endPort`,
      message: `${name} ${path}: ${problem}; the API server rejects the whole policy (ValidateNetworkPolicyPort), so it isolates and admits nothing`,
      severity: 'error',
    };
  }
  if (typeof port.port !== 'string' || network.rejected.has(policy)) return null;
  const pods = destinationPods(policy, key, rule, model, network);
  if (pods === null || pods.length === 0) return null;
  const declared = declaration(pods, port.port, port.protocol);
  if (declared === null) return null;
  const { workloads, other } = declared;
  const whose = key === 'ingress' ? 'the pods it selects' : 'the peer pods';
  const names =
    listing(workloads.slice(0, 3).map(kindName)) + (workloads.length > 3 ? ` and ${workloads.length - 3} more` : '');
  const detail = other
    ? `${kindName(other.w)} declares ${describeContainerPort(other.p)}, not with protocol ${port.protocol}${port.protocolRange ? '' : ' (the default)'}`
    : `none of ${whose} (${names}) declares a container port named ${port.port}`;
  return {
    object: policy,
    fileId: policy.fileId,
    range: port.portRange ?? port.range,
    path: `${path}.port`,
    message: `${name} ${path} allows port ${port.port}/${port.protocol}, but ${detail}, so this clause admits nothing there`,
  };
}

/** Whether the pods declare a port name: null when one does (or their ports are unknown), else what they declare. */
interface Undeclared {
  workloads: WorkloadModel[];
  /** A container port of that name with another protocol. */
  other: { w: WorkloadModel; p: ContainerPortModel } | undefined;
}

/** Per list of pods (policies with one selector share it) and port name/protocol: each is looked at once. */
const declarations = new WeakMap<readonly PodSource[], Map<string, Undeclared | null>>();

function declaration(pods: readonly PodSource[], name: string, protocol: string): Undeclared | null {
  let byName = declarations.get(pods);
  if (!byName) declarations.set(pods, (byName = new Map()));
  const key = `${name}/${protocol}`;
  let result = byName.get(key);
  if (result === undefined) byName.set(key, (result = undeclared(pods, name, protocol)));
  return result;
}

function undeclared(pods: readonly PodSource[], name: string, protocol: string): Undeclared | null {
  const workloads: WorkloadModel[] = [];
  let other: Undeclared['other'];
  for (const pod of pods) {
    // Pods an operator makes, or ports still to be filled in: their ports are unknown.
    if (pod.category !== 'workload' || pod.placeholders?.some((p) => p.path.includes('.ports['))) return null;
    workloads.push(pod);
    for (const container of pod.containers) {
      if (container.role === 'init') continue;
      for (const p of container.ports) {
        if (p.name !== name) continue;
        if (p.protocol === protocol) return null;
        other ??= { w: pod, p };
      }
    }
  }
  return { workloads, other };
}

/** The pods a policy selects, filtered once per list of candidates. */
const selectedPods = new WeakMap<readonly PodSource[], readonly PodSource[]>();

/**
 * The pods a rule's ports are resolved on (the NetworkPolicyPort docs: a named port is one "on a pod", the
 * destination's): for ingress those the policy selects; for egress the peer pods, when every peer names pods the
 * input holds (a podSelector in the policy's namespace, or a namespaceSelector that names namespaces of the input by
 * kubernetes.io/metadata.name, with or without a podSelector). Null when they are unknown: an ipBlock, any
 * destination, a namespace outside the input or known only by other labels.
 */
function destinationPods(
  policy: NetworkPolicyModel,
  key: 'ingress' | 'egress',
  rule: NetworkPolicyRuleModel,
  model: Model,
  network: NetworkAnalysis,
): readonly PodSource[] | null {
  if (key === 'ingress') {
    const candidates = network.podsOf(policy);
    let pods = selectedPods.get(candidates);
    if (!pods)
      selectedPods.set(candidates, (pods = candidates.filter((s) => podsSelected(policy.podSelector, s) !== false)));
    return pods;
  }
  if (rule.peers.length === 0) return null;
  const pods = new Set<PodSource>();
  for (const peer of rule.peers) {
    if (peer.ipBlock) return null;
    const namespaces = peer.namespaceSelector
      ? peerNamespaces(peer.namespaceSelector, network)
      : [policy.namespace ?? ''];
    if (namespaces === null) return null;
    for (const namespace of namespaces) {
      const selector = peer.podSelector;
      const candidates =
        !selector || isEmptyLabelSelector(selector)
          ? model.podIndex.inNamespace(namespace)
          : model.podIndex.selectLabelSelector(namespace, selector);
      for (const pod of candidates) if (!selector || podsSelected(selector, pod) !== false) pods.add(pod);
    }
  }
  return [...pods];
}

/**
 * The namespaces a namespaceSelector covers, when it names them (kubernetes.io/metadata.name, as matchLabels or In)
 * and all of them are in the input; null when it may cover namespaces the input does not hold or cannot tell.
 */
function peerNamespaces(selector: LabelSelector, network: NetworkAnalysis): string[] | null {
  let named: string[] | null = null;
  const pinned = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (pinned !== undefined) named = [pinned];
  for (const requirement of selector.matchExpressions ?? []) {
    if (requirement.key !== NAMESPACE_NAME_LABEL || requirement.operator !== 'In') continue;
    const values = requirement.values ?? [];
    named = named === null ? [...values] : named.filter((n) => values.includes(n));
  }
  if (named === null) return null;
  const namespaces: string[] = [];
  for (const namespace of new Set(named)) {
    const covered = network.namespaceCovered(selector, namespace);
    if (covered === false) continue;
    if (covered === null || !network.namespaces.inInput.has(namespace)) return null;
    namespaces.push(namespace);
  }
  return namespaces;
}
