// Helm output: standard input split by its # Source: comments, and charts rendered with helm template when helm is
// on PATH (here a stand-in script that records its arguments and prints what helm would render).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, writeFixture, type TempDir } from './helpers.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
`;

const DEPLOYMENT = `apiVersion: apps/v1
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
            - name: web
              containerPort: 80
`;

/** What `helm template` prints for the chart: each template after a --- line and its # Source: comment. */
const RENDERED = `---\n# Source: shop/templates/service.yaml\n${SERVICE}---\n# Source: shop/templates/deployment.yaml\n${DEPLOYMENT}`;

const MISMATCH =
  'Service default/web port 80 targetPort "http" matches no container port named "http" in Deployment/web (its ports: web:80/TCP); those pods get no traffic on this port';

describe('standard input', () => {
  it("names each finding after the template of its # Source: comment, at its line in that template's output", async () => {
    const run = await cli(['-', '--format', 'compact'], { stdin: RENDERED });
    // targetPort is on line 12 of the service template's output, which starts with its --- and # Source: lines.
    expect(run.stdout).toBe(`shop/templates/service.yaml:12:19: error: ${MISMATCH} [target-port-mismatch]\n`);
    expect(run.code).toBe(1);
  });

  it('names a stream without # Source: comments after --stdin-filename', async () => {
    const run = await cli(['-', '--stdin-filename', 'k8s/web.yaml', '--format', 'compact'], {
      stdin: `${SERVICE}---\n${DEPLOYMENT}`,
    });
    expect(run.stdout).toBe(`k8s/web.yaml:10:19: error: ${MISMATCH} [target-port-mismatch]\n`);
  });

  it('is exit 2 with one line when it holds no Kubernetes object (the command before the pipe failed)', async () => {
    const run = await cli(['-'], { stdin: '' });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: standard input holds no Kubernetes object (did the command before the pipe fail?)\n',
    });
  });

  it('refuses --stdin-filename without "-"', async () => {
    const run = await cli(['k8s/', '--stdin-filename', 'x.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('svclint: --stdin-filename names standard input: give a name, and "-" among the paths\n');
  });
});

describe('a Helm chart', () => {
  const dirs: TempDir[] = [];
  afterAll(() => dirs.forEach((d) => d.remove()));

  /** A repository with one chart, and a bin folder whose helm records its arguments in helm.log. */
  function repository(helmScript: string | null, config?: string): { dir: TempDir; env: Record<string, string> } {
    const template = SERVICE.replace('name: web\n', 'name: {{ include "shop.fullname" . }}\n');
    const dir = writeFixture({
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'chart/values.yaml': 'replicas: 2\n',
      'chart/values-prod.yaml': 'replicas: 3\n',
      'chart/templates/service.yaml': template,
      'chart/templates/deployment.yaml': DEPLOYMENT.replace('name: web\nspec:', 'name: {{ .Release.Name }}\nspec:'),
      ...(config && { 'svclint.config.yaml': config }),
    });
    dirs.push(dir);
    const bin = path.join(dir.dir, 'bin');
    mkdirSync(bin);
    if (helmScript !== null) {
      writeFileSync(path.join(bin, 'helm'), helmScript);
      chmodSync(path.join(bin, 'helm'), 0o755);
    }
    return { dir, env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } };
  }

  const standIn = (log: string) => `#!/bin/sh\necho "$@" >> '${log}'\ncat <<'YAML'\n${RENDERED}YAML\n`;

  it('is rendered with helm template, and findings point at the template line that reads the same', async () => {
    const { dir, env } = repository(null);
    const log = path.join(dir.dir, 'helm.log');
    writeFileSync(path.join(dir.dir, 'bin', 'helm'), standIn(log), { mode: 0o755 });
    const run = await cli(['chart', '--format', 'compact'], { cwd: dir.dir, env });
    expect(run.stdout).toBe(`chart/templates/service.yaml:10:19: error: ${MISMATCH} [target-port-mismatch]\n`);
    expect(readFileSync(log, 'utf8')).toBe(
      `template chart ${path.join(dir.dir, 'chart')} --namespace default --kube-version v1.34.0\n`,
    );
  });

  it('is one set per configured release, each with its namespace and value files', async () => {
    const config =
      'charts:\n  - path: chart\n    release: shop\n    namespace: shop\n    values: [chart/values-prod.yaml]\n  - path: chart\n    release: shop-dev\n';
    const { dir, env } = repository(null, config);
    const log = path.join(dir.dir, 'helm.log');
    writeFileSync(path.join(dir.dir, 'bin', 'helm'), standIn(log), { mode: 0o755 });
    const run = await cli(['sets', 'chart'], { cwd: dir.dir, env });
    const chart = path.join(dir.dir, 'chart');
    expect(readFileSync(log, 'utf8').split('\n').sort()).toEqual(
      [
        '',
        `template shop ${chart} --namespace shop --values ${path.join(chart, 'values-prod.yaml')} --kube-version v1.34.0`,
        `template shop-dev ${chart} --namespace default --kube-version v1.34.0`,
      ].sort(),
    );
    expect(run.stdout).toBe(
      [
        'Helm chart chart: 2 files, 2 objects, rendered by helm template',
        '    why: a Helm chart of 5 file(s), release shop with values-prod.yaml; its templates are read only as helm template renders them',
        '    defined by: chart/Chart.yaml',
        '    chart/templates/service.yaml',
        '    chart/templates/deployment.yaml',
        'Helm chart chart: 2 files, 2 objects, rendered by helm template',
        '    why: a Helm chart of 5 file(s), release shop-dev; its templates are read only as helm template renders them',
        '    defined by: chart/Chart.yaml',
        '    chart/templates/service.yaml',
        '    chart/templates/deployment.yaml',
        '2 deployable sets',
        '',
      ].join('\n'),
    );
  });

  it('that helm cannot render is one warning at its Chart.yaml', async () => {
    const { dir, env } = repository(
      '#!/bin/sh\necho "Error: template: shop/templates/service.yaml:4:11: executing \\"shop.fullname\\": no template" >&2\nexit 1\n',
    );
    const run = await cli(['chart', '--format', 'compact'], { cwd: dir.dir, env });
    expect(run.stdout).toBe(
      'chart/Chart.yaml:1:1: warning: helm template could not render chart chart (release chart): template: shop/templates/service.yaml:4:11: executing "shop.fullname": no template; it was not analysed [deployable-set]\n',
    );
  });

  it('without helm is one note at its Chart.yaml, and no template is read as a manifest', async () => {
    const { dir } = repository(null);
    const run = await cli(['.', '--format', 'compact'], { cwd: dir.dir, env: { PATH: path.join(dir.dir, 'bin') } });
    expect(run.stdout).toBe(
      'chart/Chart.yaml:1:1: note: Helm chart chart was not analysed (helm is not on PATH): its templates are not manifests until rendered; install helm, or lint the rendered chart with `helm template chart chart | svclint -` [deployable-set]\n',
    );
    expect(run.code).toBe(0);
  });

  it('is not rendered with --render never, even with helm on PATH', async () => {
    const { dir, env } = repository(null);
    writeFileSync(path.join(dir.dir, 'bin', 'helm'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const run = await cli(['chart', '--render', 'never', '--format', 'compact'], { cwd: dir.dir, env });
    expect(run.stdout).toContain('note: Helm chart chart was not analysed (rendering is off: --render never)');
  });
});
