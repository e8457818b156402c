// Signs in the files that a Service's pods are made by an operator (from a custom resource), not by a pod template.
import type { RelatedLocation } from '../../src/rule.js';
import type { Model } from '../../src/model/build.js';
import { isBuiltinGroup } from '../../src/model/kinds.js';
import { kindName } from '../../src/model/describe.js';
import { LabelIndex } from '../../src/model/pod-index.js';
import type { Labels, ManifestObject, ServiceModel } from '../../src/model/types.js';

export interface OperatorHint {
  /** Why the pods are likely an operator's, as a clause of the message. */
  reason: string;
  related?: RelatedLocation;
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** Label-key prefixes Kubernetes reserves (kubernetes.io, k8s.io and their subdomains): widely set by hand, never an operator's sign. */
function isReservedPrefix(prefix: string): boolean {
  return /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix);
}

function prefixOf(key: string): string | null {
  const slash = key.indexOf('/');
  return slash > 0 ? key.slice(0, slash) : null;
}

/** Indexes built once, on the first orphan, in one pass over the model. */
export class OperatorEvidence {
  /** Custom resources (not workloads) by namespace and name. */
  private readonly customByName = new Map<string, ManifestObject[]>();
  private readonly customByLabels: LabelIndex<ManifestObject>;
  /** Label-key prefixes, and app.kubernetes.io/managed-by values, that the pods of the files' pod sources carry. */
  private readonly podPrefixes = new Set<string>();
  private readonly podManagers = new Set<string>();

  constructor(model: Model) {
    const custom = model.objects.filter(
      (o) => (o.category === 'other' || o.category === 'operator-resource') && !isBuiltinGroup(o.apiVersion),
    );
    for (const object of custom) {
      const key = `${object.namespace ?? ''}\u0000${object.name}`;
      const list = this.customByName.get(key);
      if (list) list.push(object);
      else this.customByName.set(key, [object]);
    }
    this.customByLabels = new LabelIndex(custom, (o) => o.labels);
    const note = (key: string, value: string | undefined) => {
      const prefix = prefixOf(key);
      if (prefix) this.podPrefixes.add(prefix);
      if (key === MANAGED_BY && value !== undefined) this.podManagers.add(value);
    };
    for (const namespace of model.podIndex.namespaces()) {
      for (const source of model.podIndex.inNamespace(namespace)) {
        for (const key in source.podLabels) note(key, source.podLabels[key]);
        if (source.category === 'workload') for (const key in source.controllerLabels) note(key, undefined);
      }
    }
  }

  /**
   * Evidence that the Service's pods come from an operator: a custom resource in its namespace that a selector value
   * names or whose labels the selector selects (operators label their pods with their resource's name or labels), a
   * selector key under a prefix that no pod template in the files uses and Kubernetes does not reserve (cnpg.io/,
   * ray.io/), or an app.kubernetes.io/managed-by value no pod template has. null when there is none.
   */
  hintFor(service: ServiceModel): OperatorHint | null {
    return this.hintForLabels(service.namespace ?? '', service.selector!);
  }

  /** The same evidence for any label selector's matchLabels in a namespace (a PodDisruptionBudget's). */
  hintForLabels(namespace: string, selector: Labels): OperatorHint | null {
    for (const key of Object.keys(selector).sort()) {
      const named = this.firstOf(this.customByName.get(`${namespace}\u0000${selector[key]}`));
      if (named) {
        return {
          reason: `${describe(named)} in namespace ${namespace} is named ${named.name}, as ${key}=${selector[key]} is`,
          related: { object: named, range: named.nameRange, message: `custom resource ${kindName(named)}` },
        };
      }
    }
    const labelled = this.firstOf(this.customByLabels.selectMap(namespace, selector));
    if (labelled) {
      return {
        reason: `${describe(labelled)} in namespace ${namespace} carries these labels`,
        related: { object: labelled, range: labelled.nameRange, message: `custom resource ${kindName(labelled)}` },
      };
    }
    const foreign = Object.keys(selector)
      .map(prefixOf)
      .filter((p): p is string => p !== null && !isReservedPrefix(p) && !this.podPrefixes.has(p))
      .sort();
    if (foreign.length)
      return {
        reason: `no pod template in these files has a label under ${foreign[0]}/, and no Kubernetes controller sets one`,
      };
    const manager = selector[MANAGED_BY];
    if (manager !== undefined && manager.toLowerCase() !== 'helm' && !this.podManagers.has(manager)) {
      return { reason: `no pod template in these files has ${MANAGED_BY}=${manager}` };
    }
    return null;
  }

  /** The first by kind and name, not in apply order, so that the message does not change when files are reordered. */
  private firstOf(objects: readonly ManifestObject[] | undefined): ManifestObject | undefined {
    let first: ManifestObject | undefined;
    for (const o of objects ?? []) if (!first || kindName(o) < kindName(first)) first = o;
    return first;
  }
}

function describe(object: ManifestObject): string {
  return `custom resource ${kindName(object)} (${object.apiVersion})`;
}
