// Ingress backends, Gateway API route backendRefs and ReferenceGrants.
import { isMap, type YAMLMap } from 'yaml';
import { NodeReader, stringOf } from './nodes.js';
import { rangeOf } from '../position/range.js';
import type { ObjectBase, IngressBackendModel, IngressModel, ReferenceGrantModel, RouteBackendRefModel, RouteModel } from './types.js';

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
  const from = r.items(r.seq(spec, 'from')).filter(isMap).map((f) => ({
    group: stringOf(r.scalar(f, 'group')),
    kind: stringOf(r.scalar(f, 'kind')),
    namespace: stringOf(r.scalar(f, 'namespace')),
  }));
  const to = r.items(r.seq(spec, 'to')).filter(isMap).map((t) => ({
    group: stringOf(r.scalar(t, 'group')),
    kind: stringOf(r.scalar(t, 'kind')),
    name: r.string(t, 'name'),
  }));
  return { ...base, category: 'reference-grant', from, to };
}
