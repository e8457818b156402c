import { defineRule, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { isBuiltinGroup } from '../../src/model/kinds.js';
import { formatLabelSelector, isEmptyLabelSelector, labelSelectorProblem } from '../../src/model/selector.js';
import { NAMESPACE_NAME_LABEL, podsSelected } from '../../src/analysis/network-policy.js';
import type { Model } from '../../src/model/build.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { NetworkPolicyModel, NetworkPolicyPeerModel } from '../../src/model/types.js';
import type { Range } from '../../src/position/range.js';

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
---
`;

export default defineRule({
  meta: {
    id: 'network-policy-selector',
    severity: 'warning',
    description:
      'A NetworkPolicy whose non-empty podSelector, or a peer podSelector, selects no pod template of the namespaces it covers.',
    rationale: `A NetworkPolicy applies to the pods its \`spec.podSelector\` selects "in this namespace"
(pkg/apis/networking/types.go: "Selects the pods to which this NetworkPolicy object applies. The array of ingress
rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In
this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label
selector semantics. **An empty podSelector matches all pods in this namespace.**"). A peer's \`podSelector\` "selects
Pods in the same namespace as the NetworkPolicy" or, with a \`namespaceSelector\`, "Pods within the Namespaces
selected by NamespaceSelector". A selector with a typo (\`app: fronted\`) selects nothing: the policy then isolates
nobody, or its rule admits nobody, and no error says so.

svclint warns when a **non-empty** selector selects no pod template of the input, with the selector semantics of
apimachinery (matchLabels and matchExpressions ANDed; controller labels such as \`pod-template-hash\` or
\`statefulset.kubernetes.io/pod-name\` count as present with an unknown value). Precision first:

- \`podSelector: {}\` selects every pod and is **never** reported (the most reported false positive of other
  linters: kube-score #293, #420, #653, popeye #259, polaris #1202); nor is a peer without a podSelector.
- Only a namespace that holds pod templates in the input is judged, and not when a custom resource there may have
  an operator make pods with other labels (Prometheus, Alertmanager, a database cluster).
- A peer with a \`namespaceSelector\` is judged only when the selector names its namespaces by
  \`kubernetes.io/metadata.name\` (the label every namespace has, set by the API server since 1.21), as other labels
  may select namespaces the input does not hold.`,
    examples: {
      valid: [
        {
          title: 'An empty podSelector (every pod of the namespace) and a peer that selects pods',
          yaml: `${PODS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
`,
        },
      ],
      invalid: [
        {
          title: 'A typo in the podSelector',
          yaml: `${PODS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: apii
  ingress:
    - {}
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const judged = judgedNamespaces(model);
    const network = analysis.network;
    const memo = new Map<string, boolean>();
    const nothing = (selector: LabelSelector, namespaces: readonly string[]) => {
      const key = `${namespaces.join(',')}\u0000${JSON.stringify(selector)}`;
      let result = memo.get(key);
      if (result === undefined) memo.set(key, (result = selectsNothing(model, selector, namespaces)));
      return result;
    };
    for (const policy of model.objects) {
      if (policy.category !== 'network-policy') continue;
      const namespace = policy.namespace ?? '';
      const name = `NetworkPolicy ${qualifiedName(policy)}`;
      const selectsNoPod = network.rejected.has(policy)
        ? nothing(policy.podSelector, [namespace])
        : !network.podsOf(policy).some((s) => podsSelected(policy.podSelector, s) !== false);
      if (
        judged.has(namespace) &&
        !isEmptyLabelSelector(policy.podSelector) &&
        labelSelectorProblem(policy.podSelector) === null &&
        selectsNoPod
      ) {
        report(
          finding(
            policy,
            policy.podSelectorRange ?? policy.nameRange,
            'spec.podSelector',
            `${name} spec.podSelector ${formatLabelSelector(policy.podSelector)} selects no pod template in namespace ${namespace}, so the policy applies to no pod`,
          ),
        );
      }
      for (const [key, peersKey, rules] of [
        ['ingress', 'from', policy.ingress],
        ['egress', 'to', policy.egress],
      ] as const) {
        for (const rule of rules) {
          for (const peer of rule.peers) {
            const namespaces = peerNamespaces(policy, peer);
            if (!peer.podSelector || namespaces === null || !namespaces.every((n) => judged.has(n))) continue;
            if (!nothing(peer.podSelector, namespaces)) continue;
            const path = `${rule.path}.${peersKey}[${peer.index}].podSelector`;
            const where =
              namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${namespaces.join(', ')}`;
            const effect = key === 'ingress' ? 'admits no pod' : 'allows no pod as destination';
            report(
              finding(
                policy,
                peer.podSelectorRange ?? peer.range,
                path,
                `${name} ${path} ${formatLabelSelector(peer.podSelector)} selects no pod template in ${where}, so this peer ${effect}`,
              ),
            );
          }
        }
      }
    }
  },
});

function finding(policy: NetworkPolicyModel, range: Range, path: string, message: string): Report {
  return { object: policy, fileId: policy.fileId, range, path, message };
}

/** Namespaces with pod templates in the input and no custom resource whose operator may make pods there. */
function judgedNamespaces(model: Model): Set<string> {
  const judged = new Set(model.podIndex.namespaces());
  for (const object of model.objects) {
    if ((object.category === 'other' || object.category === 'operator-resource') && !isBuiltinGroup(object.apiVersion))
      judged.delete(object.namespace ?? '');
  }
  for (const source of model.external) judged.delete(source.namespace ?? '');
  return judged;
}

/** Whether a non-empty, well-formed selector selects no pod source in any of the namespaces. */
function selectsNothing(model: Model, selector: LabelSelector, namespaces: readonly string[]): boolean {
  if (isEmptyLabelSelector(selector) || labelSelectorProblem(selector) !== null) return false;
  return namespaces.every((namespace) =>
    model.podIndex.selectLabelSelector(namespace, selector).every((s) => podsSelected(selector, s) === false),
  );
}

/** The namespaces a peer's podSelector looks in, when they are known by name; null otherwise. */
function peerNamespaces(policy: NetworkPolicyModel, peer: NetworkPolicyPeerModel): string[] | null {
  if (peer.ipBlock) return null;
  if (!peer.namespaceSelector) return [policy.namespace ?? ''];
  const { matchLabels = {}, matchExpressions = [] } = peer.namespaceSelector;
  const keys = [...Object.keys(matchLabels), ...matchExpressions.map((e) => e.key)];
  if (keys.length === 0 || keys.some((k) => k !== NAMESPACE_NAME_LABEL)) return null;
  let names: string[] | null =
    matchLabels[NAMESPACE_NAME_LABEL] !== undefined ? [matchLabels[NAMESPACE_NAME_LABEL]!] : null;
  for (const e of matchExpressions) {
    if (e.operator !== 'In') return null;
    const values = e.values ?? [];
    names = names === null ? [...values] : names.filter((n) => values.includes(n));
  }
  return names && names.length > 0 ? [...new Set(names)] : null;
}
