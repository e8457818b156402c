// Workloads: where each kind keeps its pod template, selector and pod count, and the containers' ports.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { NodeReader, nonEmpty, stringOf } from './nodes.js';
import { TEMPLATE_WORKLOAD_KINDS, isBuiltinGroup } from './kinds.js';
import type {
  ObjectBase,
  ConfigReference,
  ConfigVolumeSource,
  ContainerModel,
  ContainerPortModel,
  EnvFromModel,
  EnvVarModel,
  KeyReference,
  Located,
  ProbeKind,
  ProbeModel,
  Protocol,
  ResourceNames,
  VolumeModel,
  WorkloadModel,
} from './types.js';
import { rangeOf, type Range } from '../position/range.js';
import { textValue } from './text.js';
import { controllerLabelsOf, leaderWorkerSetLabels } from './controller-labels.js';

export function extractWorkload(
  base: ObjectBase,
  map: YAMLMap,
  spec: YAMLMap | null,
  r: NodeReader,
): WorkloadModel | null {
  const { kind, apiVersion } = base;
  if (kind === 'LeaderWorkerSet' && apiVersion.startsWith('leaderworkerset.x-k8s.io/'))
    return extractLeaderWorkerSet(base, spec, r);
  let templateMeta: YAMLMap | null;
  let podSpec: YAMLMap | null;
  let podSpecPath: string;
  let selectorHolder: YAMLMap | null = spec;
  let replicas: WorkloadModel['replicas'] = 1;
  let podLabelsRange: Range | null;
  let jobSpec: YAMLMap | null = null;
  let replicasRange: Range | null = null;

  if (kind === 'Pod' && apiVersion === 'v1') {
    const metadata = r.map(map, 'metadata');
    templateMeta = metadata;
    podSpec = spec;
    podSpecPath = 'spec';
    selectorHolder = null;
    podLabelsRange = r.keyRange(metadata, 'labels');
  } else {
    let template: YAMLMap | null;
    if (kind === 'CronJob' && isBuiltinGroup(apiVersion)) {
      jobSpec = r.map(r.map(spec, 'jobTemplate'), 'spec');
      template = r.map(jobSpec, 'template');
      podSpecPath = 'spec.jobTemplate.spec.template.spec';
      selectorHolder = jobSpec;
      replicas = countOf(r.scalar(jobSpec, 'parallelism'));
    } else {
      template = r.map(spec, 'template');
      podSpecPath = 'spec.template.spec';
      const builtin = TEMPLATE_WORKLOAD_KINDS.has(kind) && isBuiltinGroup(apiVersion);
      // Any other kind with a pod template (Argo Rollout, OpenKruise CloneSet) is a workload too.
      if (!builtin && (!r.seq(r.map(template, 'spec'), 'containers') || !r.map(template, 'metadata'))) return null;
      if (kind === 'DaemonSet') replicas = 'per-node';
      else if (kind === 'Job') {
        jobSpec = spec;
        replicas = countOf(r.scalar(spec, 'parallelism'));
      } else replicas = countOf(r.scalar(spec, 'replicas'));
    }
    // Jobs, CronJobs and DaemonSets have no spec.replicas (and no scale subresource).
    if (!jobSpec && kind !== 'DaemonSet') replicasRange = r.keyRange(spec, 'replicas');
    if (!template) return null;
    templateMeta = r.map(template, 'metadata');
    podSpec = r.map(template, 'spec');
    podLabelsRange =
      r.keyRange(templateMeta, 'labels') ?? r.keyRange(template, 'metadata') ?? r.keyRange(spec, 'template');
  }

  const podLabels = r.stringMap(r.map(templateMeta, 'labels'));
  const { selector, selectorRange } = readSelector(kind, selectorHolder, podLabels, r);
  const ordinalsStart = kind === 'StatefulSet' ? countOf(r.scalar(r.map(spec, 'ordinals'), 'start'), 0) : 0;
  const labels = controllerLabelsOf({
    kind,
    apiVersion,
    name: base.name,
    podLabels,
    replicas,
    ordinalsStart,
    manualSelector: r.scalar(jobSpec, 'manualSelector') === true,
    indexed: r.string(jobSpec, 'completionMode') === 'Indexed',
  });
  return {
    ...base,
    category: 'workload',
    podLabels,
    podLabelsRange,
    selector,
    selectorRange,
    replicas,
    ...(replicasRange && { replicasRange }),
    ...podTemplateFields(podSpec, podSpecPath, r),
    ordinalsStart,
    serviceName: kind === 'StatefulSet' ? locatedString(spec, 'serviceName', r) : null,
    ...labels,
  };
}

function podTemplateFields(podSpec: YAMLMap | null, podSpecPath: string, r: NodeReader) {
  const podResources = resourceNames(r.map(podSpec, 'resources'), r);
  const name = locatedString(podSpec, 'serviceAccountName', r);
  const deprecated = locatedString(podSpec, 'serviceAccount', r);
  const volumes = readVolumes(podSpec, podSpecPath, r);
  return {
    containers: readContainers(podSpec, podSpecPath, r),
    ...(podResources && { podResources }),
    podSpecPath,
    hostNetwork: r.scalar(podSpec, 'hostNetwork') === true,
    enableServiceLinks: locatedBoolean(podSpec, 'enableServiceLinks', r),
    dnsPolicy: r.string(podSpec, 'dnsPolicy'),
    ...((name || deprecated) && { serviceAccount: { name, deprecated } }),
    ...(volumes.length > 0 && { volumes }),
  };
}

/** The reference fields of a ConfigMap or Secret reference mapping (name, optional). */
function configReference(
  kind: ConfigReference['kind'],
  holder: YAMLMap,
  holderRange: Range,
  path: string,
  r: NodeReader,
  nameKey = 'name',
): ConfigReference {
  return {
    kind,
    name: r.string(holder, nameKey),
    nameRange: r.keyRange(holder, nameKey) ?? holderRange,
    optional: r.scalar(holder, 'optional') === true,
    path,
  };
}

/** Volumes of kind configMap (name), secret (secretName) and projected (sources[].configMap / .secret), with items[].key. */
function readVolumes(podSpec: YAMLMap | null, podSpecPath: string, r: NodeReader): VolumeModel[] {
  const volumes: VolumeModel[] = [];
  const source = (
    kind: ConfigReference['kind'],
    holder: YAMLMap,
    holderRange: Range,
    path: string,
    nameKey = 'name',
  ): ConfigVolumeSource => {
    const reference = configReference(kind, holder, holderRange, path, r, nameKey);
    const items: ConfigVolumeSource['items'] = [];
    r.items(r.seq(holder, 'items')).forEach((item, i) => {
      const key = isMap(item) ? r.string(item, 'key') : null;
      const range = isMap(item) ? r.keyRange(item, 'key') : null;
      if (key !== null && range) items.push({ key, range, path: `${path}.items[${i}].key` });
    });
    return { ...reference, items };
  };
  r.items(r.seq(podSpec, 'volumes')).forEach((node, index) => {
    if (!isMap(node)) return;
    const path = `${podSpecPath}.volumes[${index}]`;
    const sources: ConfigVolumeSource[] = [];
    const configMap = r.map(node, 'configMap');
    const secret = r.map(node, 'secret');
    if (configMap) sources.push(source('ConfigMap', configMap, r.keyRange(node, 'configMap')!, `${path}.configMap`));
    // A secret volume names its Secret in secretName (a projected one in name).
    if (secret) sources.push(source('Secret', secret, r.keyRange(node, 'secret')!, `${path}.secret`, 'secretName'));
    r.items(r.seq(r.map(node, 'projected'), 'sources')).forEach((projection, i) => {
      if (!isMap(projection)) return;
      const at = `${path}.projected.sources[${i}]`;
      const projectedConfigMap = r.map(projection, 'configMap');
      const projectedSecret = r.map(projection, 'secret');
      if (projectedConfigMap)
        sources.push(source('ConfigMap', projectedConfigMap, r.keyRange(projection, 'configMap')!, `${at}.configMap`));
      if (projectedSecret)
        sources.push(source('Secret', projectedSecret, r.keyRange(projection, 'secret')!, `${at}.secret`));
    });
    if (sources.length > 0) volumes.push({ index, name: stringOf(r.scalar(node, 'name')), sources });
  });
  return volumes;
}

/**
 * A LeaderWorkerSet makes spec.replicas groups of spec.leaderWorkerTemplate.size pods: the leader (worker-index 0) from
 * leaderTemplate when set, else from workerTemplate, and the workers from workerTemplate. The workload is its workers
 * (all its pods without a leaderTemplate); the leaders are a second workload in `leaderPods`.
 */
function extractLeaderWorkerSet(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): WorkloadModel | null {
  const holder = r.map(spec, 'leaderWorkerTemplate');
  const workerTemplate = r.map(holder, 'workerTemplate');
  if (!workerTemplate) return null;
  const leaderTemplate = r.map(holder, 'leaderTemplate');
  const groups = countOf(r.scalar(spec, 'replicas'));
  const size = countOf(r.scalar(holder, 'size'));
  const podsOf = (
    template: YAMLMap,
    path: string,
    part: 'leaders' | 'workers' | 'all',
    replicas: number,
  ): WorkloadModel => {
    const templateMeta = r.map(template, 'metadata');
    return {
      ...base,
      category: 'workload',
      podLabels: r.stringMap(r.map(templateMeta, 'labels')),
      podLabelsRange:
        r.keyRange(templateMeta, 'labels') ??
        r.keyRange(template, 'metadata') ??
        r.keyRange(holder, path.slice(path.lastIndexOf('.') + 1)),
      selector: null,
      selectorRange: null,
      replicas,
      ...podTemplateFields(r.map(template, 'spec'), `${path}.spec`, r),
      ordinalsStart: 0,
      serviceName: null,
      ...leaderWorkerSetLabels(base.name, groups, size, part),
    };
  };
  const path = 'spec.leaderWorkerTemplate';
  if (!leaderTemplate) return podsOf(workerTemplate, `${path}.workerTemplate`, 'all', groups * size);
  const workers = podsOf(workerTemplate, `${path}.workerTemplate`, 'workers', groups * Math.max(size - 1, 0));
  workers.leaderPods = podsOf(leaderTemplate, `${path}.leaderTemplate`, 'leaders', groups);
  return workers;
}

function locatedBoolean(map: YAMLMap | null, key: string, r: NodeReader): Located<boolean> | null {
  const value = r.scalar(map, key);
  const range = r.keyRange(map, key);
  return typeof value === 'boolean' && range ? { value, range } : null;
}

function locatedString(map: YAMLMap | null, key: string, r: NodeReader): Located<string> | null {
  const value = r.string(map, key);
  const range = r.keyRange(map, key);
  return value !== null && range ? { value, range } : null;
}

function readSelector(
  kind: string,
  holder: YAMLMap | null,
  podLabels: Record<string, string>,
  r: NodeReader,
): { selector: LabelSelector | null; selectorRange: Range | null } {
  if (!holder) return { selector: null, selectorRange: null };
  const node = r.value(holder, 'selector');
  const selectorRange = r.keyRange(holder, 'selector');
  if (kind === 'ReplicationController' || kind === 'DeploymentConfig') {
    // A map selector; when empty the API server defaults it to the template labels (SetDefaults_DeploymentConfigSpec too).
    const labels = r.stringMap(isMap(node) ? node : null);
    return { selector: { matchLabels: Object.keys(labels).length ? labels : { ...podLabels } }, selectorRange };
  }
  if (kind === 'Job' || kind === 'CronJob') {
    // Without manualSelector the Job controller generates the selector from a unique label.
    if (r.scalar(holder, 'manualSelector') !== true) return { selector: null, selectorRange: null };
  }
  if (!isMap(node)) return { selector: null, selectorRange };
  return { selector: labelSelector(node, r), selectorRange };
}

/** A metav1.LabelSelector as written (matchLabels and matchExpressions). */
export function labelSelector(node: YAMLMap, r: NodeReader): LabelSelector {
  const selector: LabelSelector = {};
  const matchLabels = r.map(node, 'matchLabels');
  if (matchLabels) selector.matchLabels = r.stringMap(matchLabels);
  const expressions = r.seq(node, 'matchExpressions');
  if (expressions) {
    selector.matchExpressions = r
      .items(expressions)
      .filter(isMap)
      .map((e) => {
        const values = r.items(r.seq(e, 'values'));
        return {
          key: stringOf(r.scalar(e, 'key')),
          operator: stringOf(r.scalar(e, 'operator')),
          values: values.map((v) => (isScalar(v) && v.value !== null ? String(v.value) : '')),
        };
      });
  }
  return selector;
}

function readContainers(podSpec: YAMLMap | null, podSpecPath: string, r: NodeReader): ContainerModel[] {
  const containers: ContainerModel[] = [];
  r.items(r.seq(podSpec, 'containers')).forEach((node, i) => {
    if (isMap(node)) containers.push(readContainer(node, 'container', `${podSpecPath}.containers[${i}]`, r));
  });
  r.items(r.seq(podSpec, 'initContainers')).forEach((node, i) => {
    if (!isMap(node)) return;
    // Sidecars (restartPolicy: Always) keep running and serve ports; other init containers have exited.
    const role = r.string(node, 'restartPolicy') === 'Always' ? 'sidecar' : 'init';
    containers.push(readContainer(node, role, `${podSpecPath}.initContainers[${i}]`, r));
  });
  return containers;
}

function readContainer(node: YAMLMap, role: ContainerModel['role'], path: string, r: NodeReader): ContainerModel {
  const ports: ContainerPortModel[] = [];
  r.items(r.seq(node, 'ports')).forEach((p, index) => {
    if (!isMap(p)) return;
    ports.push({
      index,
      name: nonEmpty(r.string(p, 'name')),
      containerPort: r.intOrString(p, 'containerPort'),
      protocol: (r.string(p, 'protocol') ?? 'TCP') as Protocol,
      hostPort: r.intOrString(p, 'hostPort'),
      hostIP: r.string(p, 'hostIP'),
      range: rangeOf(p)!,
      nameRange: r.keyRange(p, 'name'),
      containerPortRange: r.keyRange(p, 'containerPort'),
      protocolRange: r.keyRange(p, 'protocol'),
      hostPortRange: r.keyRange(p, 'hostPort'),
    });
  });
  const probes = readProbes(node, r);
  const resources = resourceNames(r.map(node, 'resources'), r);
  return {
    name: stringOf(r.scalar(node, 'name')),
    role,
    ports,
    env: readEnv(node, path, r),
    envFrom: readEnvFrom(node, r),
    command: r.items(r.seq(node, 'command')).flatMap((n) => textValue(n, r.source) ?? []),
    args: r.items(r.seq(node, 'args')).flatMap((n) => textValue(n, r.source) ?? []),
    ...(probes.length > 0 && { probes }),
    ...(resources && { resources }),
    range: rangeOf(node)!,
    path,
  };
}

/** The resources named in requests and limits (a ResourceRequirements), or null when it names none. */
function resourceNames(resources: YAMLMap | null, r: NodeReader): ResourceNames | null {
  const names = (key: string) => Object.keys(r.stringMap(r.map(resources, key)));
  const requests = names('requests');
  const limits = names('limits');
  return requests.length > 0 || limits.length > 0 ? { requests, limits } : null;
}

const PROBE_KINDS: readonly ProbeKind[] = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc', 'exec'] as const;

function readProbes(container: YAMLMap, r: NodeReader): ProbeModel[] {
  const probes: ProbeModel[] = [];
  for (const kind of PROBE_KINDS) {
    const probe = r.map(container, kind);
    const range = r.keyRange(container, kind);
    if (!probe || !range) continue;
    const handler = PROBE_HANDLERS.find((h) => r.map(probe, h) !== null) ?? null;
    // exec has no port; the others keep theirs under the handler.
    const holder = handler && handler !== 'exec' ? r.map(probe, handler) : null;
    probes.push({
      kind,
      handler,
      port: r.intOrString(holder, 'port'),
      host: nonEmpty(r.string(holder, 'host')),
      range,
      portRange: r.keyRange(holder, 'port'),
    });
  }
  return probes;
}

function readEnv(container: YAMLMap, path: string, r: NodeReader): EnvVarModel[] {
  const env: EnvVarModel[] = [];
  r.items(r.seq(container, 'env')).forEach((node, index) => {
    if (!isMap(node)) return;
    const keyRef = readKeyRef(r.map(node, 'valueFrom'), `${path}.env[${index}].valueFrom`, r);
    env.push({
      index,
      name: stringOf(r.scalar(node, 'name')),
      nameRange: r.keyRange(node, 'name'),
      value: textValue(r.value(node, 'value'), r.source),
      valueFrom: r.value(node, 'valueFrom') !== null,
      ...(keyRef && { keyRef }),
      range: rangeOf(node)!,
    });
  });
  return env;
}

function readKeyRef(valueFrom: YAMLMap | null, path: string, r: NodeReader): KeyReference | null {
  for (const [field, kind] of [
    ['configMapKeyRef', 'ConfigMap'],
    ['secretKeyRef', 'Secret'],
  ] as const) {
    const holder = r.map(valueFrom, field);
    if (!holder) continue;
    const reference = configReference(kind, holder, r.keyRange(valueFrom, field)!, `${path}.${field}`, r);
    return { ...reference, key: r.string(holder, 'key'), keyRange: r.keyRange(holder, 'key') };
  }
  return null;
}

function readEnvFrom(container: YAMLMap, r: NodeReader): EnvFromModel[] {
  const envFrom: EnvFromModel[] = [];
  r.items(r.seq(container, 'envFrom')).forEach((node, index) => {
    if (!isMap(node)) return;
    const configMap = r.map(node, 'configMapRef');
    const secret = r.map(node, 'secretRef');
    const ref = configMap ?? secret;
    const nameRange = ref
      ? (r.keyRange(ref, 'name') ?? r.keyRange(node, configMap ? 'configMapRef' : 'secretRef'))
      : null;
    envFrom.push({
      index,
      source: configMap ? 'configMap' : secret ? 'secret' : 'unknown',
      name: r.string(ref, 'name'),
      prefix: r.string(node, 'prefix') ?? '',
      optional: r.scalar(ref, 'optional') === true,
      range: rangeOf(node)!,
      ...(nameRange && { nameRange }),
    });
  });
  return envFrom;
}

/** replicas/parallelism: unset means 1; a non-number (a template leftover) is treated as unset. */
function countOf(value: unknown, unset = 1): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : unset;
}
