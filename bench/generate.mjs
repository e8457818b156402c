// Writes a deterministic synthetic manifest set of exactly N objects for the benchmark, one file at a time.
//
//   node bench/generate.mjs <objects> [outDir] [--shape name] [--seed n] [--force]
//
// The set is a mix of "apps" (Deployment + Service, canary pairs, StatefulSets with a headless and a client
// Service, workers without a Service, ConfigMaps) over a fixed list of namespaces, one subfolder per namespace,
// 50-100 objects per multi-document file. A few apps are broken on purpose, each in exactly one way, so the
// expected findings are known in advance and written to the stamp file next to the folder.
//
// Shapes (SHAPES below) vary what a linear linter must not trip over: one file holding everything (what `helm
// template` or `kustomize build` of a large platform writes), a selector typo in every Service, every object in one
// namespace, thousands of pod templates with identical labels, many Services per workload.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);
export const DEFAULT_SEED = 20240601;
export const DEFAULT_OUT_ROOT = path.join(path.dirname(THIS_FILE), '.out');

// Fixed (not scaled with N) so per-namespace work grows with N, the harder case for the linter.
const NAMESPACES = [
  'shop',
  'payments',
  'search',
  'identity',
  'analytics',
  'platform',
  'messaging',
  'media',
  'ads',
  'logistics',
  'support',
  'default',
];
const MIN_OBJECTS_PER_FILE = 50;
const MAX_OBJECTS_PER_FILE = 100;

/**
 * The bench's input shapes. `namespaces` is how many namespaces the apps spread over; `oneFile` writes one
 * stream; `typoEvery` breaks every n-th app's selector with a typo (on top of the BROKEN periods); `sharedLabels`
 * gives every pod template the same labels except its name and instance; `servicesPerWorkload` adds Services that
 * select the same pods. `stdin` is the one-file set piped to `svclint -`.
 */
export const SHAPES = {
  'many-files': { description: '12 namespaces, one folder each, 50-100 objects per file, few mistakes' },
  'one-file': {
    description: 'one file, 20 namespaces, every tenth Service with a selector typo',
    oneFile: true,
    namespaces: 20,
    typoEvery: 10,
  },
  stdin: { description: 'the one-file set on standard input', sameAs: 'one-file' },
  typos: { description: 'a selector typo in every Service', typoEvery: 1 },
  'one-namespace': {
    description: 'every object in one namespace, every tenth Service with a selector typo',
    namespaces: 1,
    typoEvery: 10,
  },
  'identical-labels': {
    description:
      'every pod template carries the same labels but its name and instance, every tenth Service with a typo',
    namespaces: 4,
    typoEvery: 10,
    sharedLabels: true,
  },
  'many-services': {
    description: 'five Services select each web workload, in one namespace',
    namespaces: 1,
    servicesPerWorkload: 5,
  },
};
export const DEFAULT_SHAPE = 'many-files';

function shapeOf(name) {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`unknown shape "${name}" (one of ${Object.keys(SHAPES).join(', ')})`);
  return shape.sameAs ? { ...SHAPES[shape.sameAs], name: shape.sameAs } : { ...shape, name };
}

function namespacesOf(shape) {
  const count = shape.namespaces ?? NAMESPACES.length;
  if (count <= NAMESPACES.length) return NAMESPACES.slice(0, count);
  return [
    ...NAMESPACES,
    ...Array.from({ length: count - NAMESPACES.length }, (_, i) => `tenant-${String(i + 1).padStart(2, '0')}`),
  ];
}

// Every app whose index hits one of these periods is broken in that one way (deterministic and evenly spread).
const BROKEN = {
  orphanTypo: { period: 97, offset: 11 }, // selector value has a typo: matches nothing
  orphanLegacyKey: { period: 193, offset: 57 }, // selector uses a label key no pod in the namespace has
  namedPortMissing: { period: 89, offset: 23 }, // named targetPort the containers do not declare
  numericUndeclared: { period: 83, offset: 41 }, // numeric targetPort no container declares
  selectorMismatch: { period: 151, offset: 5 }, // Deployment selector does not select its own template
};

/** The finding each kind of breakage must produce: [ruleId, severity]. */
export const EXPECTED_FINDING = {
  orphanTypo: ['orphan-service', 'warning'],
  orphanLegacyKey: ['orphan-service', 'warning'],
  namedPortMissing: ['target-port-mismatch', 'error'],
  numericUndeclared: ['target-port-mismatch', 'warning'],
  selectorMismatch: ['workload-selector', 'error'],
};
/** Findings a flaw also causes: the rejected Deployment makes no pods, so its Service has no endpoints. */
const ALSO_EXPECTED = {
  selectorMismatch: ['orphan-service', 'warning'],
};

const COMPONENTS = [
  'checkout',
  'cart',
  'catalog',
  'pricing',
  'inventory',
  'orders',
  'billing',
  'ledger',
  'auth',
  'profile',
  'session',
  'search',
  'indexer',
  'recommend',
  'feed',
  'notify',
  'mailer',
  'media',
  'thumbs',
  'upload',
  'geo',
  'routing',
  'tracking',
  'report',
  'audit',
  'gateway',
  'config',
  'flags',
  'quota',
  'ratings',
];
const ROLES = ['api', 'web', 'grpc', 'worker', 'admin', 'edge'];
const LOG_LEVELS = ['debug', 'info', 'warn'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];

/** mulberry32: a tiny seeded PRNG, so the same seed always writes the same bytes. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** Identifies the generator's output: a change to this file or to the parameters invalidates generated sets. */
export function generationKey(objects, seed = DEFAULT_SEED, shape = DEFAULT_SHAPE) {
  const generatorHash = createHash('sha256').update(readFileSync(THIS_FILE)).digest('hex').slice(0, 16);
  return { objects, seed, shape: shapeOf(shape).name, generatorHash };
}

export function setPaths(objects, outRoot = DEFAULT_OUT_ROOT, shape = DEFAULT_SHAPE) {
  const name = shapeOf(shape).name;
  const dir = path.join(outRoot, name === DEFAULT_SHAPE ? `synthetic-${objects}` : `${name}-${objects}`);
  // The stamp lives beside the folder, not in it: svclint lints every *.json file in the folder.
  return { dir, stamp: `${dir}.stamp.json` };
}

/** Reads the stamp of a previously generated set when it was made with the same key, else null. */
export function readStamp(objects, seed = DEFAULT_SEED, outRoot = DEFAULT_OUT_ROOT, shape = DEFAULT_SHAPE) {
  const { dir, stamp } = setPaths(objects, outRoot, shape);
  if (!existsSync(stamp) || !existsSync(dir)) return null;
  try {
    const saved = JSON.parse(readFileSync(stamp, 'utf8'));
    const key = generationKey(objects, seed, shape);
    return JSON.stringify(saved.key) === JSON.stringify(key) ? saved : null;
  } catch {
    return null;
  }
}

/** Generates the set unless an identical one exists; returns its stamp (paths, counts, expected findings). */
export function ensureGenerated(
  objects,
  { seed = DEFAULT_SEED, outRoot = DEFAULT_OUT_ROOT, shape = DEFAULT_SHAPE, force = false, log = () => {} } = {},
) {
  const { dir } = setPaths(objects, outRoot, shape);
  const existing = force ? null : readStamp(objects, seed, outRoot, shape);
  if (existing) return { ...existing, dir, reused: true };
  const started = performance.now();
  log(
    `generating ${objects.toLocaleString('en-US')} objects (${shapeOf(shape).name}) into ${path.relative(process.cwd(), dir)} ...`,
  );
  const stamp = generate(objects, seed, outRoot, shapeOf(shape));
  stamp.generationSeconds = (performance.now() - started) / 1000;
  writeFileSync(setPaths(objects, outRoot, shape).stamp, `${JSON.stringify(stamp, null, 2)}\n`);
  return { ...stamp, dir, reused: false };
}

function generate(totalObjects, seed, outRoot, shape) {
  const { dir, stamp } = setPaths(totalObjects, outRoot, shape.name);
  // Remove the stamp first: an interrupted run must not leave a stamp that vouches for a half-written folder.
  rmSync(stamp, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const random = createRandom(seed);
  const namespaces = namespacesOf(shape);
  const writer = shape.oneFile ? new OneFileWriter(dir) : new NamespacedFileWriter(dir, random);
  const kinds = {};
  const broken = Object.fromEntries(Object.keys(BROKEN).map((k) => [k, 0]));
  let written = 0;
  let appIndex = 0;
  while (written < totalObjects) {
    const namespace = namespaces[appIndex % namespaces.length];
    const flaw = flawOf(appIndex, shape);
    const app = makeApp(random, appIndex, namespace, flaw, shape);
    const remaining = totalObjects - written;
    // The last app must not be cut in half (half an app is a broken app): fill the rest with ConfigMaps.
    const documents =
      app.documents.length <= remaining ? app.documents : fillerConfigMaps(random, appIndex, namespace, remaining);
    // A Service's flaw is every one of its Services' (they share the selector and ports); a Deployment's is its own.
    if (documents === app.documents && flaw)
      broken[flaw] += flaw === 'selectorMismatch' ? 1 : (shape.servicesPerWorkload ?? 1);
    for (const { kind, text } of documents) {
      writer.add(namespace, text);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    written += documents.length;
    appIndex++;
  }
  writer.flushAll();
  const expectedFindings = {};
  for (const [flaw, count] of Object.entries(broken)) {
    const [ruleId, severity] = EXPECTED_FINDING[flaw];
    const key = `${ruleId}/${severity}`;
    expectedFindings[key] = (expectedFindings[key] ?? 0) + count;
    if (ALSO_EXPECTED[flaw] && count > 0) {
      // One per Service of the flawed app (the Deployment's finding is one however many Services select it).
      const also = ALSO_EXPECTED[flaw].join('/');
      expectedFindings[also] = (expectedFindings[also] ?? 0) + count * (shape.servicesPerWorkload ?? 1);
    }
  }
  return {
    key: generationKey(totalObjects, seed, shape.name),
    objects: written,
    apps: appIndex,
    files: writer.files,
    bytes: writer.bytes,
    file: writer.file ?? null,
    namespaces: namespaces.length,
    kinds,
    broken,
    expectedFindings,
  };
}

function flawOf(appIndex, shape) {
  for (const [flaw, { period, offset }] of Object.entries(BROKEN)) {
    if (appIndex % period === offset) return flaw;
  }
  if (shape.typoEvery && appIndex % shape.typoEvery === shape.typoEvery - 1) return 'orphanTypo';
  return null;
}

/** Everything in one stream, as `helm template` writes it; the file is written once, at the end. */
class OneFileWriter {
  constructor(dir) {
    this.dir = dir;
    this.parts = [];
    this.files = 0;
    this.bytes = 0;
    this.file = path.join(dir, 'all.yaml');
  }

  add(_namespace, text) {
    this.parts.push(`---\n${text}`);
  }

  flushAll() {
    mkdirSync(this.dir, { recursive: true });
    const text = this.parts.join('');
    writeFileSync(this.file, text);
    this.files = 1;
    this.bytes = Buffer.byteLength(text);
  }
}

/** Buffers at most one file per namespace and writes it as soon as it holds its 50-100 objects. */
class NamespacedFileWriter {
  constructor(dir, random) {
    this.dir = dir;
    this.random = random;
    this.open = new Map();
    this.files = 0;
    this.bytes = 0;
  }

  add(namespace, text) {
    let file = this.open.get(namespace);
    if (!file) {
      const sequence = (this.sequence ??= new Map()).get(namespace) ?? 0;
      this.sequence.set(namespace, sequence + 1);
      file = { namespace, sequence, parts: [], target: this.random.int(MIN_OBJECTS_PER_FILE, MAX_OBJECTS_PER_FILE) };
      this.open.set(namespace, file);
    }
    file.parts.push(text);
    if (file.parts.length >= file.target) this.flush(file);
  }

  flush(file) {
    const folder = path.join(this.dir, file.namespace);
    mkdirSync(folder, { recursive: true });
    // Like `helm template` output: every document starts with ---.
    const text = file.parts.map((part) => `---\n${part}`).join('');
    writeFileSync(path.join(folder, `${file.namespace}-${String(file.sequence).padStart(5, '0')}.yaml`), text);
    this.files++;
    this.bytes += Buffer.byteLength(text);
    this.open.delete(file.namespace);
  }

  flushAll() {
    for (const file of [...this.open.values()]) this.flush(file);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Apps: each returns its documents as { kind, text }.

function makeApp(random, appIndex, namespace, flaw, shape) {
  const component = COMPONENTS[appIndex % COMPONENTS.length];
  const role = random.pick(ROLES);
  const name = `${component}-${role}-${String(appIndex).padStart(5, '0')}`;
  const app = {
    random,
    name,
    namespace,
    component,
    role,
    partOf: `${namespace}-platform`,
    instance: `${name}-prod`,
    version: `${random.int(1, 4)}.${random.int(0, 20)}.${random.int(0, 9)}`,
    httpPort: random.pick([8080, 8000, 3000, 9000]),
    metricsPort: random.pick([9090, 9102, 8081]),
    sharedLabels: shape.sharedLabels ?? false,
    servicesPerWorkload: shape.servicesPerWorkload ?? 1,
  };
  if (app.sharedLabels) Object.assign(app, { role: 'web', version: '1.0.0' });
  if (flaw) return webApp(app, { flaw });
  const pick = random.next();
  if (pick < 0.55) return webApp(app, { withConfig: random.chance(0.4) });
  if (pick < 0.65) return webApp(app, { canary: true, withConfig: random.chance(0.4) });
  if (pick < 0.78) return statefulApp(app);
  if (pick < 0.88) return workerApp(app);
  if (pick < 0.9) return externalNameApp(app);
  return webApp(app, { sidecar: true, withConfig: true });
}

function webApp(app, { flaw = null, canary = false, sidecar = false, withConfig = false }) {
  const documents = [];
  if (withConfig) documents.push({ kind: 'ConfigMap', text: configMap(app) });
  const containerPorts = [
    { name: 'http', containerPort: app.httpPort },
    { name: 'metrics', containerPort: app.metricsPort },
  ];
  const deploymentOptions = { containerPorts, withConfig, sidecar, flaw };
  if (canary) {
    documents.push({ kind: 'Deployment', text: deployment(app, { ...deploymentOptions, track: 'stable' }) });
    documents.push({ kind: 'Deployment', text: deployment(app, { ...deploymentOptions, track: 'canary' }) });
  } else {
    documents.push({ kind: 'Deployment', text: deployment(app, deploymentOptions) });
  }
  // Healthy Services mix named, numeric and defaulted targetPorts; all of them are declared by the containers.
  const style = app.random.int(0, 2);
  let httpTarget = style === 0 ? 'http' : style === 1 ? app.httpPort : null;
  if (flaw === 'namedPortMissing') httpTarget = 'web';
  if (flaw === 'numericUndeclared') httpTarget = app.httpPort + 7; // +7 never collides with a metrics port
  const ports = [
    { name: 'http', port: httpTarget === null ? app.httpPort : 80, targetPort: httpTarget },
    { name: 'metrics', port: app.metricsPort, targetPort: 'metrics' },
  ];
  if (sidecar) ports.push({ name: 'envoy-admin', port: 15000, targetPort: 'admin' });
  let selector = appSelector(app);
  if (flaw === 'orphanTypo') selector = { ...selector, 'app.kubernetes.io/instance': `${app.name}-prd` };
  if (flaw === 'orphanLegacyKey') selector = { app: app.name, tier: 'backend' };
  documents.push({
    kind: 'Service',
    text: service(app, { name: app.name, selector, ports, type: app.random.chance(0.1) ? 'NodePort' : null }),
  });
  // More Services on the same pods (a shape of its own): same selector, their own names.
  for (let i = 1; i < app.servicesPerWorkload; i++) {
    documents.push({
      kind: 'Service',
      text: service(app, { name: `${app.name}-alt${i}`, selector, ports, type: null }),
    });
  }
  return { documents };
}

function statefulApp(app) {
  const engine = app.random.pick([
    { image: 'postgres', port: 5432, portName: 'tcp-postgres' },
    { image: 'redis', port: 6379, portName: 'redis' },
    { image: 'bitnami/kafka', port: 9092, portName: 'kafka' },
  ]);
  const containerPorts = [
    { name: engine.portName, containerPort: engine.port },
    { name: 'metrics', containerPort: app.metricsPort },
  ];
  const ports = [{ name: engine.portName, port: engine.port, targetPort: engine.portName }];
  const documents = [
    { kind: 'ConfigMap', text: configMap(app) },
    {
      kind: 'Service',
      text: service(app, { name: `${app.name}-headless`, selector: appSelector(app), ports, headless: true }),
    },
    {
      kind: 'Service',
      text: service(app, {
        name: app.name,
        selector: appSelector(app),
        ports: [...ports, { name: 'metrics', port: app.metricsPort, targetPort: 'metrics' }],
      }),
    },
    { kind: 'StatefulSet', text: statefulSet(app, { containerPorts, image: engine.image }) },
  ];
  return { documents };
}

function workerApp(app) {
  const documents = [];
  const withConfig = app.random.chance(0.5);
  if (withConfig) documents.push({ kind: 'ConfigMap', text: configMap(app) });
  documents.push({
    kind: 'Deployment',
    text: deployment(app, { containerPorts: [{ name: 'metrics', containerPort: app.metricsPort }], withConfig }),
  });
  return { documents };
}

function externalNameApp(app) {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
${namespaceLine(app.namespace)}  labels:
${labelLines(commonLabels(app), 4)}spec:
  type: ExternalName
  externalName: ${app.name}.${app.random.pick(REGIONS)}.rds.example.com
`;
  return { documents: [{ kind: 'Service', text }] };
}

function fillerConfigMaps(random, appIndex, namespace, count) {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'ConfigMap',
    text: configMap({
      random,
      name: `filler-${appIndex}-${i}`,
      namespace,
      component: 'filler',
      role: 'config',
      partOf: `${namespace}-platform`,
      instance: `filler-${appIndex}-${i}`,
      version: '1.0.0',
    }),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Object templates (YAML text written directly: faster than a serializer and exactly as a human would write it).

function appSelector(app) {
  // With shared labels, the selector also names a label every pod template carries (a posting list of everyone).
  if (app.sharedLabels)
    return {
      'app.kubernetes.io/part-of': app.partOf,
      'app.kubernetes.io/name': app.name,
      'app.kubernetes.io/instance': app.instance,
    };
  return { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/instance': app.instance };
}

function commonLabels(app) {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': app.instance,
    'app.kubernetes.io/component': app.role,
    'app.kubernetes.io/part-of': app.partOf,
    'app.kubernetes.io/version': app.version,
    'app.kubernetes.io/managed-by': 'Helm',
  };
}

function labelLines(labels, indent) {
  const pad = ' '.repeat(indent);
  return Object.entries(labels)
    .map(([k, v]) => `${pad}${k}: ${quoteIfNeeded(v)}\n`)
    .join('');
}

/** Quotes values that YAML would otherwise read as numbers, booleans or null. */
function quoteIfNeeded(value) {
  const text = String(value);
  return /^([-+]?[0-9.]+|true|false|yes|no|on|off|null|~|)$/i.test(text) || /[:#{}[\],&*!|>'"%@`]/.test(text)
    ? JSON.stringify(text)
    : text;
}

function namespaceLine(namespace) {
  // Objects in the "default" folder name no namespace, as many real repositories do.
  return namespace === 'default' ? '' : `  namespace: ${namespace}\n`;
}

function helmSource(app, file) {
  return `# Source: ${app.partOf}/templates/${app.component}/${file}\n`;
}

function configMap(app) {
  const r = app.random;
  const keys = r.int(3, 8);
  let data = '';
  for (let i = 0; i < keys; i++)
    data += `  ${app.component.toUpperCase()}_SETTING_${i}: ${quoteIfNeeded(r.pick(['enabled', 'disabled', String(r.int(1, 5000)), `${r.int(1, 60)}s`, 'https://api.example.com/v2']))}\n`;
  const properties = r.chance(0.5)
    ? `  application.yaml: |
    server:
      port: ${app.httpPort ?? 8080}
      shutdown: graceful
    logging:
      level: ${r.pick(LOG_LEVELS)}
    cache:
      ttl: ${r.int(10, 600)}s
      maxEntries: ${r.int(100, 100000)}
`
    : '';
  return `${helmSource(app, 'configmap.yaml')}apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app.name}-config
${namespaceLine(app.namespace)}  labels:
${labelLines(commonLabels(app), 4)}data:
${data}${properties}`;
}

function service(app, { name, selector, ports, headless = false, type = null }) {
  const portLines = ports
    .map((p) => {
      let text = `    - name: ${p.name}\n      port: ${p.port}\n`;
      if (p.targetPort !== null && p.targetPort !== undefined) text += `      targetPort: ${p.targetPort}\n`;
      return `${text}      protocol: TCP\n`;
    })
    .join('');
  const typeLines = headless
    ? '  clusterIP: None\n  publishNotReadyAddresses: true\n'
    : type
      ? `  type: ${type}\n`
      : '  type: ClusterIP\n';
  return `${helmSource(app, 'service.yaml')}apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespaceLine(app.namespace)}  labels:
${labelLines(commonLabels(app), 4)}  annotations:
    prometheus.io/scrape: "true"
spec:
${typeLines}  selector:
${labelLines(selector, 4)}  ports:
${portLines}`;
}

function envLines(app, indent) {
  const r = app.random;
  const pad = ' '.repeat(indent);
  const lines = [
    `${pad}- name: LOG_LEVEL\n${pad}  value: ${r.pick(LOG_LEVELS)}\n`,
    `${pad}- name: POD_NAMESPACE\n${pad}  valueFrom:\n${pad}    fieldRef:\n${pad}      fieldPath: metadata.namespace\n`,
    `${pad}- name: POD_IP\n${pad}  valueFrom:\n${pad}    fieldRef:\n${pad}      fieldPath: status.podIP\n`,
  ];
  const extra = r.int(2, 9);
  for (let i = 0; i < extra; i++) {
    const kind = r.int(0, 3);
    if (kind === 0)
      lines.push(
        `${pad}- name: DATABASE_PASSWORD_${i}\n${pad}  valueFrom:\n${pad}    secretKeyRef:\n${pad}      name: ${app.name}-db\n${pad}      key: password\n`,
      );
    else if (kind === 1) lines.push(`${pad}- name: FEATURE_${i}_ENABLED\n${pad}  value: "${r.chance(0.5)}"\n`);
    // Upstreams that resolve (the API server's built-in Service, partners outside the cluster), so dns-reference scans them but finds nothing.
    else if (kind === 2)
      lines.push(
        `${pad}- name: UPSTREAM_${i}_URL\n${pad}  value: ${r.chance(0.5) ? 'https://kubernetes.default.svc.cluster.local:443' : `https://api-${r.int(1, 9)}.partner.example.com`}\n`,
      );
    else lines.push(`${pad}- name: TIMEOUT_${i}_MS\n${pad}  value: "${r.int(100, 30000)}"\n`);
  }
  return lines.join('');
}

function containerPortLines(ports, indent) {
  const pad = ' '.repeat(indent);
  return ports
    .map((p) => `${pad}- name: ${p.name}\n${pad}  containerPort: ${p.containerPort}\n${pad}  protocol: TCP\n`)
    .join('');
}

function mainContainer(app, { containerPorts, image, withConfig }) {
  const probePort = containerPorts.some((p) => p.name === 'http') ? 'http' : containerPorts[0].name;
  const probe =
    probePort === 'http'
      ? `          readinessProbe:
            httpGet:
              path: /healthz/ready
              port: http
            initialDelaySeconds: 5
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /healthz/live
              port: http
            failureThreshold: 6
`
      : `          readinessProbe:
            tcpSocket:
              port: ${probePort}
            periodSeconds: 10
`;
  return `        - name: ${app.component}
          image: registry.example.com/${app.partOf}/${image ?? app.component}:${app.version}
          imagePullPolicy: IfNotPresent
          args:
            - --log-format=json
            - --listen=:${containerPorts[0].containerPort}
          ports:
${containerPortLines(containerPorts, 12)}          env:
${envLines(app, 12)}${withConfig ? `          envFrom:\n            - configMapRef:\n                name: ${app.name}-config\n` : ''}${probe}${resources(app.random)}          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
${withConfig ? `            - name: config\n              mountPath: /etc/${app.component}\n              readOnly: true\n` : ''}`;
}

function resources(random) {
  const size = random.int(0, 3);
  return `          resources:
            requests:
              cpu: ${['50m', '100m', '250m', '500m'][size]}
              memory: ${['64Mi', '128Mi', '256Mi', '1Gi'][size]}
            limits:
              memory: ${['128Mi', '256Mi', '512Mi', '2Gi'][size]}
`;
}

function envoySidecar() {
  return `        - name: envoy
          image: envoyproxy/envoy:v1.31.2
          ports:
            - name: admin
              containerPort: 15000
            - name: proxy
              containerPort: 15001
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
`;
}

function podTemplate(app, labels, { containerPorts, withConfig, sidecar = false, image = null }) {
  return `  template:
    metadata:
      labels:
${labelLines(labels, 8)}      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "${app.metricsPort}"
    spec:
      serviceAccountName: ${app.name}
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
      containers:
${mainContainer(app, { containerPorts, image, withConfig })}${sidecar ? envoySidecar() : ''}      volumes:
        - name: tmp
          emptyDir: {}
${withConfig ? `        - name: config\n          configMap:\n            name: ${app.name}-config\n` : ''}`;
}

function deployment(app, { containerPorts, withConfig = false, sidecar = false, flaw = null, track = null }) {
  const selector = appSelector(app);
  const podLabels = {
    ...selector,
    'app.kubernetes.io/component': app.role,
    'app.kubernetes.io/part-of': app.partOf,
    'app.kubernetes.io/version': app.version,
  };
  if (track) {
    selector.track = track;
    podLabels.track = track;
  }
  // The template lacks this label, so the API server would reject the Deployment.
  const selectorLabels =
    flaw === 'selectorMismatch' ? { ...selector, 'app.kubernetes.io/component': 'worker-legacy' } : selector;
  const name = track === 'canary' ? `${app.name}-canary` : app.name;
  return `${helmSource(app, 'deployment.yaml')}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespaceLine(app.namespace)}  labels:
${labelLines(commonLabels(app), 4)}  annotations:
    deployment.kubernetes.io/revision: "${app.random.int(1, 40)}"
spec:
  replicas: ${track === 'canary' ? 1 : app.random.int(1, 6)}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
${labelLines(selectorLabels, 6)}${podTemplate(app, podLabels, { containerPorts, withConfig, sidecar })}`;
}

function statefulSet(app, { containerPorts, image }) {
  const selector = appSelector(app);
  const podLabels = { ...selector, 'app.kubernetes.io/component': app.role, 'app.kubernetes.io/part-of': app.partOf };
  return `${helmSource(app, 'statefulset.yaml')}apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${app.name}
${namespaceLine(app.namespace)}  labels:
${labelLines(commonLabels(app), 4)}spec:
  serviceName: ${app.name}-headless
  replicas: ${app.random.pick([1, 3, 5])}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
${labelLines(selector, 6)}${podTemplate(app, podLabels, { containerPorts, withConfig: true, image })}  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: fast-ssd
        resources:
          requests:
            storage: ${app.random.pick(['10Gi', '50Gi', '200Gi'])}
`;
}

// ---------------------------------------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args.splice(i, 2)[1];
  };
  const seed = Number(flag('--seed') ?? DEFAULT_SEED);
  const shape = flag('--shape') ?? DEFAULT_SHAPE;
  const force = args.includes('--force');
  const [objectsArg, outRoot = DEFAULT_OUT_ROOT] = args.filter((a) => a !== '--force');
  const objects = Number(objectsArg);
  if (!Number.isInteger(objects) || objects <= 0 || !SHAPES[shape]) {
    console.error(
      `usage: node bench/generate.mjs <objects> [outRoot] [--shape ${Object.keys(SHAPES).join('|')}] [--seed n] [--force]`,
    );
    process.exit(2);
  }
  const stamp = ensureGenerated(objects, {
    seed,
    shape,
    outRoot: path.resolve(outRoot),
    force,
    log: (m) => console.error(m),
  });
  console.log(JSON.stringify(stamp, null, 2));
}
