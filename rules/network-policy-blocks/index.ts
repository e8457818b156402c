import { defineRule, type RelatedLocation } from '../../src/rule.js';
import { kindName, qualifiedName } from '../../src/model/describe.js';
import { fixedPodLabels } from '../../src/model/pod-labels.js';
import { formatMapSelector, isEmptyLabelSelector } from '../../src/model/selector.js';
import {
  deniedReason,
  isolatingPolicies,
  NAMESPACE_NAME_LABEL,
  podClient,
  policyNames,
  type DirectionVerdict,
} from '../../src/analysis/network-policy.js';
import type { KnownCall } from '../../src/analysis/calls.js';
import type { Labels, NetworkPolicyModel, ServicePortModel, WorkloadModel } from '../../src/model/types.js';

const APP = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart
          image: example/cart:1.0
          ports:
            - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: shop
spec:
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: frontend
          image: example/frontend:1.0
          env:
            - name: CART_ADDR
              value: cart:80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: cart
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: cart
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: frontend
      ports:
        - port: `;

export default defineRule({
  meta: {
    id: 'network-policy-blocks',
    severity: 'warning',
    description:
      'A call svclint knows about (a host name, a Service link variable, a StatefulSet peer) that the NetworkPolicies deny, or a Service port they close to every peer.',
    rationale: `The NetworkPolicy docs: "By default, a pod is non-isolated for ingress; all inbound connections
are allowed. A pod is isolated for ingress if there is any NetworkPolicy that both selects the pod and has
'Ingress' in its policyTypes; such a policy is said to apply to it for ingress. When a pod is isolated for ingress,
the only allowed connections into the pod are those from the pod's node and those allowed by the ingress list of
some NetworkPolicy (other than ClusterNetworkPolicy) that applies to the pod for ingress. [...] Network policies do
not conflict; they are additive." The same holds for egress, and "for a connection from a source pod to a
destination pod to be allowed, both the egress policy on the source pod and the ingress policy on the destination
pod need to allow the connection". A rule allows a peer when one of its \`from\`/\`to\` entries matches (a
\`podSelector\` alone: pods of the policy's namespace; a \`namespaceSelector\` alone: every pod of the namespaces it
selects; **both in one entry: pods of those namespaces with those labels**; an empty list: every peer) and one of
its \`ports\` matches (a number, a range up to \`endPort\`, or a name resolved on the destination pod; an empty list:
every port), pkg/apis/networking/types.go. The policies see the connection after kube-proxy: the destination is the
pod IP and the Service's **targetPort**, not the cluster IP and the Service port.

svclint joins these semantics to the calls it already knows: host names in env values, command, args and
ConfigMaps read through \`envFrom\` (resolved as [dns-reference](../dns-reference/README.md) does), Service link
variables (as [service-env-order](../service-env-order/README.md) resolves them), and StatefulSet pods calling
their peers through the governing Service. It warns when a call is denied: the client's pods are isolated for
egress and no rule allows the destination pods on the targetPort, or the destination's pods are isolated for
ingress and no rule admits the client's pods on it. The message names the isolating policies and suggests the rule
that would allow the call. A Service port whose pods are isolated for ingress with no rule admitting that port from
any peer is reported once, on the Service, instead of once per call.

Unknowns stay unknowns: a namespace's labels are known only from a Namespace object of the input (except
\`kubernetes.io/metadata.name\`), an \`ipBlock\` that may hold pod IPs (private ranges, \`0.0.0.0/0\`) may admit pods,
an operator's pods may carry labels the input does not show, and a call is reported only when every policy that
decides it is in the input and denies it. Clients outside the input are never judged.`,
    examples: {
      valid: [
        {
          title: 'Default deny, and a policy that admits the frontend to cart',
          yaml: `${APP}8080
`,
        },
      ],
      invalid: [
        {
          title: 'The policy admits the Service port, not the targetPort the pods receive: frontend cannot reach cart',
          yaml: `${APP}80
`,
        },
      ],
    },
  },
  check({ analysis, report }) {
    const network = analysis.network;
    if (network.policies.length === 0) return;
    const closed = new Set<ServicePortModel>();
    for (const entry of analysis.endpoints) {
      for (const port of entry.ports) {
        if (port.endpoints.length === 0) continue;
        const shut = port.endpoints.every((e) => network.closedPort(e.workload, e.containerPort, port.port.protocol));
        if (!shut) continue;
        closed.add(port.port);
        const service = entry.service;
        const policies = [
          ...new Set(port.endpoints.flatMap((e) => network.isolating(e.workload, 'Ingress').map((i) => i.policy))),
        ];
        const targets = [...new Set(port.endpoints.map((e) => `${kindName(e.workload)} port ${e.containerPort}`))];
        report({
          object: service,
          fileId: service.fileId,
          range: port.port.portRange ?? port.port.range,
          path: `spec.ports[${port.port.index}].port`,
          message:
            `Service ${qualifiedName(service)} port ${port.port.port}/${port.port.protocol} goes to ${targets.join(', ')}, but ${policyNames(policies)} ` +
            `${policies.length === 1 ? 'isolates' : 'isolate'} these pods for ingress and no ingress rule admits ${port.port.protocol} ${port.endpoints[0]!.containerPort} from any peer, so no client can connect`,
          related: policies.map(policyLocation),
        });
      }
    }
    for (const call of analysis.calls) {
      if (call.servicePort && closed.has(call.servicePort)) continue;
      for (const target of call.targets) {
        const verdict = network.connect(podClient(call.from), target.workload, target.port, target.protocol);
        if (verdict.allowed !== false) continue;
        const denied = [verdict.egress, verdict.ingress].filter((d) => d.allowed === false);
        const client = kindName(call.from);
        const destination = kindName(target.workload);
        const via =
          call.service && call.servicePort
            ? `Service ${qualifiedName(call.service)} port ${call.servicePort.port} forwards to`
            : 'is';
        const reasons = denied
          .map((d) => deniedReason(d, client, destination, target.port, target.protocol))
          .join(', and ');
        const fixes = denied.map((d) => suggestion(d, call, target.workload, target.port, target.protocol)).join('; ');
        report({
          object: call.object,
          fileId: call.object.fileId,
          range: call.range,
          path: call.path,
          message: `${call.from.kind} ${qualifiedName(call.from)} calls ${call.written} (${call.via}), which ${via} ${destination} port ${target.port}, but ${reasons}; ${fixes}`,
          related: [...new Set(denied.flatMap((d) => isolatingPolicies(d)))]
            .slice(0, RELATED_POLICIES)
            .map(policyLocation),
        });
        break;
      }
    }
  },
});

/** Related locations a finding lists: the first isolating policies (a message names five and counts the rest). */
const RELATED_POLICIES = 10;

const locations = new WeakMap<NetworkPolicyModel, RelatedLocation>();

function policyLocation(policy: NetworkPolicyModel): RelatedLocation {
  let location = locations.get(policy);
  if (!location)
    locations.set(
      policy,
      (location = { object: policy, range: policy.nameRange, message: `NetworkPolicy ${qualifiedName(policy)}` }),
    );
  return location;
}

/** The labels to select a workload's pods by in a suggestion: its selector's matchLabels, else its fixed pod labels. */
function selectLabels(workload: WorkloadModel): Labels {
  const matchLabels = workload.selector?.matchLabels;
  return matchLabels && Object.keys(matchLabels).length ? matchLabels : fixedPodLabels(workload);
}

/** The rule that would allow the call, for the first policy that isolates the side that denies it. */
function suggestion(
  verdict: DirectionVerdict,
  call: KnownCall,
  target: WorkloadModel,
  port: number,
  protocol: string,
): string {
  // The most specific isolating policy that has rules for this direction, else the first.
  const isolating = isolatingPolicies(verdict);
  const rules = (p: NetworkPolicyModel) => (verdict.direction === 'Ingress' ? p.ingress : p.egress).length > 0;
  const policy =
    [...isolating].reverse().find((p) => rules(p) && !isEmptyLabelSelector(p.podSelector)) ??
    isolating.find(rules) ??
    isolating[0]!;
  const peer = verdict.direction === 'Ingress' ? call.from : target;
  const otherNamespace =
    peer.namespace !== policy.namespace ? ` with namespaceSelector ${NAMESPACE_NAME_LABEL}=${peer.namespace}` : '';
  const pods = `podSelector ${formatMapSelector(selectLabels(peer))}${otherNamespace}`;
  return verdict.direction === 'Ingress'
    ? `allow it with an ingress rule in NetworkPolicy ${qualifiedName(policy)} from ${pods} on ${protocol} ${port}`
    : `allow it with an egress rule in NetworkPolicy ${qualifiedName(policy)} to ${pods} on ${protocol} ${port}`;
}
