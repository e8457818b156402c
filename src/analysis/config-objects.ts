// The ConfigMaps and Secrets of the input, indexed once by namespace and name: their data for the env rules, and
// which keys each offers to env (data) and to volumes (data, then binaryData) for config-reference.
import type { Model } from '../model/build.js';
import { nearestName } from '../model/service-accounts.js';
import type { ConfigMapModel, ManifestObject, SecretModel } from '../model/types.js';
import type { ConfigMapData } from './env.js';

export type ConfigKind = 'ConfigMap' | 'Secret';

export interface ConfigObjectEntry {
  kind: ConfigKind;
  namespace: string;
  name: string;
  /** Every definition of it in the input, in apply order. */
  objects: (ConfigMapModel | SecretModel)[];
  /**
   * The keys env valueFrom can read (a ConfigMap's data, a Secret's data and stringData); null when the keys are not
   * known from the input (an empty object that something else fills in, a service account token Secret).
   */
  envKeys: ReadonlySet<string> | null;
  /** The keys a volume can project (a ConfigMap's data and binaryData, a Secret's keys); null when unknown. */
  volumeKeys: ReadonlySet<string> | null;
}

export interface ConfigObjects {
  /** ConfigMap data by namespace and name (what env-var-order and the others read). */
  configMapData: ConfigMapData;
  find(kind: ConfigKind, namespace: string, name: string): ConfigObjectEntry | null;
  /** Whether the input defines any object of the kind in the namespace. */
  definesIn(kind: ConfigKind, namespace: string): boolean;
  /** The nearest name of the kind in the namespace ("did you mean"), or null. */
  nearest(kind: ConfigKind, namespace: string, name: string): string | null;
  /** The namespaces (sorted) that define an object of this kind and name. */
  namespacesOf(kind: ConfigKind, name: string): readonly string[];
  /** Whether an unrendered kustomization's generator makes an object of this kind and name (its keys are unknown). */
  generated(kind: ConfigKind, name: string): boolean;
}

/** Keys the token controller adds to a kubernetes.io/service-account-token Secret. */
const TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';

export function indexConfigObjects(
  objects: readonly ManifestObject[],
  generatedNames?: ReadonlySet<string>,
): ConfigObjects {
  const entries = new Map<
    string,
    ConfigObjectEntry & { envKeys: Set<string> | null; volumeKeys: Set<string> | null }
  >();
  const namesByNamespace = new Map<string, string[]>();
  const namespacesByName = new Map<string, string[]>();
  const data = new Map<string, Map<string, string>>();
  for (const object of objects) {
    if (object.category !== 'config-map' && object.category !== 'secret') continue;
    const kind: ConfigKind = object.category === 'config-map' ? 'ConfigMap' : 'Secret';
    const namespace = object.namespace ?? '';
    const id = `${kind}/${namespace}/${object.name}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = { kind, namespace, name: object.name, objects: [], envKeys: new Set(), volumeKeys: new Set() };
      entries.set(id, entry);
      push(namesByNamespace, `${kind}/${namespace}`, object.name);
      push(namespacesByName, `${kind}/${object.name}`, namespace);
    }
    entry.objects.push(object);
    if (object.category === 'config-map') {
      const values = data.get(`${namespace}/${object.name}`) ?? new Map<string, string>();
      for (const item of object.data) values.set(item.key, item.value.value);
      data.set(`${namespace}/${object.name}`, values);
      for (const item of object.data) {
        entry.envKeys?.add(item.key);
        entry.volumeKeys?.add(item.key);
      }
      for (const key of object.binaryDataKeys ?? []) entry.volumeKeys?.add(key);
    } else if (object.type === TOKEN_SECRET_TYPE) {
      entry.envKeys = null;
      entry.volumeKeys = null;
    } else {
      for (const key of object.keys) {
        entry.envKeys?.add(key);
        entry.volumeKeys?.add(key);
      }
    }
  }
  // An object with no keys at all is a shell that something else fills in (argocd-secret, a controller's state).
  for (const entry of entries.values()) {
    if (entry.volumeKeys?.size === 0) {
      entry.envKeys = null;
      entry.volumeKeys = null;
    }
  }
  for (const list of namespacesByName.values()) list.sort();
  return {
    configMapData: (namespace, name) => data.get(`${namespace}/${name}`) ?? null,
    find: (kind, namespace, name) => entries.get(`${kind}/${namespace}/${name}`) ?? null,
    definesIn: (kind, namespace) => namesByNamespace.has(`${kind}/${namespace}`),
    nearest: (kind, namespace, name) => nearestName(name, namesByNamespace.get(`${kind}/${namespace}`) ?? []),
    namespacesOf: (kind, name) => namespacesByName.get(`${kind}/${name}`) ?? [],
    generated: (kind, name) => generatedNames?.has(`${kind}/${name}`) ?? false,
  };
}

export function indexModelConfigObjects(model: Model): ConfigObjects {
  return indexConfigObjects(model.objects, model.generatedNames);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
