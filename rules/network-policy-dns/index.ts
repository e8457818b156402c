import { defineRule } from '../../src/rule.js';
import { kindName } from '../../src/model/describe.js';
import { listing } from '../../src/strings.js';
import { usesClusterDns } from '../../src/analysis/dns.js';
import { policyNames, triAnd, triOr, type NetworkAnalysis, type Tri } from '../../src/analysis/network-policy.js';
import type { KnownCall } from '../../src/analysis/calls.js';
import type {
  NetworkPolicyModel,
  NetworkPolicyPeerModel,
  NetworkPolicyRuleModel,
  WorkloadModel,
} from '../../src/model/types.js';

/** The namespace the cluster DNS (CoreDNS, kube-dns) runs in. */
const DNS_NAMESPACE = 'kube-system';

const APP = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
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
            - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
          env:
            - name: API_URL
              value: http://api:80
---
`;

const EGRESS_TO_API = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Egress
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 8080
`;

export default defineRule({
  meta: {
    id: 'network-policy-dns',
    severity: 'warning',
    description:
      'Pods that call Services by name, are isolated for egress, and have no egress rule allowing DNS (UDP or TCP 53) to the cluster DNS.',
    rationale: `A pod is isolated for egress as soon as one NetworkPolicy that selects it has \`Egress\` in its
\`policyTypes\` (the NetworkPolicy docs: "By default, a pod is non-isolated for egress; all outbound connections are
allowed. A pod is isolated for egress if there is any NetworkPolicy that both selects the pod and has 'Egress' in its
policyTypes"), and then "the only allowed connections from the pod are those allowed by the egress list of some
NetworkPolicy that applies to the pod for egress". Name lookups are egress too: a pod with \`dnsPolicy:
ClusterFirst\` asks the cluster DNS (the \`kube-dns\` Service in \`kube-system\`, CoreDNS pods) on UDP port 53, and
on TCP 53 for large answers. Without an egress rule that allows it, every lookup times out and the pod cannot reach
\`api\`, \`api.shop\` or any other name, however the rest of its egress is written; the netpol conformance tests
(test/e2e/network/netpol) add such a rule to every egress policy for this reason.

svclint warns when pods that make calls by name (host names in env values, command, args or ConfigMaps it can tie
to them; not Service link variables, which hold IPs) are egress-isolated by policies of the input and **no** egress
rule of those policies may allow UDP or TCP 53 to a peer that can hold the cluster DNS pods: any peer (no \`to\`), an
\`ipBlock\` (node-local DNS caches listen on link-local addresses), a \`namespaceSelector\` that may cover
\`kube-system\` (\`kubernetes.io/metadata.name: kube-system\`, or labels the input cannot judge), or a named port
(it may be the DNS pods' \`dns\` port). A policy that only allows DNS egress still isolates its pods for egress. One
finding per set of isolating policies, at the first of them.`,
    examples: {
      valid: [
        {
          title: 'Egress to the API and to the cluster DNS',
          yaml: `${APP}${EGRESS_TO_API}    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
`,
        },
      ],
      invalid: [
        {
          title: 'Egress to the API only: the name api never resolves',
          yaml: `${APP}${EGRESS_TO_API}`,
        },
      ],
    },
  },
  check({ analysis, report }) {
    const network = analysis.network;
    if (network.policies.length === 0) return;
    const byClient = new Map<WorkloadModel, KnownCall>();
    for (const call of analysis.calls)
      if (call.byName && !byClient.has(call.from) && usesClusterDns(call.from)) byClient.set(call.from, call);
    // One finding per set of isolating policies.
    const groups = new Map<string, { policies: NetworkPolicyModel[]; calls: KnownCall[] }>();
    for (const [client, call] of byClient) {
      const entries = network.isolating(client, 'Egress');
      if (!entries.some((e) => e.selects === true)) continue;
      if (entries.some((e) => e.policy.egress.some((rule) => allowsDns(network, e.policy, rule) !== false))) continue;
      const key = network.groupOf(client, 'Egress');
      const group = groups.get(key) ?? {
        policies: entries.filter((e) => e.selects === true).map((e) => e.policy),
        calls: [],
      };
      group.calls.push(call);
      groups.set(key, group);
    }
    for (const { policies, calls } of groups.values()) {
      const first = policies[0]!;
      const clients = calls.map((c) => kindName(c.from));
      const shown = listing(clients.slice(0, 3)) + (clients.length > 3 ? ` and ${clients.length - 3} more` : '');
      const example = calls[0]!;
      report({
        object: first,
        fileId: first.fileId,
        range: first.policyTypesRange ?? first.podSelectorRange ?? first.nameRange,
        path: first.policyTypesRange ? 'spec.policyTypes' : 'spec.podSelector',
        message:
          `${policyNames(policies)} ${policies.length === 1 ? 'isolates' : 'isolate'} the pods of ${shown} for egress, and no egress rule allows UDP or TCP port 53 ` +
          `to the cluster DNS (kube-dns in ${DNS_NAMESPACE}), so every name lookup fails: ${kindName(example.from)} calls ${example.written} (${example.via}); ` +
          `add an egress rule to namespaceSelector kubernetes.io/metadata.name=${DNS_NAMESPACE} on UDP and TCP port 53`,
        related: calls.slice(0, 3).map((c) => ({
          object: c.object,
          range: c.range,
          message: `${kindName(c.from)} calls ${c.written} by name`,
        })),
      });
    }
  },
});

/** Whether an egress rule may allow DNS: UDP or TCP 53 to a peer that can hold the cluster DNS pods. */
function allowsDns(network: NetworkAnalysis, policy: NetworkPolicyModel, rule: NetworkPolicyRuleModel): Tri {
  const ports = triOr(network.portsCover(rule, null, 53, 'UDP'), network.portsCover(rule, null, 53, 'TCP'));
  if (ports === false || rule.peers.length === 0) return ports;
  let peers: Tri = false;
  for (const peer of rule.peers) peers = triOr(peers, mayHoldDns(network, policy, peer));
  return triAnd(ports, peers);
}

function mayHoldDns(network: NetworkAnalysis, policy: NetworkPolicyModel, peer: NetworkPolicyPeerModel): Tri {
  if (peer.ipBlock) return null;
  // The DNS pods' labels vary (k8s-app=kube-dns, app.kubernetes.io/name=coredns): a podSelector is no verdict.
  const pods: Tri = peer.podSelector ? null : true;
  if (!peer.namespaceSelector) return policy.namespace === DNS_NAMESPACE ? pods : false;
  return triAnd(network.namespaceCovered(peer.namespaceSelector, DNS_NAMESPACE), pods);
}
