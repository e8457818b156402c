import { defineRule } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { makeRange } from '../../src/position/range.js';

const HELM_RELEASE_GROUP = 'helm.toolkit.fluxcd.io/';

export default defineRule({
  meta: {
    id: 'deployable-set',
    severity: 'note',
    description:
      'Part of a deployable set that svclint could not analyse as Kubernetes will see it: a kustomization not rendered or that fails to build, a Helm chart, a HelmRelease, a GitOps source not in the input.',
    rationale: `A repository is not one cluster: svclint finds the deployable sets in it (kustomizations, Helm charts,
folders that a Flux Kustomization or an Argo CD Application deploys, and plain manifests grouped by folder) and
analyses each on its own. Where a set cannot be analysed as the cluster will receive it, this rule says so once,
instead of staying silent or guessing:

- **A kustomization that was not rendered** (neither \`kustomize\` nor \`kubectl\` on PATH, or \`--render never\`):
  its resource files were linted as written, with its \`namespace:\` applied, but its patches, generators and
  transformers were not (note). Install kubectl (\`kubectl kustomize\`) or kustomize to lint the build.
- **A kustomization that fails to build** (warning): kustomize's message. The renderer found may be older than
  the kustomization (Debian's kubectl 1.20 carries kustomize v2.0.3, which knows no \`components\`); the set is
  then linted as written.
- **A kustomization that needs code to run** (\`helmCharts\`, exec or container KRM functions) or remote
  resources: svclint never passes \`--enable-helm\`, \`--enable-alpha-plugins\` or \`--enable-exec\` (a pull request
  must not be able to run code in the CI that lints it), so it is linted as written (note).
- **A Helm chart** (a folder with a Chart.yaml): its templates are not YAML until rendered, so nothing under it is
  read as a manifest (note); lint \`helm template <release> <chart> | svclint -\`.
- **A Flux HelmRelease**, an Argo CD Application of a chart, or a GitOps source path that is not in the input:
  the objects are made in the cluster from a source svclint does not have (note).`,
    examples: {
      valid: [
        {
          title: 'A Flux Kustomization: the folder it deploys is a set of its own',
          yaml: `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/production
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
        },
      ],
      invalid: [
        {
          title: 'A HelmRelease: its chart is rendered in the cluster',
          yaml: `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 50m
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const notice of model.notices ?? []) {
      report({
        object: null,
        fileId: notice.fileId,
        range: makeRange(notice.start, notice.end),
        path: null,
        message: notice.message,
        severity: notice.severity,
      });
    }
    for (const object of model.objects) {
      if (!object.apiVersion.startsWith(HELM_RELEASE_GROUP) || object.kind !== 'HelmRelease') continue;
      report({
        object,
        fileId: object.fileId,
        range: object.nameRange,
        path: 'metadata.name',
        message: `HelmRelease ${qualifiedName(object)} is rendered in the cluster by Flux's helm-controller, so svclint cannot see the objects it makes; to lint them, render its chart with its values: \`helm template ${object.name} <chart> -f values.yaml | svclint -\``,
      });
    }
  },
});
