// Deployable sets: how the input is grouped (kustomizations, bases, components, patches, Helm charts, GitOps folders,
// plain folders and alternatives), and what each set reports, linted as written and rendered with kustomize.
import { afterEach, describe, expect, it } from 'vitest';
import { findRenderer } from '../src/sets/render.js';
import { cli, writeFixture, type TempDir } from './helpers.js';

/** kustomize, else kubectl kustomize, as svclint finds them; tests that render are skipped without either. */
const renderer = findRenderer(process.env);
const RENDER_ENV = { PATH: process.env.PATH };

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

let fixture: TempDir | null = null;
afterEach(() => {
  fixture?.remove();
  fixture = null;
});

function tree(files: Record<string, string>): TempDir {
  fixture = writeFixture(files);
  return fixture;
}

/** Runs `svclint <args> -f json` in the fixture, with the renderer on PATH or with none. */
async function lintJson(args: string[], { render = false }: { render?: boolean } = {}): Promise<JsonFinding[]> {
  const run = await cli([...args, '-f', 'json'], { cwd: fixture!.dir, env: render ? RENDER_ENV : {} });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

/** The fields a test pins: rule, severity, file, exact span and message. */
function brief(f: JsonFinding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
  };
}

async function sets(args: string[], options: { render?: boolean; json?: boolean } = {}): Promise<string> {
  const run = await cli(['sets', ...args, ...(options.json ? ['-f', 'json'] : [])], {
    cwd: fixture!.dir,
    env: options.render ? RENDER_ENV : {},
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

/** A Service `name` (port 80, named port http → targetPort) and its Deployment (containerPort http:`containerPort`). */
function app(
  name: string,
  {
    targetPort = 'http',
    containerPort = 8080,
    extra = '',
  }: { targetPort?: string | number; containerPort?: number; extra?: string } = {},
): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: ${targetPort}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: nginx:1.27
          ports:
            - name: http
              containerPort: ${containerPort}
${extra}`;
}

const BASE_DEPLOYMENT = `apiVersion: apps/v1
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
          ports:
            - name: http
              containerPort: 8080
          envFrom:
            - configMapRef:
                name: settings
`;

/** targetPort 9090 (line 11, column 19): no container declares it, a target-port-mismatch warning. */
const BASE_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 9090
`;

/**
 * An overlay of a base with a component, every kind of patch and a ConfigMap generator. The patch files are partial
 * objects (a Deployment without selector or template, a JSON patch list) and the generator's input is a Service that
 * selects nothing: linted as objects, each would be a finding.
 */
const OVERLAY = {
  'app/base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\n',
  'app/base/deployment.yaml': BASE_DEPLOYMENT,
  'app/base/service.yaml': BASE_SERVICE,
  'app/comp/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- cache.yaml\n',
  'app/comp/cache.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cache\ndata:\n  size: "10"\n',
  'app/overlay/kustomization.yaml': `namespace: shop
resources:
- ../base
components:
- ../comp
namePrefix: prod-
patchesStrategicMerge:
- replicas.yaml
patches:
- path: resources.yaml
patchesJson6902:
- target:
    kind: Service
    name: web
  path: service-patch.yaml
configMapGenerator:
- name: settings
  files:
  - settings.yaml
  envs:
  - app.env
`,
  'app/overlay/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
  'app/overlay/resources.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          resources:
            limits:
              memory: 128Mi
`,
  'app/overlay/service-patch.yaml': '- op: replace\n  path: /spec/ports/0/port\n  value: 8080\n',
  'app/overlay/settings.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: not-an-object\nspec:\n  selector:\n    app: nothing\n  ports:\n    - port: 1\n',
  'app/overlay/app.env': 'MODE=fast\nUPSTREAM=http://missing-api.shop.svc.cluster.local:8080\n',
};

const NOT_RENDERED =
  'This kustomization was not rendered (rendering is off: --render never), so its 3 resource file(s) were linted as written in namespace shop; not applied: namePrefix, patchesStrategicMerge, patches, patchesJson6902, configMapGenerator';

describe('a kustomization without a renderer (--render never)', () => {
  it('lints the resources of the root and its bases and components with namespace: applied, never the patches or generator inputs, and notes what was not applied at the first transform key', async () => {
    tree(OVERLAY);
    expect((await lintJson(['.', '--render', 'never'])).map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'app/base/service.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message:
          'Service shop/web port 80 targetPort 9090 is not declared by any container of Deployment/web (its ports: http:8080/TCP); traffic is still sent to port 9090, so check that the process listens there',
      },
      // namePrefix (line 6) is the first key only kustomize can apply.
      {
        ruleId: 'deployable-set',
        severity: 'note',
        file: 'app/overlay/kustomization.yaml',
        line: 6,
        column: 1,
        endLine: 6,
        endColumn: 11,
        message: NOT_RENDERED,
      },
    ]);
  });

  it("is one set: the base and the component are in the root's set only", async () => {
    tree(OVERLAY);
    expect(await sets(['.', '--render', 'never']))
      .toBe(`kustomization app/overlay: 3 files, 3 objects, linted as written
    why: a kustomization that no other kustomization in the input uses, with 2 base(s) and component(s)
    defined by: app/overlay/kustomization.yaml
    app/base/deployment.yaml
    app/base/service.yaml
    app/comp/cache.yaml
1 deployable set
`);
  });

  it('a patch file named alone (a staged file) is still not linted as an object', async () => {
    tree(OVERLAY);
    const findings = await lintJson([
      'app/overlay/replicas.yaml',
      'app/overlay/service-patch.yaml',
      'app/overlay/settings.yaml',
      '--render',
      'never',
    ]);
    expect(
      findings.filter((f) => f.file.startsWith('app/overlay/') && f.file !== 'app/overlay/kustomization.yaml'),
    ).toEqual([]);
  });

  it('gives no note when the kustomization only sets namespace: (nothing is left unapplied)', async () => {
    tree({
      'base/kustomization.yaml': 'resources:\n- service.yaml\n- deployment.yaml\n',
      'base/service.yaml': BASE_SERVICE,
      'base/deployment.yaml': BASE_DEPLOYMENT,
      'dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../base\n',
    });
    expect((await lintJson(['.', '--render', 'never'])).map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'base/service.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message:
          'Service dev/web port 80 targetPort 9090 is not declared by any container of Deployment/web (its ports: http:8080/TCP); traffic is still sent to port 9090, so check that the process listens there',
      },
    ]);
  });
});

describe.skipIf(!renderer)(`a kustomization rendered (${renderer?.name ?? 'no renderer on PATH'})`, () => {
  it('points a finding on a rendered object at its source node, and one on a generated object at the kustomization file', async () => {
    tree(OVERLAY);
    const findings = (await lintJson(['.'], { render: true })).map(brief);
    expect(findings).toEqual([
      // The name prefix and the JSON patch (port 8080) are applied; the finding is on the base's targetPort node.
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'app/base/service.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message:
          'Service shop/prod-web port 8080 targetPort 9090 is not declared by any container of Deployment/prod-web (its ports: http:8080/TCP); traffic is still sent to port 9090, so check that the process listens there',
      },
      {
        ruleId: 'dns-reference',
        severity: 'warning',
        file: 'app/overlay/kustomization.yaml',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        message: expect.stringMatching(
          /^ConfigMap shop\/prod-settings-[a-z0-9]+ key UPSTREAM names missing-api\.shop\.svc\.cluster\.local:8080, but there is no Service missing-api in namespace shop, so missing-api\.shop\.svc\.cluster\.local does not exist$/,
        ),
      },
    ]);
  });

  it('says which renderer built the set', async () => {
    tree(OVERLAY);
    expect((await sets(['.'], { render: true })).split('\n')[0]).toBe(
      `kustomization app/overlay: 3 files, 4 objects, rendered by ${renderer!.name}`,
    );
  });

  it('points a finding on part of a value (a host in a URL) at the same part of the source value', async () => {
    tree({
      'base/kustomization.yaml': 'resources:\n- front.yaml\n',
      'base/front.yaml': app('front', {
        extra: '          env:\n            - name: DB_URL\n              value: "http://db:80/x"\n',
      }),
      'overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: p-\n',
    });
    const expected = (prefix: string) => ({
      ruleId: 'dns-reference',
      severity: 'warning',
      file: 'base/front.yaml',
      line: 34,
      column: 30,
      endLine: 34,
      endColumn: 32,
      message: `Deployment default/${prefix}front container front env DB_URL names db:80, but there is no Service db in namespace default, so db.default.svc.cluster.local does not exist`,
    });
    expect((await lintJson(['overlay'], { render: true })).map(brief)).toEqual([expected('p-')]);
    // The same span as when the file is linted as written.
    expect(
      (await lintJson(['overlay', '--render', 'never'])).map(brief).filter((f) => f.ruleId === 'dns-reference'),
    ).toEqual([expected('')]);
  });

  it('a finding on a list item a patch added is not put on the source item that had its index', async () => {
    tree({
      'base/kustomization.yaml': 'resources:\n- front.yaml\n',
      'base/front.yaml': app('front', {
        extra: '          env:\n            - name: SELF_URL\n              value: "http://front:80"\n',
      }),
      'overlay/kustomization.yaml':
        'resources:\n- ../base\npatchesJson6902:\n- target:\n    kind: Deployment\n    name: front\n  path: env.yaml\n',
      // Inserted before SELF_URL: the rendered env[0] is DB_URL, which base/front.yaml does not have.
      'overlay/env.yaml':
        '- op: add\n  path: /spec/template/spec/containers/0/env/0\n  value:\n    name: DB_URL\n    value: http://db:80\n',
    });
    expect((await lintJson(['overlay'], { render: true })).map(brief)).toEqual([
      {
        // The Deployment it came from (its name), not SELF_URL's value.
        ruleId: 'dns-reference',
        severity: 'warning',
        file: 'base/front.yaml',
        line: 16,
        column: 9,
        endLine: 16,
        endColumn: 14,
        message:
          'Deployment default/front container front env DB_URL names db:80, but there is no Service db in namespace default, so db.default.svc.cluster.local does not exist',
      },
    ]);
  });

  it('a build that fails is one warning at the kustomization file, and the set is linted as written', async () => {
    const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
    tree({
      'dup/kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n',
      'dup/a.yaml': settings,
      'dup/b.yaml': settings,
    });
    const findings = await lintJson(['.'], { render: true });
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.column, f.endLine, f.endColumn])).toEqual([
      ['duplicate-object', 'warning', 'dup/b.yaml', 4, 9, 4, 17], // linted as written
      ['deployable-set', 'warning', 'dup/kustomization.yaml', 1, 1, 1, 1],
    ]);
    const note = findings[1]!.message;
    expect(note.startsWith(`${renderer!.name} could not build this kustomization: `)).toBe(true);
    expect(note).toContain('already registered id');
    // kustomize's own message, without the retry as a folder it appends ("must build at directory: ..."), and no
    // guess about the renderer's age: the failure is the kustomization's.
    expect(note).not.toContain('must build at directory');
    expect(note.endsWith('[noNs]; its 2 resource file(s) were linted as written')).toBe(true);
  });

  it('a build that fails because a file it reads is missing is a note', async () => {
    tree({
      'miss/kustomization.yaml':
        'resources:\n- a.yaml\nconfigMapGenerator:\n- name: scripts\n  files:\n  - scripts/run.sh\n',
      'miss/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    });
    const findings = await lintJson(['.'], { render: true });
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.column, f.endLine, f.endColumn])).toEqual([
      ['deployable-set', 'note', 'miss/kustomization.yaml', 3, 1, 3, 19],
    ]);
    expect(findings[0]!.message).toMatch(
      new RegExp(
        `^${renderer!.name} could not build this kustomization: .*scripts/run\\.sh.*; its 1 resource file\\(s\\) were linted as written \\(a file it reads is missing\\)$`,
      ),
    );
  });
});

describe('two overlays of one base', () => {
  const OVERLAYS = {
    'base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\n',
    'base/deployment.yaml': BASE_DEPLOYMENT,
    'base/service.yaml': BASE_SERVICE,
    'dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../base\n',
    'prod/kustomization.yaml': 'namespace: prod\nresources:\n- ../base\n',
  };
  const mismatch = (namespace: string) => ({
    ruleId: 'target-port-mismatch',
    severity: 'warning',
    file: 'base/service.yaml',
    line: 11,
    column: 19,
    endLine: 11,
    endColumn: 23,
    message: `Service ${namespace}/web port 80 targetPort 9090 is not declared by any container of Deployment/web (its ports: http:8080/TCP); traffic is still sent to port 9090, so check that the process listens there`,
  });

  it.each([false, true].filter((render) => !render || renderer))(
    'are two sets, each analysed, with no duplicate-object across them (render: %s)',
    async (render) => {
      tree(OVERLAYS);
      expect((await lintJson(['.', ...(render ? [] : ['--render', 'never'])], { render })).map(brief)).toEqual([
        mismatch('dev'),
        mismatch('prod'),
      ]);
    },
  );

  it('give one endpoint map per set, each under its heading, and a set on each Service of the JSON report', async () => {
    tree(OVERLAYS);
    const text = await cli(['endpoints', '--verbose', '.', '--render', 'never'], { cwd: fixture!.dir });
    expect(text.stdout).toBe(`# kustomization dev
dev/web:80/TCP (http) → Deployment/web/(undeclared):9090 (1 replica)
    dns web.dev.svc.cluster.local, SRV _http._tcp.web.dev.svc.cluster.local
    env WEB_SERVICE_HOST, WEB_SERVICE_PORT, WEB_SERVICE_PORT_HTTP, WEB_PORT, WEB_PORT_80_TCP, WEB_PORT_80_TCP_PROTO, WEB_PORT_80_TCP_PORT, WEB_PORT_80_TCP_ADDR
# kustomization prod
prod/web:80/TCP (http) → Deployment/web/(undeclared):9090 (1 replica)
    dns web.prod.svc.cluster.local, SRV _http._tcp.web.prod.svc.cluster.local
    env WEB_SERVICE_HOST, WEB_SERVICE_PORT, WEB_SERVICE_PORT_HTTP, WEB_PORT, WEB_PORT_80_TCP, WEB_PORT_80_TCP_PROTO, WEB_PORT_80_TCP_PORT, WEB_PORT_80_TCP_ADDR
`);
    const json = await cli(['endpoints', '.', '--render', 'never', '-f', 'json'], { cwd: fixture!.dir });
    const services = (JSON.parse(json.stdout) as { services: { set: string; namespace: string; name: string }[] })
      .services;
    expect(services.map((s) => [s.set, `${s.namespace}/${s.name}`])).toEqual([
      ['kustomization dev', 'dev/web'],
      ['kustomization prod', 'prod/web'],
    ]);
  });
});

describe('a Helm chart, helm not on PATH', () => {
  it('is not read as manifests: no parse-error, one note at Chart.yaml', async () => {
    tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'name: web\nports: []\n',
      'chart/templates/service.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  {{- if .Values.ports }}\n  ports: {{ .Values.ports | toYaml }}\n  {{- end }}\n',
      'chart/templates/_helpers.tpl': '{{- define "web.name" -}}web{{- end }}\n',
      'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'chart/charts/sub/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    expect((await lintJson(['.'])).map(brief)).toEqual([
      {
        ruleId: 'deployable-set',
        severity: 'note',
        file: 'chart/Chart.yaml',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        message:
          'Helm chart chart was not analysed (helm is not on PATH): its templates are not manifests until rendered; install helm, or lint the rendered chart with `helm template chart chart | svclint -`',
      },
    ]);
  });
});

/** Three alternative all-in-one files and a shared file; two samples that reuse names; an app split across base/ and db/. */
const PLAIN = {
  'alt/all-in-one.yaml': app('web'),
  'alt/all-in-one-dev.yaml': app('web', { targetPort: 9090 }),
  'alt/all-in-one-prod.yaml': app('web', { targetPort: 7070, containerPort: 8081 }),
  'alt/config.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  UPSTREAM: http://nothere:80\n',
  'samples/a/app.yaml': app('demo'),
  'samples/b/app.yaml': app('demo', { targetPort: 9091 }),
  'split/base/front.yaml': app('front', {
    extra: '          env:\n            - name: DB_ADDR\n              value: db:80\n',
  }),
  'split/db/db.yaml': app('db', { containerPort: 5432 }),
};

const unexpectedPort = (namespace: string, port: number, containerPort = 8080, name = 'web') =>
  `Service ${namespace}/${name} port 80 targetPort ${port} is not declared by any container of Deployment/${name} (its ports: http:${containerPort}/TCP); traffic is still sent to port ${port}, so check that the process listens there`;

describe('plain folders', () => {
  it('alternatives in one folder, samples in sibling folders and an app split in subfolders come out as separate sets', async () => {
    tree(PLAIN);
    expect((await lintJson(['.'])).map(brief)).toEqual([
      // Each alternative is analysed with the folder's file that no other redefines (config.yaml), once.
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'alt/all-in-one-dev.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message: unexpectedPort('default', 9090),
      },
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'alt/all-in-one-prod.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message: unexpectedPort('default', 7070, 8081),
      },
      {
        ruleId: 'dns-reference',
        severity: 'warning',
        file: 'alt/config.yaml',
        line: 6,
        column: 20,
        endLine: 6,
        endColumn: 27,
        message:
          'ConfigMap default/web-config key UPSTREAM names nothere:80, but there is no Service nothere in namespace default, so nothere.default.svc.cluster.local does not exist',
      },
      // samples/a is clean on its own: b's Service is not its Service.
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'samples/b/app.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message: unexpectedPort('default', 9091, 8080, 'demo'),
      },
      // No duplicate-object anywhere, and the frontend in split/base finds the db Service in split/db.
    ]);
  });

  it('svclint sets explains the grouping', async () => {
    tree(PLAIN);
    expect(await sets(['.'])).toBe(`alternative alt/all-in-one-dev.yaml: 2 files, 3 objects
    why: an alternative: Service default/web is defined again in all-in-one-prod.yaml; with the 1 other file(s) of its folder
    alt/all-in-one-dev.yaml
    alt/config.yaml
alternative alt/all-in-one-prod.yaml: 2 files, 3 objects
    why: an alternative: redefines Service default/web of all-in-one-dev.yaml; with the 1 other file(s) of its folder
    alt/all-in-one-prod.yaml
    alt/config.yaml
alternative alt/all-in-one.yaml: 2 files, 3 objects
    why: an alternative: redefines Service default/web of all-in-one-dev.yaml; with the 1 other file(s) of its folder
    alt/all-in-one.yaml
    alt/config.yaml
folder samples/a: 1 file, 2 objects
    why: the manifests of this folder, applied together; kept apart from its sibling folders (a sample or an alternative): Service default/demo is defined again in b
    samples/a/app.yaml
folder samples/b: 1 file, 2 objects
    why: the manifests of this folder, applied together; kept apart from its sibling folders (a sample or an alternative): redefines Service default/demo of a
    samples/b/app.yaml
folder split: 2 files, 4 objects
    why: the manifests of this folder and its subfolders, applied together (none redefines another's objects)
    split/base/front.yaml
    split/db/db.yaml
6 deployable sets
`);
  });

  it('svclint sets --format json', async () => {
    tree({
      'alt/a.yaml': app('web'),
      'alt/b.yaml': app('web', { targetPort: 9090 }),
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    });
    expect(JSON.parse(await sets(['.'], { json: true }))).toEqual({
      version: 1,
      sets: [
        {
          kind: 'helm',
          root: 'chart',
          definedBy: 'chart/Chart.yaml',
          files: [],
          objects: 0,
          renderedBy: null,
          why: 'a Helm chart of 1 file(s), release chart; its templates are read only as helm template renders them',
        },
        {
          kind: 'alternative',
          root: 'alt/a.yaml',
          definedBy: null,
          files: ['alt/a.yaml'],
          objects: 2,
          renderedBy: null,
          why: 'an alternative: Service default/web is defined again in b.yaml',
        },
        {
          kind: 'alternative',
          root: 'alt/b.yaml',
          definedBy: null,
          files: ['alt/b.yaml'],
          objects: 2,
          renderedBy: null,
          why: 'an alternative: redefines Service default/web of a.yaml',
        },
      ],
    });
  });

  it('an object defined twice in one file is a duplicate-object warning at the second name, related to the first', async () => {
    const settings = (mode: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: ${mode}\n`;
    tree({ 'config.yaml': `${settings('fast')}---\n${settings('safe')}` });
    const findings = await lintJson(['.']);
    expect(findings.map((f) => ({ ...brief(f), related: f.related }))).toEqual([
      {
        ruleId: 'duplicate-object',
        severity: 'warning',
        file: 'config.yaml',
        line: 11,
        column: 9,
        endLine: 11,
        endColumn: 17,
        message:
          'ConfigMap default/settings is defined again here (first at config.yaml:4); applied in order, this definition overwrites the first, so the first never takes effect as written',
        related: [
          {
            file: 'config.yaml',
            line: 4,
            column: 9,
            endLine: 4,
            endColumn: 17,
            message: 'first definition of ConfigMap/settings',
          },
        ],
      },
    ]);
  });
});

describe('--context keeps its meaning per set', () => {
  /** Two alternatives: a's Service selects app=web-b, which only b's Deployment has. */
  const A = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web-b
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web-a
  template:
    metadata:
      labels:
        app: web-a
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
  const B = A.replace('app: web-b', 'app: web-x').replaceAll('web-a', 'web-b');

  it('a staged file is analysed with its own set only, not with an alternative', async () => {
    tree({ 'alt/a.yaml': A, 'alt/b.yaml': B });
    expect((await lintJson(['alt/a.yaml', '--context', 'alt/**'])).map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        file: 'alt/a.yaml',
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 15,
        message:
          'Service default/web selects app=web-b, but no pod template in namespace default has these labels, so it has no endpoints; nearest is Deployment/web, whose pods have app=web-a (not web-b); did you mean app=web-a?',
      },
    ]);
  });

  it('a staged base file is analysed in the set of the overlay that includes it', async () => {
    tree({
      'base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\n',
      'base/deployment.yaml': BASE_DEPLOYMENT,
      'base/service.yaml': BASE_SERVICE,
      'dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../base\n',
      'alt/a.yaml': A,
      'alt/b.yaml': B,
    });
    expect((await lintJson(['base/service.yaml', '--context', '**/*.yaml', '--render', 'never'])).map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'base/service.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message:
          'Service dev/web port 80 targetPort 9090 is not declared by any container of Deployment/web (its ports: http:8080/TCP); traffic is still sent to port 9090, so check that the process listens there',
      },
    ]);
  });
});

describe('GitOps objects', () => {
  it('a Flux Kustomization makes its folder a set in its targetNamespace; a HelmRelease and a path not in the input are notes', async () => {
    tree({
      'clusters/prod/apps.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/web
  targetNamespace: shop
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: flux-system
spec:
  interval: 10m
  path: ./infrastructure
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
      'apps/web/release.yaml':
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: redis\n  namespace: shop\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: redis\n',
      'apps/web/web/web.yaml': app('web', { targetPort: 9090 }),
    });
    expect((await lintJson(['.'])).map(brief)).toEqual([
      {
        ruleId: 'deployable-set',
        severity: 'note',
        file: 'apps/web/release.yaml',
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 14,
        message:
          "HelmRelease shop/redis is rendered in the cluster by Flux's helm-controller, so svclint cannot see the objects it makes; to lint them, render its chart with its values: `helm template redis <chart> -f values.yaml | svclint -`",
      },
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        file: 'apps/web/web/web.yaml',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 23,
        message: unexpectedPort('shop', 9090),
      },
      {
        ruleId: 'deployable-set',
        severity: 'note',
        file: 'clusters/prod/apps.yaml',
        line: 14,
        column: 1,
        endLine: 25,
        endColumn: 1,
        message:
          'Kustomization infra: its source path ./infrastructure is not in the input (another repository, or a folder not linted), so svclint cannot analyse what it deploys',
      },
    ]);
    expect(await sets(['.'])).toBe(`GitOps folder apps/web: 2 files, 3 objects
    why: deployed by Kustomization apps into namespace shop: every manifest below the folder
    defined by: clusters/prod/apps.yaml
    apps/web/release.yaml
    apps/web/web/web.yaml
folder clusters/prod: 1 file, 2 objects
    why: the manifests of this folder, applied together
    clusters/prod/apps.yaml
2 deployable sets
`);
  });

  it('an Argo CD Application deploys its folder into its destination namespace, subfolders only with directory.recurse', async () => {
    const application = (name: string, folder: string, recurse: boolean) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  source:
    repoURL: https://example.com/repo.git
    path: ${folder}${recurse ? '\n    directory:\n      recurse: true' : ''}
  destination:
    namespace: team
`;
    tree({
      'repo/argo/apps.yaml': `${application('flat', 'flat', false)}---\n${application('deep', 'deep', true)}`,
      'repo/flat/web.yaml': app('web', { targetPort: 9090 }),
      'repo/flat/sub/other.yaml': app('other'),
      'repo/deep/web.yaml': app('web', { targetPort: 9090 }),
      'repo/deep/sub/other.yaml': app('other'),
    });
    // flat/sub is not deployed by the Application: a plain folder, grouped with the other plain files.
    expect(await sets(['repo'])).toBe(`GitOps folder repo/flat: 1 file, 2 objects
    why: deployed by Application flat into namespace team: the manifests of the folder (not its subfolders: no directory.recurse)
    defined by: repo/argo/apps.yaml
    repo/flat/web.yaml
GitOps folder repo/deep: 2 files, 4 objects
    why: deployed by Application deep into namespace team: every manifest below the folder
    defined by: repo/argo/apps.yaml
    repo/deep/sub/other.yaml
    repo/deep/web.yaml
folder repo: 2 files, 4 objects
    why: the manifests of this folder and its subfolders, applied together (none redefines another's objects)
    repo/argo/apps.yaml
    repo/flat/sub/other.yaml
3 deployable sets
`);
    expect(
      (await lintJson(['repo'])).map((f) => [f.ruleId, f.file, f.line, f.column, f.message.split(' port ')[0]]),
    ).toEqual([
      ['target-port-mismatch', 'repo/deep/web.yaml', 11, 19, 'Service team/web'],
      ['target-port-mismatch', 'repo/flat/web.yaml', 11, 19, 'Service team/web'],
    ]);
  });
});

describe('what is reported, and where GitOps puts it', () => {
  it.skipIf(!renderer)(
    'a Flux Kustomization of a kustomization folder puts the rendered build in its targetNamespace',
    async () => {
      tree({
        'clusters/prod/apps.yaml':
          'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  path: ./apps\n  targetNamespace: shop\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
        'apps/kustomization.yaml': 'resources:\n- web.yaml\nnamePrefix: x-\n',
        'apps/web.yaml': app('web', { targetPort: 'metrics' }),
      });
      const findings = (await lintJson(['.'], { render: true })).filter((f) => f.ruleId === 'target-port-mismatch');
      expect(findings.map((f) => [f.file, f.line, f.column, f.message.split(' port ')[0]])).toEqual([
        ['apps/web.yaml', 11, 19, 'Service shop/x-web'],
      ]);
      expect(await sets(['.'], { render: true })).toContain(
        'why: a kustomization that no other kustomization in the input uses; deployed by Kustomization apps into namespace shop\n',
      );
    },
  );

  it("a patch named alone is analysed with its overlay, but the overlay's base files are not reported on", async () => {
    tree({
      'base/kustomization.yaml': 'resources:\n- web.yaml\n',
      'base/web.yaml': app('web', { targetPort: 'metrics' }),
      'overlay/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: replicas.yaml\n',
      'overlay/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
    });
    expect(await lintJson(['overlay/replicas.yaml'])).toEqual([]);
    // Named through its folder, the overlay reports on everything it builds.
    expect((await lintJson(['overlay'])).map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ['target-port-mismatch', 'base/web.yaml', 11],
      ['deployable-set', 'overlay/kustomization.yaml', 3],
    ]);
  });

  it('a GitOps source path ./ is the root of the linted repository', async () => {
    tree({
      'sync.yaml':
        'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: root\n  namespace: flux-system\nspec:\n  path: ./\n  targetNamespace: shop\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
      'web.yaml': app('web'),
    });
    expect(await sets(['.'])).toBe(`GitOps folder .: 2 files, 3 objects
    why: deployed by Kustomization root into namespace shop: every manifest below the folder
    defined by: sync.yaml
    sync.yaml
    web.yaml
1 deployable set
`);
  });
});

describe('kustomizations svclint does not build', () => {
  it.each([false, true].filter((render) => !render || renderer))(
    'one that inflates a Helm chart (needs --enable-helm) is a note and linted as written (render: %s)',
    async (render) => {
      tree({
        'app/kustomization.yaml':
          'resources:\n- web.yaml\nhelmCharts:\n- name: redis\n  repo: https://charts.example.com\n  version: 1.0.0\n',
        'app/web.yaml': app('web', { targetPort: 'metrics' }),
      });
      expect(
        (await lintJson(['.'], { render })).map((f) => [
          f.ruleId,
          f.severity,
          f.file,
          f.line,
          f.column,
          f.message.split(';')[0],
        ]),
      ).toEqual([
        [
          'deployable-set',
          'note',
          'app/kustomization.yaml',
          1,
          1,
          'This kustomization uses helmCharts (needs --enable-helm), which svclint never enables (it would run code from the repository)',
        ],
        [
          'target-port-mismatch',
          'error',
          'app/web.yaml',
          11,
          19,
          'Service default/web port 80 targetPort "metrics" matches no container port named "metrics" in Deployment/web (its ports: http:8080/TCP)',
        ],
      ]);
    },
  );

  it('one with remote resources is a note naming them, and its local files are linted as written', async () => {
    tree({
      'app/kustomization.yaml':
        'resources:\n- web.yaml\n- https://github.com/org/repo//deploy?ref=v1\nnamePrefix: x-\n',
      'app/web.yaml': app('web'),
    });
    expect((await lintJson(['.'], { render: true })).map(brief)).toEqual([
      {
        ruleId: 'deployable-set',
        severity: 'note',
        file: 'app/kustomization.yaml',
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 11,
        message:
          'This kustomization uses remote resources (https://github.com/org/repo//deploy?ref=v1), which are not in the input; its 1 resource file(s) were linted as written; not applied: namePrefix',
      },
    ]);
  });

  it('one that is not a mapping is a warning, and no other file of its folder is lost', async () => {
    tree({ 'app/kustomization.yaml': '- web.yaml\n', 'app/web.yaml': app('web', { targetPort: 'metrics' }) });
    expect((await lintJson(['.'])).map((f) => [f.ruleId, f.severity, f.file, f.line, f.message.split(';')[0]])).toEqual(
      [
        [
          'deployable-set',
          'warning',
          'app/kustomization.yaml',
          1,
          'cannot read this kustomization: it is not a mapping',
        ],
        // It lists no resources svclint can read, so its folder's manifests are plain ones.
        [
          'target-port-mismatch',
          'error',
          'app/web.yaml',
          11,
          'Service default/web port 80 targetPort "metrics" matches no container port named "metrics" in Deployment/web (its ports: http:8080/TCP)',
        ],
      ],
    );
  });
});

describe('a kustomize Component that no kustomization uses', () => {
  it('is one note, and its resources are analysed nowhere (it applies only inside the kustomization that lists it)', async () => {
    tree({
      'components/assistant/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- assistant.yaml\n',
      // Its Deployment names the base's Service: alone, that would be a false dns-reference warning.
      'components/assistant/assistant.yaml': app('assistant', {
        extra: '          env:\n            - name: FRONTEND_ADDR\n              value: frontend:80\n',
      }),
    });
    expect((await lintJson(['.'])).map(brief)).toEqual([
      {
        ruleId: 'deployable-set',
        severity: 'note',
        file: 'components/assistant/kustomization.yaml',
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 5,
        message:
          'This kustomize Component is used by no kustomization in the input, so its 1 resource file(s) were not analysed: a component applies only inside the kustomization that lists it under components',
      },
    ]);
  });
});

describe('sets named in the configuration', () => {
  it('group the plain manifests their files, folders and globs match, whatever the detection would group', async () => {
    tree({
      'svclint.config.yaml': 'sets:\n  - name: shop\n    include: ["[a]/web.yaml", b]\n',
      // Alone, [a]/ and b/ redefine each other's Deployment and would be two sets; [a] is a literal folder name.
      '[a]/web.yaml': app('web'),
      '[a]/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n',
      'b/web.yaml': app('web').split('---\n')[1]!,
    });
    expect(await sets(['.'])).toBe(`configured set shop: 2 files, 3 objects
    why: named in the configuration (sets: shop)
    [a]/web.yaml
    b/web.yaml
folder [a]: 1 file, 1 object
    why: the manifests of this folder, applied together
    [a]/extra.yaml
2 deployable sets
`);
  });
});

describe('ConfigMaps and Secrets a kustomization generates', () => {
  const files = {
    'app/kustomization.yaml':
      'namespace: shop\nresources: [deployment.yaml, settings.yaml]\nconfigMapGenerator:\n  - name: app-confi\n    literals: [LOG_LEVEL=info]\n',
    'app/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  A: b\n',
    'app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: example/app:1.0
          envFrom:
            - configMapRef:
                name: app-confi
`,
  };

  it('count as defined when the kustomization is linted as written (no did-you-mean for a near name)', async () => {
    tree(files);
    const findings = await lintJson(['app', '--render', 'never']);
    expect(findings.filter((f) => f.ruleId === 'config-reference')).toEqual([]);
  });

  it('are in the rendered build, with their hashed names, so references to them resolve', async () => {
    if (!renderer) return;
    tree(files);
    const findings = await lintJson(['app'], { render: true });
    expect(findings.filter((f) => f.ruleId === 'config-reference')).toEqual([]);
  });
});
