import { defineRule, at, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { apiStatus, release, servedReplacement, type DeprecatedApi } from '../../src/model/api-versions.js';
import { formatKubernetesVersion, type KubernetesVersion } from '../../src/settings.js';
import type { ManifestObject } from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'api-version',
    severity: 'error',
    description:
      'An apiVersion the cluster (kubernetesVersion) no longer serves (error), one it serves but has deprecated with a planned removal (warning), and v1 Endpoints (note).',
    rationale: `The API server serves each version of an API for a number of releases and then stops serving it. An
object in a version it no longer serves is rejected outright: \`kubectl apply\` fails with "no matches for kind
"Deployment" in version "extensions/v1beta1"" (\`resource mapping not found\`), so the object never exists and a
workload in it makes no pods (a Service that only selects them has no endpoints: see orphan-service). The
[Deprecated API Migration Guide](https://kubernetes.io/docs/reference/using-api/deprecation-guide/) lists the
removals by release, for example: "The **extensions/v1beta1**, **apps/v1beta1** and **apps/v1beta2** API versions
of Deployment are no longer served as of v1.16. Migrate manifests and API clients to use the **apps/v1** API
version, available since v1.9"; "The **batch/v1beta1** API version of CronJob is no longer served as of v1.25";
"The **autoscaling/v2beta2** API version of HorizontalPodAutoscaler is no longer served as of v1.26"; the
**flowcontrol.apiserver.k8s.io/v1beta3** FlowSchema and PriorityLevelConfiguration are no longer served as of
v1.32. Every row of the guide from v1.16 to v1.32 is one row of svclint's table (src/model/api-versions.ts),
with the release that deprecated it (the API server's \`APILifecycleDeprecated\`, which makes it answer with a
\`Warning:\` header) and the replacement the target version serves.

The target is the \`kubernetesVersion\` setting (\`--kubernetes-version 1.30\`); the default is the newest
release the table knows, **1.34**. An object in a version that the target no longer serves is an **error**
naming the release that removed it and the replacement; one that the target still serves but has deprecated,
with a removal planned, is a **warning** naming that release. v1 Endpoints is deprecated since 1.33 with no
removal planned ("v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"): a **note**.
Only built-in API groups are judged; custom resources are whatever their CRDs serve.`,
    examples: {
      valid: [
        {
          title: 'apps/v1, served since 1.9',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
        },
      ],
      invalid: [
        {
          title: 'A Deployment in extensions/v1beta1, not served since 1.16',
          yaml: `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
        },
      ],
    },
  },
  check({ model, settings, report }) {
    const version = settings.kubernetesVersion;
    for (const object of model.objects) {
      const status = apiStatus(object.apiVersion, object.kind, version);
      if (status.status === 'served' || !object.apiVersionRange) continue;
      report(
        status.status === 'removed'
          ? removedFinding(object, status.api, version)
          : deprecatedFinding(object, status.api, version),
      );
    }
  },
});

function removedFinding(object: ManifestObject, api: DeprecatedApi, version: KubernetesVersion): Report {
  const message =
    `${object.kind} ${qualifiedName(object)} uses ${api.apiVersion}, which Kubernetes ${formatKubernetesVersion(version)} does not serve ` +
    `(removed in ${release(api.removedIn!)}): the API server rejects it ("no matches for kind "${api.kind}" in version "${api.apiVersion}""); ${instead(api, version)}`;
  return at(object, object.apiVersionRange!, 'apiVersion', message);
}

function deprecatedFinding(object: ManifestObject, api: DeprecatedApi, version: KubernetesVersion): Report {
  const removal =
    api.removedIn === null ? 'no removal is planned yet' : `Kubernetes ${release(api.removedIn)} no longer serves it`;
  const message = `${object.kind} ${qualifiedName(object)} uses ${api.apiVersion} ${api.kind}, deprecated since ${release(api.deprecatedIn)}: ${removal}; ${instead(api, version)}`;
  const finding = at(object, object.apiVersionRange!, 'apiVersion', message);
  finding.severity = api.removedIn === null ? 'note' : 'warning';
  return finding;
}

/** "use apps/v1 (served since 1.9)", or the advice when the API is gone without a successor. */
function instead(api: DeprecatedApi, version: KubernetesVersion): string {
  const replacement = servedReplacement(api, version);
  if (replacement)
    return `use ${replacement.apiVersion}${replacement.kind ? ` ${replacement.kind}` : ''} (served since ${release(replacement.since)})`;
  return api.advice ?? 'it has no replacement API';
}
