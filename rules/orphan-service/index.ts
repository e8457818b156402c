import { defineRule, at, type RelatedLocation } from '../../src/rule.js';
import { kindName, listing, qualifiedName } from '../../src/model/describe.js';
import { formatMapSelector } from '../../src/model/selector.js';
import { compareText } from '../../src/strings.js';
import { hasManagedEndpoints } from '../../src/analysis/endpoints.js';
import type { Model } from '../../src/model/build.js';
import { LabelIndex, type PodSource } from '../../src/model/pod-index.js';
import type { Labels, ServiceModel, WorkloadModel } from '../../src/model/types.js';

/** Bounds the "did you mean" search so an orphan costs O(1), not O(templates). */
const MAX_CANDIDATES = 1000;

export default defineRule({
  meta: {
    id: 'orphan-service',
    severity: 'warning',
    description: 'A Service whose selector matches no pod template in its namespace.',
    rationale: `A Service's \`spec.selector\` is a map of labels that a pod must all carry (extra pod labels are
fine), and only pods in the Service's own namespace count. The EndpointSlice controller builds the Service's
endpoints from exactly those pods; when none match, the Service has no endpoints and every connection to it
fails. Matching the workload's own \`metadata.labels\` is not enough: Services select the pod template's labels
(\`spec.template.metadata.labels\`).

The message names the cause when it can: a workload whose \`metadata.labels\` (not its template's) match, pods
with these labels in another namespace, or the nearest pod template in the namespace and which label differs;
it suggests a fix ("did you mean") only when the difference looks like a typo, never another app's labels. Services without a selector
(endpoints managed by hand) and ExternalName Services are not orphans. Pods made by an operator from a custom
resource that declares their labels (\`spec.podMetadata.labels\`, as prometheus-operator's Alertmanager and
Prometheus do) count as matching pods.`,
    examples: {
      valid: [
        {
          title: 'The selector is a subset of the pod template labels',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
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
spec:
  selector:
    matchLabels:
      app: api
      track: stable
  template:
    metadata:
      labels:
        app: api
        track: stable
    spec:
      containers:
        - name: api
          image: example/api:2.3
          ports:
            - containerPort: 8080
`,
        },
      ],
      invalid: [
        {
          title: 'A typo in a label value',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api-sever
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api-server
  template:
    metadata:
      labels:
        app: api-server
    spec:
      containers:
        - name: api
          image: example/api:2.3
          ports:
            - containerPort: 8080
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    let byObjectLabels: LabelIndex<WorkloadModel> | undefined;
    for (const endpoints of analysis.endpoints) {
      const service = endpoints.service;
      if (!hasManagedEndpoints(service) || endpoints.workloads.length > 0 || endpoints.operatorResources.length > 0) continue;
      // Built on the first orphan only: most manifest sets have none.
      byObjectLabels ??= new LabelIndex(
        model.workloads.filter((w) => w.kind !== 'Pod'),
        (w) => w.labels,
      );
      const { hint, related } = explain(service, model, byObjectLabels);
      const selector = formatMapSelector(service.selector!);
      const finding = at(
        service,
        service.selectorRange ?? service.nameRange,
        'spec.selector',
        `Service ${qualifiedName(service)} selects ${selector}, but no pod template in namespace ${service.namespace} has these labels, so it has no endpoints${hint}`,
      );
      if (related.length) finding.related = related;
      report(finding);
    }
  },
});

function explain(
  service: ServiceModel,
  model: Model,
  workloadsByObjectLabels: LabelIndex<WorkloadModel>,
): { hint: string; related: RelatedLocation[] } {
  const selector = service.selector!;
  const namespace = service.namespace ?? '';
  // Exact matches in the wrong place come first: they name the real cause.
  const byObjectLabels = firstByName(workloadsByObjectLabels.selectMap(namespace, selector));
  if (byObjectLabels) {
    return {
      hint: `; ${kindName(byObjectLabels)} carries them in metadata.labels, but a Service selects pod template labels (spec.template.metadata.labels)`,
      related: [{ object: byObjectLabels, range: byObjectLabels.nameRange, message: kindName(byObjectLabels) }],
    };
  }
  const elsewhere = firstByName(
    model.podIndex
      .namespaces()
      .filter((ns) => ns !== namespace)
      .flatMap((ns) => model.podIndex.selectMap(ns, selector))
      .filter((s): s is WorkloadModel => s.category === 'workload'),
  );
  if (elsewhere) {
    return {
      hint: `; ${kindName(elsewhere)} in namespace ${elsewhere.namespace} has them, but a Service selects pods in its own namespace only`,
      related: [{ object: elsewhere, range: elsewhere.podLabelsRange ?? elsewhere.nameRange, message: kindName(elsewhere) }],
    };
  }
  const nearest = nearestSource(selector, (key) => model.podIndex.withKey(namespace, key));
  if (!nearest) return { hint: '', related: [] };
  const differing = Object.entries(selector).filter(([key, value]) => nearest.podLabels[key] !== value);
  const differences = differing.map(([key, value]) =>
    key in nearest.podLabels ? `${key}=${nearest.podLabels[key]} (not ${value})` : `no ${key} label`,
  );
  // Suggest a fix only when every differing value looks like a typo of the pod's, never another app's labels.
  const typos = differing.every(([key, value]) => key in nearest.podLabels && similar(value, nearest.podLabels[key]!));
  const suggestion = Object.entries(selector)
    .map(([key, value]) => `${key}=${nearest.podLabels[key] ?? value}`)
    .join(',');
  return {
    hint: `; nearest is ${kindName(nearest)}, whose pods have ${listing(differences)}${typos ? `; did you mean ${suggestion}?` : ''}`,
    related: [
      {
        object: nearest,
        range: nearest.category === 'workload' ? (nearest.podLabelsRange ?? nearest.nameRange) : nearest.nameRange,
        message: `pod labels of ${kindName(nearest)}`,
      },
    ],
  };
}

/**
 * The first by namespace, kind and name (not in apply order, so that the message, and a baseline entry matching it,
 * does not change when files are reordered); the first in apply order among equals.
 */
function firstByName<T extends PodSource>(sources: readonly T[]): T | undefined {
  const key = (s: PodSource) => `${s.namespace ?? ''}\u0000${s.kind}/${s.name}`;
  let first: T | undefined;
  for (const source of sources) if (!first || key(source) < key(first)) first = source;
  return first;
}

/**
 * The pod source that shares most with the selector: two points per matching label, one per label whose value
 * looks like a typo of the selector's; sources that share nothing are no hint. Ties go to the first by kind and name,
 * not by apply order, so that the message (and a baseline entry matching it) does not change when files are reordered.
 */
function nearestSource(selector: Labels, withKey: (key: string) => readonly PodSource[]): PodSource | null {
  const candidates = new Set<PodSource>();
  for (const key in selector) {
    for (const source of withKey(key)) {
      if (candidates.size >= MAX_CANDIDATES) break;
      candidates.add(source);
    }
  }
  let best: PodSource | null = null;
  let bestScore = 0;
  // One pass, no sort: a namespace can hold a thousand candidates, and only ties need their names compared.
  for (const source of candidates) {
    let score = 0;
    for (const key in selector) {
      const value = source.podLabels[key];
      if (value === selector[key]) score += 2;
      else if (value !== undefined && similar(value, selector[key]!)) score += 1;
    }
    if (score > bestScore || (score === bestScore && best !== null && comesFirst(source, best))) {
      best = source;
      bestScore = score;
    }
  }
  return best;
}

/** Order among equally near sources: by kind and name, then apply order. */
function comesFirst(a: PodSource, b: PodSource): boolean {
  return (compareText(`${a.kind}/${a.name}`, `${b.kind}/${b.name}`) || a.order - b.order) < 0;
}

/** Whether two label values are a likely typo of each other (edit distance at most a third of the length, min 1). */
function similar(a: string, b: string): boolean {
  const limit = Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
  return Math.abs(a.length - b.length) <= limit && withinEditDistance(a, b, limit);
}

/** Levenshtein distance <= limit, giving up as soon as a whole row exceeds it. */
function withinEditDistance(a: string, b: string, limit: number): boolean {
  let previous = new Uint16Array(b.length + 1).map((_, j) => j);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j]! < rowMin) rowMin = current[j]!;
    }
    if (rowMin > limit) return false;
    [previous, current] = [current, previous];
  }
  return previous[b.length]! <= limit;
}
