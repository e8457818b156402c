// Ingress backends, Gateway API route backendRefs, ReferenceGrants and NetworkPolicies.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { NodeReader, stringOf } from './nodes.js';
import { rangeOf } from '../position/range.js';
import { labelSelector } from './extract-workload.js';
import type {
  IngressBackendModel,
  IngressModel,
  NetworkPolicyModel,
  NetworkPolicyPeerModel,
  NetworkPolicyPortModel,
  NetworkPolicyRuleModel,
  ObjectBase,
  Protocol,
  ReferenceGrantModel,
  RouteBackendRefModel,
  RouteModel,
} from './types.js';

export const ROUTE_KINDS: ReadonlySet<string> = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

/** v1beta1 Ingresses name their backends' Service by serviceName and servicePort (a number or a port name). */
const LEGACY_INGRESS_VERSIONS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1']);

export function extractIngress(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): IngressModel {
  const backends: IngressBackendModel[] = [];
  const legacy = LEGACY_INGRESS_VERSIONS.has(base.apiVersion);
  const add = (node: YAMLMap | null, path: string) => {
    if (!node) return;
    if (legacy) {
      backends.push(legacyBackend(node, path, r));
      return;
    }
    const service = r.map(node, 'service');
    const port = r.map(service, 'port');
    backends.push({
      path,
      range: rangeOf(node)!,
      serviceName: r.string(service, 'name'),
      serviceNameRange: r.keyRange(service, 'name'),
      portNumber: r.intOrString(port, 'number'),
      portName: r.string(port, 'name'),
      portRange: r.keyRange(port, 'number') ?? r.keyRange(port, 'name') ?? r.keyRange(service, 'port'),
      resource: r.map(node, 'resource') !== null,
    });
  };
  add(r.map(spec, legacy ? 'backend' : 'defaultBackend'), legacy ? 'spec.backend' : 'spec.defaultBackend');
  r.items(r.seq(spec, 'rules')).forEach((rule, i) => {
    if (!isMap(rule)) return;
    r.items(r.seq(r.map(rule, 'http'), 'paths')).forEach((p, j) => {
      if (isMap(p)) add(r.map(p, 'backend'), `spec.rules[${i}].http.paths[${j}].backend`);
    });
  });
  return { ...base, category: 'ingress', backends };
}

function legacyBackend(node: YAMLMap, path: string, r: NodeReader): IngressBackendModel {
  const port = r.intOrString(node, 'servicePort');
  return {
    path,
    range: rangeOf(node)!,
    serviceName: r.string(node, 'serviceName'),
    serviceNameRange: r.keyRange(node, 'serviceName'),
    portNumber: typeof port === 'number' ? port : null,
    portName: typeof port === 'string' ? port : null,
    portRange: r.keyRange(node, 'servicePort'),
    resource: r.map(node, 'resource') !== null,
    legacy: true,
  };
}

export function extractRoute(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): RouteModel {
  const backendRefs: RouteBackendRefModel[] = [];
  r.items(r.seq(spec, 'rules')).forEach((rule, i) => {
    if (!isMap(rule)) return;
    r.items(r.seq(rule, 'backendRefs')).forEach((ref, j) => {
      if (!isMap(ref)) return;
      backendRefs.push({
        path: `spec.rules[${i}].backendRefs[${j}]`,
        range: rangeOf(ref)!,
        group: r.string(ref, 'group') ?? '',
        kind: r.string(ref, 'kind') ?? 'Service',
        name: r.string(ref, 'name'),
        nameRange: r.keyRange(ref, 'name'),
        namespace: r.string(ref, 'namespace') ?? base.namespace ?? '',
        namespaceRange: r.keyRange(ref, 'namespace'),
        port: r.intOrString(ref, 'port'),
        portRange: r.keyRange(ref, 'port'),
      });
    });
  });
  return { ...base, category: 'route', backendRefs };
}

export function extractReferenceGrant(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): ReferenceGrantModel {
  const from = r
    .items(r.seq(spec, 'from'))
    .filter(isMap)
    .map((f) => ({
      group: stringOf(r.scalar(f, 'group')),
      kind: stringOf(r.scalar(f, 'kind')),
      namespace: stringOf(r.scalar(f, 'namespace')),
    }));
  const to = r
    .items(r.seq(spec, 'to'))
    .filter(isMap)
    .map((t) => ({
      group: stringOf(r.scalar(t, 'group')),
      kind: stringOf(r.scalar(t, 'kind')),
      name: r.string(t, 'name'),
    }));
  return { ...base, category: 'reference-grant', from, to };
}

// ---------------------------------------------------------------------------------------------------------------
// NetworkPolicy (pkg/apis/networking/types.go, defaults in pkg/apis/networking/v1/defaults.go)

export function extractNetworkPolicy(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): NetworkPolicyModel {
  const podSelectorNode = r.map(spec, 'podSelector');
  const ingress = rules(spec, 'ingress', 'from', r);
  const egress = rules(spec, 'egress', 'to', r);
  const written = r.items(r.seq(spec, 'policyTypes')).map((n) => (isScalar(n) ? String(n.value) : ''));
  let policyTypes: NetworkPolicyModel['policyTypes'];
  if (written.length === 0) {
    // SetDefaults_NetworkPolicy: Ingress always, Egress when there is at least one egress rule.
    policyTypes = r.items(r.seq(spec, 'egress')).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  } else {
    policyTypes = written.filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
  }
  return {
    ...base,
    category: 'network-policy',
    podSelector: podSelectorNode ? labelSelector(podSelectorNode, r) : {},
    podSelectorRange: r.keyRange(spec, 'podSelector'),
    policyTypes,
    policyTypesRange: written.length ? r.keyRange(spec, 'policyTypes') : null,
    ingress,
    egress,
  };
}

function rules(
  spec: YAMLMap | null,
  key: 'ingress' | 'egress',
  peersKey: 'from' | 'to',
  r: NodeReader,
): NetworkPolicyRuleModel[] {
  const out: NetworkPolicyRuleModel[] = [];
  r.items(r.seq(spec, key)).forEach((node, index) => {
    if (!isMap(node)) return;
    const path = `spec.${key}[${index}]`;
    const peers: NetworkPolicyPeerModel[] = [];
    r.items(r.seq(node, peersKey)).forEach((peer, i) => {
      if (!isMap(peer)) return;
      const podSelector = r.map(peer, 'podSelector');
      const namespaceSelector = r.map(peer, 'namespaceSelector');
      const ipBlock = r.map(peer, 'ipBlock');
      peers.push({
        index: i,
        range: rangeOf(peer)!,
        podSelector: podSelector ? labelSelector(podSelector, r) : null,
        podSelectorRange: r.keyRange(peer, 'podSelector'),
        namespaceSelector: namespaceSelector ? labelSelector(namespaceSelector, r) : null,
        namespaceSelectorRange: r.keyRange(peer, 'namespaceSelector'),
        ipBlock: ipBlock
          ? {
              cidr: stringOf(r.scalar(ipBlock, 'cidr')),
              except: r.items(r.seq(ipBlock, 'except')).map((e) => (isScalar(e) ? stringOf(e.value) : '')),
            }
          : null,
        ipBlockRange: r.keyRange(peer, 'ipBlock'),
      });
    });
    const ports: NetworkPolicyPortModel[] = [];
    r.items(r.seq(node, 'ports')).forEach((port, i) => {
      if (!isMap(port)) return;
      const endPort = r.scalar(port, 'endPort');
      ports.push({
        index: i,
        port: r.intOrString(port, 'port'),
        protocol: (r.string(port, 'protocol') ?? 'TCP') as Protocol,
        endPort: typeof endPort === 'number' ? endPort : null,
        range: rangeOf(port)!,
        portRange: r.keyRange(port, 'port'),
        protocolRange: r.keyRange(port, 'protocol'),
        endPortRange: r.keyRange(port, 'endPort'),
      });
    });
    out.push({ index, range: rangeOf(node)!, path, peers, peersRange: r.keyRange(node, peersKey), ports });
  });
  return out;
}
