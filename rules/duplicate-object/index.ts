import { defineRule, type RelatedLocation } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { sourceFileOf } from '../../src/model/build.js';
import { positionAt } from '../../src/position/positions.js';
import { rangeStart } from '../../src/position/range.js';
import type { ManifestObject } from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'duplicate-object',
    severity: 'warning',
    description: 'An object defined twice in one deployable set: only the later definition takes effect.',
    rationale: `An object is identified by its API group, kind, namespace and name. \`kubectl apply\` applies the
documents of a set in order, so a second definition of the same object overwrites the first (client-side apply
merges them into one object; server-side apply reports a conflict between field managers), and kustomize refuses
the build outright ("may not add resource with an already registered id"). Either way the first definition never
runs as written: a copy-pasted document whose name was not changed, or two alternatives of one object in one set.

svclint analyses each deployable set on its own: alternatives side by side (three all-in-one files in one folder,
overlays, samples in sibling folders) are separate sets, so this rule fires only where one set defines an object
twice (\`svclint sets\` shows how the input was grouped). A \`Namespace\` declared in several files of one set is
harmless and not reported.`,
    examples: {
      valid: [
        {
          title: 'Two Deployments with different names',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
spec:
  selector: { matchLabels: { app: web, track: canary } }
  template:
    metadata: { labels: { app: web, track: canary } }
    spec:
      containers: [{ name: web, image: nginx }]
`,
        },
      ],
      invalid: [
        {
          title: 'A copied ConfigMap whose name was not changed',
          yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: safe
`,
        },
      ],
    },
  },
  check({ model, report }) {
    const first = new Map<string, ManifestObject>();
    for (const object of model.objects) {
      if (object.kind === 'Namespace' || object.name === '') continue;
      const key = `${object.apiVersion.split('/').slice(0, -1).join('/')}|${object.kind}|${object.namespace ?? ''}|${object.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        continue;
      }
      const file = sourceFileOf(model, earlier.fileId);
      const related: RelatedLocation[] = [
        { object: earlier, range: earlier.nameRange, message: `first definition of ${object.kind}/${object.name}` },
      ];
      report({
        object,
        fileId: object.fileId,
        range: object.nameRange,
        path: 'metadata.name',
        message: `${object.kind} ${qualifiedName(object)} is defined again here (first at ${file.path}:${positionAt(file, rangeStart(earlier.nameRange)).line}); applied in order, this definition overwrites the first, so the first never takes effect as written`,
        related,
      });
    }
  },
});
