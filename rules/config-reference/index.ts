import { defineRule, hasSchemaProblem, type RelatedLocation, type Report } from '../../src/rule.js';
import { kindName } from '../../src/model/describe.js';
import { listing } from '../../src/strings.js';
import { nearestName } from '../../src/model/service-accounts.js';
import type { ConfigObjectEntry, ConfigObjects } from '../../src/analysis/config-objects.js';
import type { ConfigReference, ContainerModel, WorkloadModel } from '../../src/model/types.js';
import type { Range } from '../../src/position/range.js';

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: info
  app.yaml: |
    listen: :8080
---
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: example/app:1.0
`;

/** Keys a message lists before it says "and N more". */
const LISTED_KEYS = 10;

export default defineRule({
  meta: {
    id: 'config-reference',
    severity: 'warning',
    description:
      'An env, envFrom or volume reference to a ConfigMap or Secret key that the object in the input does not have, or to a name that is not in the namespace while a near name is (or it is only in another namespace).',
    rationale: `The kubelet resolves a container's ConfigMap and Secret references when it starts the container
(\`makeEnvironmentVariables\` in pkg/kubelet/kubelet_pods.go) and when it mounts the pod's volumes (the configmap,
secret and projected volume plugins). A reference that cannot be resolved is not an API error: the pod is accepted
and then never runs.

- **env \`valueFrom.configMapKeyRef\` / \`secretKeyRef\`** reads one key: a ConfigMap's \`data\` only (not
  \`binaryData\`), a Secret's \`data\` (into which the API server merges \`stringData\`). A missing key fails the
  container with **CreateContainerConfigError** unless the reference is \`optional: true\`:

\`\`\`go
runtimeVal, ok = configMap.Data[key]
if !ok {
	if optional {
		continue
	}
	return result, fmt.Errorf("couldn't find key %v in ConfigMap %v/%v", key, pod.Namespace, name)
}
\`\`\`

- **Volumes** (\`configMap\`, \`secret\`, and the \`configMap\` and \`secret\` sources of a \`projected\` volume) with
  \`items\` project only the keys listed; each must be in \`data\` (then \`binaryData\`, for a ConfigMap). A missing key
  fails the mount ("configmap references non-existent config key", "references non-existent secret key") unless the
  source is \`optional: true\`, and the pod stays in **ContainerCreating**.
- **Names**: an object that does not exist fails the same way (\`configmap "x" not found\`), but svclint cannot know
  the objects other tools create (External Secrets, sealed secrets, operators, cert-manager), so a name absent from
  the input is a finding only when the namespace has a **near name** ("did you mean app-config?", a likely typo) or
  the name exists **only in another namespace** (a pod can only use ConfigMaps and Secrets of its own namespace).

Only ConfigMaps and Secrets in the input are judged. An object with no keys at all is a shell that something else
fills in (Argo CD's \`argocd-secret\`), and a \`kubernetes.io/service-account-token\` Secret is filled in by the
token controller: their keys are not judged. The names an unrendered kustomization's \`configMapGenerator\` and
\`secretGenerator\` make count as defined (rendered builds contain the generated objects, with their hashed names).`,
    examples: {
      valid: [
        {
          title:
            'A key of the ConfigMap, a projected key, and an optional reference to a Secret that is not in the input',
          yaml: `${CONFIG_MAP}${POD}      env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: LOG_LEVEL
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: api-token
              key: token
              optional: true
  volumes:
    - name: config
      configMap:
        name: app-config
        items:
          - key: app.yaml
            path: app.yaml
`,
        },
      ],
      invalid: [
        {
          title: 'The env var reads a key the ConfigMap does not have (it is LOG_LEVEL)',
          yaml: `${CONFIG_MAP}${POD}      env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: LOGLEVEL
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const objects = analysis.configObjects;
    for (const workload of model.workloads) {
      const namespace = workload.namespace ?? '';
      const check = (reference: ConfigReference, subject: string) =>
        checkName(workload, namespace, reference, subject, objects, report);
      for (const container of workload.containers) {
        for (const env of container.env) {
          const ref = env.keyRef;
          if (!ref) continue;
          const subject = `env ${env.name} of ${describeContainer(workload, container)}`;
          const entry = check(ref, subject);
          if (
            !entry ||
            ref.optional ||
            ref.key === null ||
            !ref.keyRange ||
            entry.envKeys === null ||
            entry.envKeys.has(ref.key)
          )
            continue;
          if (hasSchemaProblem(workload, ref.path)) continue;
          const why = `the kubelet fails the container with CreateContainerConfigError ("couldn't find key ${ref.key} in ${ref.kind} ${namespace}/${ref.name}")`;
          const binary =
            ref.kind === 'ConfigMap' && entry.volumeKeys?.has(ref.key)
              ? ' (it is in binaryData, which env cannot read)'
              : '';
          report(
            missingKey(
              workload,
              entry,
              ref.key,
              ref.keyRange,
              `${ref.path}.key`,
              `${subject} reads`,
              entry.envKeys,
              binary,
              why,
            ),
          );
        }
        for (const source of container.envFrom) {
          if (source.source === 'unknown' || source.name === null || !source.nameRange) continue;
          const kind = source.source === 'configMap' ? 'ConfigMap' : 'Secret';
          const path = `${container.path}.envFrom[${source.index}].${source.source}Ref`;
          check(
            { kind, name: source.name, nameRange: source.nameRange, optional: source.optional, path },
            `envFrom of ${describeContainer(workload, container)}`,
          );
        }
      }
      for (const volume of workload.volumes ?? []) {
        for (const source of volume.sources) {
          const subject = `volume ${volume.name} of ${kindName(workload)}`;
          const entry = check(source, subject);
          if (!entry || source.optional || entry.volumeKeys === null) continue;
          for (const item of source.items) {
            if (entry.volumeKeys.has(item.key) || hasSchemaProblem(workload, item.path)) continue;
            const error =
              source.kind === 'ConfigMap'
                ? `configmap references non-existent config key: ${item.key}`
                : `references non-existent secret key: ${item.key}`;
            const why = `the kubelet cannot mount the volume ("${error}") and the pod stays in ContainerCreating`;
            report(
              missingKey(
                workload,
                entry,
                item.key,
                item.range,
                item.path,
                `${subject} projects`,
                entry.volumeKeys,
                '',
                why,
              ),
            );
          }
        }
      }
    }
  },
});

type ReportFn = (report: Report) => void;

function describeContainer(workload: WorkloadModel, container: ContainerModel): string {
  return `${container.role === 'container' ? 'container' : 'init container'} ${container.name} in ${kindName(workload)}`;
}

/**
 * The object a reference names when the input has it in the namespace (for the key checks); otherwise reports a near
 * name or another namespace, and returns null.
 */
function checkName(
  workload: WorkloadModel,
  namespace: string,
  reference: ConfigReference,
  subject: string,
  objects: ConfigObjects,
  report: ReportFn,
): ConfigObjectEntry | null {
  const { kind, name } = reference;
  if (!name || objects.generated(kind, name)) return null;
  const entry = objects.find(kind, namespace, name);
  if (entry || reference.optional || hasSchemaProblem(workload, reference.path)) return entry;
  const namePath = `${reference.path}.${/\.volumes\[\d+\]\.secret$/.test(reference.path) ? 'secretName' : 'name'}`;
  const outcome = reference.path.includes('.volumes[')
    ? 'the kubelet cannot mount the volume and the pod stays in ContainerCreating'
    : `the kubelet fails the container with CreateContainerConfigError (${kind.toLowerCase()} "${name}" not found)`;
  const near = objects.nearest(kind, namespace, name);
  if (near) {
    const target = objects.find(kind, namespace, near)!.objects[0]!;
    const related: RelatedLocation[] = [
      { object: target, range: target.nameRange, message: `${kind} ${namespace}/${near}` },
    ];
    report({
      object: workload,
      fileId: workload.fileId,
      range: reference.nameRange,
      path: namePath,
      message: `${subject} uses ${kind} "${name}", which is not in namespace ${namespace}, but ${kind} ${near} is: did you mean ${near}? If no ${kind} "${name}" is created elsewhere, ${outcome}`,
      related,
    });
    return null;
  }
  const elsewhere = objects.namespacesOf(kind, name);
  if (elsewhere.length > 0) {
    const target = objects.find(kind, elsewhere[0]!, name)!.objects[0]!;
    report({
      object: workload,
      fileId: workload.fileId,
      range: reference.nameRange,
      path: namePath,
      message: `${subject} uses ${kind} "${name}", which the input defines only in namespace${elsewhere.length > 1 ? 's' : ''} ${listing(elsewhere)}, not in ${namespace}: a pod can only use ${kind}s of its own namespace. If none is created in ${namespace} elsewhere, ${outcome}`,
      related: [{ object: target, range: target.nameRange, message: `${kind} ${elsewhere[0]}/${name}` }],
    });
  }
  return null;
}

function missingKey(
  workload: WorkloadModel,
  entry: ConfigObjectEntry,
  key: string,
  range: Range,
  path: string,
  subject: string,
  keys: ReadonlySet<string>,
  extra: string,
  why: string,
): Report {
  const sorted = [...keys].sort();
  const listed =
    sorted.length === 0
      ? 'it has none'
      : `its keys: ${sorted.slice(0, LISTED_KEYS).join(', ')}${sorted.length > LISTED_KEYS ? ` and ${sorted.length - LISTED_KEYS} more` : ''}`;
  const near = nearestName(key, sorted);
  const suggestion = near ? `. Did you mean ${near}?` : '';
  const object = entry.objects[0]!;
  return {
    object: workload,
    fileId: workload.fileId,
    range,
    path,
    message: `${subject} key "${key}" of ${entry.kind} ${entry.namespace}/${entry.name}, which has no such key (${listed})${extra}; ${why}${suggestion}`,
    related: [{ object, range: object.nameRange, message: `${entry.kind} ${entry.namespace}/${entry.name}` }],
  };
}
