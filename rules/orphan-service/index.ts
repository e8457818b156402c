import { defineRule, at, type RelatedLocation } from '../../src/rule.js';
import { kindName, listing, qualifiedName } from '../../src/model/describe.js';
import { formatMapSelector, matchesMapSelector } from '../../src/model/selector.js';
import { hasManagedEndpoints } from '../../src/analysis/endpoints.js';
import type { Model } from '../../src/model/build.js';
import type { PodSource } from '../../src/model/pod-index.js';
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

The message names the nearest workload in the namespace and which label differs. Services without a selector
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
          title: 'One label value differs from the pod template',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api-server
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
  template:
    metadata:
      labels:
        app: api
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
    for (const endpoints of analysis.endpoints) {
      const service = endpoints.service;
      if (!hasManagedEndpoints(service) || endpoints.workloads.length > 0 || endpoints.operatorResources.length > 0) continue;
      const { hint, related } = explain(service, model);
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

function explain(service: ServiceModel, model: Model): { hint: string; related: RelatedLocation[] } {
  const selector = service.selector!;
  const namespace = service.namespace ?? '';
  const nearest = nearestSource(selector, (key) => model.podIndex.withKey(namespace, key));
  if (nearest) {
    const differences = Object.entries(selector)
      .filter(([key, value]) => nearest.podLabels[key] !== value)
      .map(([key, value]) => (key in nearest.podLabels ? `${key}=${nearest.podLabels[key]} (not ${value})` : `no ${key} label`));
    const suggestion = Object.entries(selector)
      .map(([key, value]) => (key in nearest.podLabels ? `${key}=${nearest.podLabels[key]}` : `${key}=${value}`))
      .join(',');
    const fix = differences.every((d) => !d.startsWith('no ')) ? `; did you mean ${suggestion}?` : '';
    return {
      hint: `; nearest is ${kindName(nearest)}, whose pods have ${listing(differences)}${fix}`,
      related: [{ object: nearest, range: nearest.category === 'workload' ? (nearest.podLabelsRange ?? nearest.nameRange) : nearest.nameRange, message: `pod labels of ${kindName(nearest)}` }],
    };
  }
  const byObjectLabels = model.podIndex
    .inNamespace(namespace)
    .find((w): w is WorkloadModel => w.category === 'workload' && w.kind !== 'Pod' && matchesMapSelector(selector, w.labels));
  if (byObjectLabels) {
    return {
      hint: `; ${kindName(byObjectLabels)} carries them in metadata.labels, but a Service selects pod template labels (spec.template.metadata.labels)`,
      related: [{ object: byObjectLabels, range: byObjectLabels.nameRange, message: kindName(byObjectLabels) }],
    };
  }
  const elsewhere = model.podIndex
    .namespaces()
    .filter((ns) => ns !== namespace)
    .flatMap((ns) => model.podIndex.selectMap(ns, selector))
    .find((s): s is WorkloadModel => s.category === 'workload');
  if (elsewhere) {
    return {
      hint: `; ${kindName(elsewhere)} in namespace ${elsewhere.namespace} has them, but a Service selects pods in its own namespace only`,
      related: [{ object: elsewhere, range: elsewhere.podLabelsRange ?? elsewhere.nameRange, message: kindName(elsewhere) }],
    };
  }
  return { hint: '', related: [] };
}

/**
 * The pod source that satisfies most of the selector: two points per matching label, one per label key it has
 * with another value; ties go to the most similar values, then to apply order.
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
  let bestSimilarity = -1;
  const ordered = [...candidates].sort((a, b) => a.order - b.order);
  for (const source of ordered) {
    let score = 0;
    let similarity = 0;
    for (const key in selector) {
      const value = source.podLabels[key];
      if (value === undefined) continue;
      if (value === selector[key]) score += 2;
      else {
        score += 1;
        similarity += commonPrefix(value, selector[key]!);
      }
    }
    if (score > bestScore || (score === bestScore && similarity > bestSimilarity)) {
      best = source;
      bestScore = score;
      bestSimilarity = similarity;
    }
  }
  return best;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
