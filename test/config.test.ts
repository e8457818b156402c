// The configuration file: discovery, validation messages, every setting's effect, flags over the file,
// --print-config, svclint init, the published schema, and the GitHub Action reading it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { configuredRules } from '../src/config/apply.js';
import { findConfigFile, parseConfig } from '../src/config/load.js';
import { starterConfig } from '../src/config/init.js';
import { CONFIG_SCHEMA_URL, configSchema } from '../src/config/schema.js';
import { lintPaths } from '../src/lint-paths.js';
import { defineRule, type Rule } from '../src/rule.js';
import { bundle } from '../scripts/bundle-action.mjs';
import { configSchemaText, UPDATE_HINT } from '../scripts/goldens.mjs';
import { cli, docs, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

let fixture: TempDir | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

/** A fixture that is a git repository root, so that discovery stops in it. */
function repo(files: Record<string, string>): TempDir {
  fixture = writeFixture({ '.git/HEAD': 'ref: refs/heads/main\n', ...files });
  return fixture;
}

const service = (name: string, target: string | number = 'http', extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: ${target}
${extra}`;

const deployment = (name: string) => `apiVersion: apps/v1
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
          image: example/${name}:1
          ports:
            - name: http
              containerPort: 8080
`;

/** A Service nothing selects: one orphan-service warning at 6:3. */
const LONELY = service('lonely', 80);
const LONELY_LINE = (file: string, severity = 'warning', namespace = 'default') =>
  `${file}:6:3: ${severity}: Service ${namespace}/lonely selects app=lonely, but no pod template in namespace ${namespace} has these labels, so it has no endpoints [orphan-service]\n`;

const compact = (argv: string[], cwd: string) => cli(['--format', 'compact', ...argv], { cwd });

describe('invalid configuration: exit 2, one line per problem with the file, the key path and what was expected', () => {
  it.each<[string, string, string[]]>([
    [
      'a misspelt severity',
      'rules:\n  orphan-service: warn\n',
      ['rules.orphan-service: must be one of off, note, warning, error (got "warn")'],
    ],
    [
      'a misspelt rule id',
      'rules:\n  orphan-servce: warning\n',
      ['rules.orphan-servce: unknown rule; did you mean orphan-service?'],
    ],
    [
      'an unknown rule id',
      'rules:\n  no-latest-tag: error\n',
      [`rules.no-latest-tag: unknown rule; the rules are ${rules.map((r) => r.meta.id).join(', ')}`],
    ],
    [
      'options for a rule that takes none',
      'rules:\n  orphan-service: [error, {ignore: [a]}]\n',
      ['rules.orphan-service[1].ignore: unknown option; orphan-service takes no options'],
    ],
    [
      'a severity in a list',
      'rules:\n  orphan-service: [warn]\n',
      ['rules.orphan-service[0]: must be one of off, note, warning, error (got "warn")'],
    ],
    [
      'a list too long',
      'rules:\n  orphan-service: [error, {}, 1]\n',
      ['rules.orphan-service: must be [severity] or [severity, {options}] (got a list of 3)'],
    ],
    [
      'a number as severity',
      'rules:\n  orphan-service: 2\n',
      ['rules.orphan-service: must be off, note, warning or error, or [severity, {options}] (got 2)'],
    ],
    ['a setting in the wrong case', 'failon: warning\n', ['failon: unknown setting; did you mean failOn?']],
    [
      'an unknown setting',
      'format: json\n',
      [
        'format: unknown setting; the settings are rules, nodePortRange, clusterDomain, kubernetesVersion, defaultNamespace, include, exclude, context, failOn, maxWarnings, render, sets, charts, cache, cacheLocation, externalWorkloads',
      ],
    ],
    [
      'a reversed node port range',
      'nodePortRange: 32767-30000\n',
      ['nodePortRange: end port cannot be less than start port: 32767-30000 (expected e.g. 30000-32767)'],
    ],
    [
      'a node port range that is no range',
      'nodePortRange: thirty\n',
      ['nodePortRange: must be a port range like 30000-32767 (got "thirty")'],
    ],
    [
      'a bad cluster domain',
      'clusterDomain: cluster_local\n',
      ['clusterDomain: must be a DNS domain like cluster.local (got "cluster_local")'],
    ],
    [
      'a namespace with capitals',
      'defaultNamespace: Shop\n',
      ['defaultNamespace: must be a namespace name (lowercase letters, digits and "-") (got "Shop")'],
    ],
    ['include as a string', 'include: k8s/\n', ['include: must be a list (got "k8s/")']],
    [
      'a negated include',
      'include: ["!legacy/**"]\n',
      ['include[0]: must be a file, folder or glob; "!" does not exclude here (use exclude) (got "!legacy/**")'],
    ],
    [
      'an unknown fail-on level',
      'failOn: warnings\n',
      ['failOn: must be one of error, warning, note, none (got "warnings")'],
    ],
    ['max warnings below -1 (no limit)', 'maxWarnings: -2\n', ['maxWarnings: must be -1 or more (got -2)']],
    [
      "settings' values alongside schema errors, in one pass",
      'failOn: fatal\nnodePortRange: 32767-30000\nclusterDomain: a..b\nmaxWarnings: -2\n',
      [
        'failOn: must be one of error, warning, note, none (got "fatal")',
        'nodePortRange: end port cannot be less than start port: 32767-30000 (expected e.g. 30000-32767)',
        'clusterDomain: must be a DNS domain like cluster.local (got "a..b")',
        'maxWarnings: must be -1 or more (got -2)',
      ],
    ],
    ['a fractional max warnings', 'maxWarnings: 1.5\n', ['maxWarnings: must be a whole number (got 1.5)']],
    ['the whole file a list', '- rules\n', ['must be a mapping (got a list)']],
    [
      'several problems, in file order',
      'failOn: fatal\nrules:\n  schema: loud\nexternalWorkloads:\n  - namespace: db\n    label: {app: pg}\n    ports:\n      - name: PG\n        containerPort: 70000\n        protocol: tcp\n',
      [
        'failOn: must be one of error, warning, note, none (got "fatal")',
        'rules.schema: must be one of off, note, warning, error (got "loud")',
        'externalWorkloads[0].labels: is required',
        'externalWorkloads[0].label: unknown field; did you mean labels?',
        'externalWorkloads[0].ports[0].name: must be a port name (at most 15 lowercase letters, digits and "-", with a letter) (got "PG")',
        'externalWorkloads[0].ports[0].containerPort: must be from 1 to 65535 (got 70000)',
        'externalWorkloads[0].ports[0].protocol: must be one of TCP, UDP, SCTP (got "tcp")',
      ],
    ],
    [
      'label keys and values',
      'externalWorkloads:\n  - labels:\n      app.kubernetes.io/name: 7\n      "bad key": x\n',
      [
        'externalWorkloads[0].labels["app.kubernetes.io/name"]: must be a string (got 7)',
        'externalWorkloads[0].labels["bad key"]: is not a label key (like app or app.kubernetes.io/name)',
      ],
    ],
  ])('%s', async (_name, config, problems) => {
    const dir = repo({ 'svclint.config.yaml': config, 'k8s/web.yaml': LONELY }).dir;
    expect(await cli(['k8s'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: problems.map((p) => `svclint: svclint.config.yaml: ${p}\n`).join(''),
    });
  });

  it.each<[string, string, string]>([
    [
      'a YAML syntax error',
      'rules:\n  orphan-service: [error\n',
      'svclint: svclint.config.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n',
    ],
    [
      'a duplicate key',
      'rules:\n  schema: error\n  schema: off\n',
      'svclint: svclint.config.yaml:3:3: Map keys must be unique\n',
    ],
    [
      'two documents',
      'failOn: error\n---\nfailOn: note\n',
      'svclint: svclint.config.yaml:2:1: a configuration file must hold one YAML document, not several\n',
    ],
  ])('%s: file:line:col', async (_name, config, stderr) => {
    const dir = repo({ 'svclint.config.yaml': config, 'k8s/web.yaml': LONELY }).dir;
    expect(await cli(['k8s'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr });
  });

  it('names a JSON file by its path relative to the working directory, and reports JSON syntax errors with their position', async () => {
    const dir = repo({
      '.svclintrc.json': '{\n  "rules": {\n    "orphan-service": "warn"\n  }\n}\n',
      'app/k8s/web.yaml': LONELY,
    }).dir;
    expect((await cli(['k8s'], { cwd: path.join(dir, 'app') })).stderr).toBe(
      'svclint: ../.svclintrc.json: rules.orphan-service: must be one of off, note, warning, error (got "warn")\n',
    );
    writeFileSync(
      path.join(dir, '.svclintrc.json'),
      '{\n  "rules": {\n    "orphan-service": "warning"\n    "schema": "error"\n  }\n}\n',
    );
    expect(await cli(['k8s'], { cwd: path.join(dir, 'app') })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^svclint: \.\.\/\.svclintrc\.json:4:5: [^\n]+\n$/),
    });
  });
});

describe('discovery', () => {
  it('finds the file in the working directory or a parent, by any of its names', async () => {
    for (const name of [
      'svclint.config.yaml',
      'svclint.config.yml',
      '.svclintrc.yaml',
      '.svclintrc.yml',
      '.svclintrc.json',
    ]) {
      const dir = repo({
        [name]: name.endsWith('.json') ? '{"rules": {"orphan-service": "error"}}' : 'rules:\n  orphan-service: error\n',
        'deploy/app/lonely.yaml': LONELY,
      }).dir;
      expect(await compact(['lonely.yaml'], path.join(dir, 'deploy', 'app')), name).toEqual({
        code: 1,
        stdout: LONELY_LINE('lonely.yaml', 'error'),
        stderr: '',
      });
      fixture!.remove();
    }
  });

  it('takes the nearest file, and stops at the root of the git repository', async () => {
    const dir = writeFixture({
      'svclint.config.yaml': 'rules:\n  orphan-service: off\n', // outside the repository: never read from inside it
      'repo/.git/HEAD': '',
      'repo/svclint.config.yaml': 'rules:\n  orphan-service: note\n',
      'repo/team/.svclintrc.yaml': 'rules:\n  orphan-service: error\n',
      'repo/team/k8s/lonely.yaml': LONELY,
      'repo/other/lonely.yaml': LONELY,
      'norepo/lonely.yaml': LONELY,
      'plain/.git/HEAD': '',
      'plain/lonely.yaml': LONELY,
    });
    fixture = dir;
    expect((await compact(['lonely.yaml'], dir.path('repo', 'team', 'k8s'))).stdout).toBe(
      LONELY_LINE('lonely.yaml', 'error'),
    );
    expect((await compact(['lonely.yaml'], dir.path('repo', 'other'))).stdout).toBe(LONELY_LINE('lonely.yaml', 'note'));
    expect((await compact(['lonely.yaml'], dir.path('plain'))).stdout).toBe(LONELY_LINE('lonely.yaml'));
    expect((await compact(['lonely.yaml'], dir.path('norepo'))).stdout).toBe(''); // no repository: up to the file system root
    expect(findConfigFile(dir.path('repo', 'team', 'k8s'))).toBe(dir.path('repo', 'team', '.svclintrc.yaml'));
    expect(findConfigFile(dir.path('plain'))).toBeNull();
  });

  it('refuses two configuration files in one folder', async () => {
    const dir = repo({ 'svclint.config.yaml': '', '.svclintrc.json': '{}', 'lonely.yaml': LONELY }).dir;
    expect(await cli(['lonely.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: svclint.config.yaml and .svclintrc.json: two configuration files in one folder; keep one\n',
    });
  });

  it('--config names another file (instead of the one found), relative to the working directory; --no-config uses none', async () => {
    const dir = repo({
      'svclint.config.yaml': 'rules:\n  orphan-service: off\n',
      'ci/strict.yaml': 'rules:\n  orphan-service: error\n',
      'lonely.yaml': LONELY,
    }).dir;
    expect(await compact(['lonely.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await compact(['--config', 'ci/strict.yaml', 'lonely.yaml'], dir)).toEqual({
      code: 1,
      stdout: LONELY_LINE('lonely.yaml', 'error'),
      stderr: '',
    });
    expect(await compact(['--no-config', 'lonely.yaml'], dir)).toEqual({
      code: 0,
      stdout: LONELY_LINE('lonely.yaml'),
      stderr: '',
    });
    expect(await cli(['--config', 'ci/nope.yaml', 'lonely.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: config file ci/nope.yaml does not exist\n',
    });
    expect((await cli(['--config', 'ci/strict.yaml', '--no-config', 'lonely.yaml'], { cwd: dir })).stderr).toBe(
      'svclint: --config and --no-config contradict each other; give one\n',
    );
  });

  it('an empty or all-comment file is an empty configuration', async () => {
    const dir = repo({ 'svclint.config.yaml': '# nothing yet\n', 'lonely.yaml': LONELY }).dir;
    expect(await compact(['lonely.yaml'], dir)).toEqual({ code: 0, stdout: LONELY_LINE('lonely.yaml'), stderr: '' });
  });
});

describe('settings', () => {
  it('rules: off disables a rule; a severity applies to every finding of the rule, in the output and the exit code', async () => {
    const files = { 'k8s/lonely.yaml': LONELY };
    const off = repo({ ...files, 'svclint.config.yaml': 'rules:\n  orphan-service: off\n' }).dir;
    expect(await compact(['k8s'], off)).toEqual({ code: 0, stdout: '', stderr: '' });
    fixture!.remove();
    const error = repo({ ...files, 'svclint.config.yaml': 'rules:\n  orphan-service: [error]\n' }).dir;
    expect(await compact(['k8s'], error)).toEqual({
      code: 1,
      stdout: LONELY_LINE('k8s/lonely.yaml', 'error'),
      stderr: '',
    });
    const json = JSON.parse((await cli(['--format', 'json', 'k8s'], { cwd: error })).stdout) as {
      summary: { errors: number; warnings: number };
    };
    expect(json.summary).toMatchObject({ errors: 1, warnings: 0 });
    fixture!.remove();
    const note = repo({ ...files, 'svclint.config.yaml': 'rules:\n  orphan-service: [note, {}]\n' }).dir;
    expect(await compact(['k8s', '--fail-on', 'warning'], note)).toEqual({
      code: 0,
      stdout: LONELY_LINE('k8s/lonely.yaml', 'note'),
      stderr: '',
    });
  });

  it('rules: a rule that reports errors and warnings gets the one severity for all of them', async () => {
    // target-port-mismatch: a named targetPort no container serves is an error, an undeclared number a warning.
    const manifests = docs(
      service('web', 'htp'),
      deployment('web'),
      service('api', 9090).replace(/app: api/, 'app: web'),
    );
    const levels = async (config: string) => {
      const dir = repo({ 'k8s/web.yaml': manifests, 'svclint.config.yaml': config }).dir;
      const run = await compact(['k8s'], dir);
      fixture!.remove();
      return {
        code: run.code,
        findings: run.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => /: (error|warning|note): .*\[(.*)\]$/.exec(l)!.slice(1).join(' ')),
      };
    };
    expect(await levels('')).toEqual({
      code: 1,
      findings: ['error target-port-mismatch', 'warning target-port-mismatch'],
    });
    expect(await levels('rules:\n  target-port-mismatch: warning\n')).toEqual({
      code: 0,
      findings: ['warning target-port-mismatch', 'warning target-port-mismatch'],
    });
    expect(await levels('rules:\n  target-port-mismatch: error\n')).toEqual({
      code: 1,
      findings: ['error target-port-mismatch', 'error target-port-mismatch'],
    });
  });

  it('nodePortRange: node-port-range checks against it; --node-port-range overrides it', async () => {
    const nodePort = service('web', 'http', '      nodePort: 31000\n  type: NodePort\n');
    const dir = repo({
      'k8s/web.yaml': docs(nodePort, deployment('web')),
      'svclint.config.yaml': 'nodePortRange: 30000-30999\n',
    }).dir;
    const run = await compact(['k8s'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^k8s\/web\.yaml:11:17: error: .*31000.*30000-30999.* \[node-port-range\]\n$/);
    expect(await compact(['k8s', '--node-port-range', '30000-32767'], dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('clusterDomain: the DNS names of Services; --cluster-domain overrides it', async () => {
    const dir = repo({
      'k8s/web.yaml': docs(service('web'), deployment('web')),
      'svclint.config.yaml': 'clusterDomain: corp.example.\n',
    }).dir;
    expect((await cli(['endpoints', '--verbose', 'k8s'], { cwd: dir })).stdout).toContain(
      '    dns web.default.svc.corp.example\n',
    );
    expect(
      (await cli(['endpoints', '--verbose', 'k8s', '--cluster-domain', 'k8s.local'], { cwd: dir })).stdout,
    ).toContain('    dns web.default.svc.k8s.local');
    // dns-reference resolves in-cluster names against it.
    const client = deployment('client').replace(
      '          ports:',
      '          env:\n            - name: API\n              value: http://api.default.svc.corp.example\n          ports:',
    );
    writeFileSync(path.join(dir, 'k8s', 'client.yaml'), client);
    expect((await compact(['k8s'], dir)).stdout).toMatch(
      /^k8s\/client\.yaml:\d+:\d+: warning: .*api\.default\.svc\.corp\.example.* \[dns-reference\]\n$/,
    );
    expect((await compact(['k8s', '--cluster-domain', 'cluster.local'], dir)).stdout).toBe('');
  });

  it('defaultNamespace: the namespace of objects that name none; --namespace overrides it', async () => {
    const dir = repo({ 'lonely.yaml': LONELY, 'svclint.config.yaml': 'defaultNamespace: shop\n' }).dir;
    expect((await compact(['lonely.yaml'], dir)).stdout).toBe(LONELY_LINE('lonely.yaml', 'warning', 'shop'));
    expect((await compact(['lonely.yaml', '-n', 'cart'], dir)).stdout).toBe(
      LONELY_LINE('lonely.yaml', 'warning', 'cart'),
    );
  });

  it('include: what is linted without paths, relative to the configuration file; paths on the command line replace it', async () => {
    const dir = repo({
      'svclint.config.yaml': 'include: ["k8s/", "extra/*.yaml"]\n',
      'k8s/lonely.yaml': LONELY,
      'extra/a.yaml': LONELY,
      'extra/b.yml': LONELY,
      'other/lonely.yaml': LONELY,
      'sub/dir/.keep': '',
    }).dir;
    expect((await compact([], dir)).stdout).toBe(LONELY_LINE('extra/a.yaml') + LONELY_LINE('k8s/lonely.yaml'));
    expect((await compact([], path.join(dir, 'sub', 'dir'))).stdout).toBe(
      LONELY_LINE('../../extra/a.yaml') + LONELY_LINE('../../k8s/lonely.yaml'),
    );
    expect((await compact(['other'], dir)).stdout).toBe(LONELY_LINE('other/lonely.yaml'));
    // Without include, no paths is still a usage error, which now mentions include.
    writeFileSync(path.join(dir, 'svclint.config.yaml'), 'failOn: error\n');
    expect(await cli([], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'svclint: no paths given: name files, folders, globs or "-" for standard input, or set include in svclint.config.yaml (see svclint --help)\n',
    });
  });

  it('exclude: files never read, whether named, in a folder, matched by include or loaded as context', async () => {
    const dir = repo({
      'svclint.config.yaml': 'include: [k8s]\nexclude: ["k8s/generated", "**/*.broken.yaml"]\ncontext: ["**/*.yaml"]\n',
      'k8s/lonely.yaml': LONELY,
      'k8s/generated/lonely.yaml': LONELY,
      'k8s/web.yaml': service('web'),
      'k8s/bad.broken.yaml': 'kind: [\n',
      'fixtures/generated/web.yaml': deployment('web'),
      'k8s/generated/web.yaml': deployment('web'), // excluded context: web stays unserved... unless fixtures/ has it
    }).dir;
    // fixtures/generated/web.yaml (not excluded) serves web through context; k8s/generated is not read at all.
    expect(await compact([], dir)).toEqual({ code: 0, stdout: LONELY_LINE('k8s/lonely.yaml'), stderr: '' });
    expect(await compact(['k8s/generated/lonely.yaml', 'k8s/bad.broken.yaml', 'k8s/lonely.yaml'], dir)).toEqual({
      code: 0,
      stdout: LONELY_LINE('k8s/lonely.yaml'),
      stderr: '',
    });
    // Everything named is excluded: nothing to lint, nothing found.
    const json = JSON.parse((await cli(['--format', 'json', 'k8s/generated'], { cwd: dir })).stdout) as {
      summary: { files: number };
    };
    expect(json.summary.files).toBe(3); // the context files only (not the configuration file either)
    writeFileSync(path.join(dir, 'svclint.config.yaml'), 'exclude: ["fixtures/**"]\ncontext: ["**/*.yaml"]\n');
    // Read now, k8s/generated/lonely.yaml would redefine Service default/lonely of k8s/lonely.yaml, which makes
    // k8s/generated an alternative set of its own (src/sets/group-plain.ts); without that copy k8s/ is one set.
    rmSync(path.join(dir, 'k8s', 'generated', 'lonely.yaml'));
    expect((await compact(['k8s/web.yaml'], dir)).stdout).toBe(''); // k8s/generated/web.yaml serves it now
  });

  it('context: the full manifest set for the analysis, findings only for the named files; --context replaces it', async () => {
    const dir = repo({
      'svclint.config.yaml': 'context: ["deploy/**/*.yaml", "!deploy/old/**"]\n',
      'services/web.yaml': service('web'),
      'services/api.yaml': service('api'),
      'deploy/web.yaml': deployment('web'),
      'deploy/old/api.yaml': deployment('api'),
      'deploy/lonely.yaml': LONELY,
    }).dir;
    const run = await compact(['services'], dir);
    expect(run.stdout).toMatch(
      /^services\/api\.yaml:6:3: warning: Service default\/api selects app=api, .* \[orphan-service\]\n$/,
    );
    expect((await compact(['services/web.yaml', '--context', 'nothing/**'], dir)).stdout).toMatch(
      /^services\/web\.yaml:6:3: warning: .*\[orphan-service\]\n$/,
    );
  });

  it('failOn and maxWarnings: the exit code; --fail-on and --max-warnings override them', async () => {
    const dir = repo({ 'lonely.yaml': LONELY, 'svclint.config.yaml': 'failOn: warning\n' }).dir;
    expect((await compact(['lonely.yaml'], dir)).code).toBe(1);
    expect((await compact(['lonely.yaml', '--fail-on', 'error'], dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'svclint.config.yaml'), 'maxWarnings: 0\n');
    expect((await compact(['lonely.yaml'], dir)).code).toBe(1);
    expect((await compact(['lonely.yaml', '--max-warnings', '1'], dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'svclint.config.yaml'), 'failOn: none\nmaxWarnings: 1\n');
    expect((await compact(['lonely.yaml'], dir)).code).toBe(0);
  });

  describe('externalWorkloads', () => {
    const operator = `externalWorkloads:
  - name: postgres
    namespace: data
    labels:
      app.kubernetes.io/name: postgres
      cluster: main
    ports:
      - name: postgres
        containerPort: 5432
  - labels: {app: legacy-api}
`;
    const db = (target: string) => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  selector:
    app.kubernetes.io/name: postgres
  ports:
    - port: 5432
      targetPort: ${target}
`;

    it('silences an orphan, resolves a named targetPort, and shows in the endpoint map', async () => {
      const dir = repo({
        'svclint.config.yaml': operator,
        'k8s/db.yaml': db('postgres'),
        'k8s/legacy.yaml': service('legacy-api'),
      }).dir;
      expect(await compact(['k8s'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect((await cli(['endpoints', 'k8s'], { cwd: dir })).stdout).toContain(
        'data/db:5432/TCP → ExternalWorkload/postgres/postgres:5432 (1 replica)',
      );
      // Without ports the ports are unknown: selected, but no port is checked.
      expect((await cli(['endpoints', 'k8s'], { cwd: dir })).stdout).toContain(
        'default/legacy-api:80/TCP → ExternalWorkload/app=legacy-api',
      );
      expect((await compact(['k8s', '--no-config'], dir)).stdout.match(/\[orphan-service\]/g)).toHaveLength(2);
      // The JSON report still satisfies its schema; the configuration file is no linted file (JUnit has no suite for it).
      const report = JSON.parse((await cli(['endpoints', '--format', 'json', 'k8s'], { cwd: dir })).stdout) as {
        summary: { files: number };
      };
      const reportSchema = JSON.parse(
        readFileSync(path.join(repoRoot, 'schemas', 'report.schema.json'), 'utf8'),
      ) as object;
      expect(new Ajv({ strict: false }).validate(reportSchema, report)).toBe(true);
      expect(report.summary.files).toBe(2);
      expect((await cli(['--format', 'junit', 'k8s'], { cwd: dir })).stdout).not.toContain('svclint.config.yaml');
    });

    it('keeps findings in the manifests, with a related location at the declaration in the configuration file', async () => {
      const dir = repo({ 'svclint.config.yaml': operator, 'k8s/db.yaml': db('pg') }).dir;
      const report = JSON.parse((await cli(['--format', 'json', '.'], { cwd: path.join(dir, 'k8s') })).stdout) as {
        findings: {
          ruleId: string;
          file: string;
          line: number;
          column: number;
          message: string;
          related: { file: string; line: number; column: number; message: string }[];
        }[];
      };
      expect(report.findings).toEqual([
        expect.objectContaining({
          ruleId: 'target-port-mismatch',
          file: 'db.yaml',
          line: 11,
          column: 19,
          message: expect.stringContaining(
            'matches no container port named "pg" in ExternalWorkload/postgres (its ports: postgres:5432/TCP)',
          ),
          related: [
            {
              file: '../svclint.config.yaml',
              line: 4,
              column: 5,
              endLine: 4,
              endColumn: 11,
              message: 'pod template of ExternalWorkload/postgres',
            },
          ],
        }),
      ]);
    });

    it('are in the namespace of defaultNamespace (or --namespace) unless they name one', async () => {
      const dir = repo({
        'svclint.config.yaml': 'defaultNamespace: shop\nexternalWorkloads:\n  - labels: {app: lonely}\n',
        'lonely.yaml': LONELY,
      }).dir;
      expect(await compact(['lonely.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect((await compact(['lonely.yaml', '-n', 'cart'], dir)).stdout).toBe(''); // both move to cart
      writeFileSync(
        path.join(dir, 'svclint.config.yaml'),
        'externalWorkloads:\n  - namespace: shop\n    labels: {app: lonely}\n    ports: [{containerPort: 80}]\n',
      );
      expect((await compact(['lonely.yaml'], dir)).stdout).toMatch(
        /ExternalWorkload\/app=lonely in namespace shop has them, but a Service selects pods in its own namespace only \[orphan-service\]\n$/,
      );
    });
  });
});

describe('--print-config', () => {
  it('prints the effective configuration as YAML (flags over the file over the defaults), a valid configuration itself', async () => {
    const dir = repo({
      'svclint.config.yaml':
        'rules:\n  schema: warning\nnodePortRange: 30000-30100\ninclude: [k8s]\nfailOn: warning\nexternalWorkloads:\n  - labels: {app: pg}\n    ports: [{containerPort: 5432}]\n',
      'sub/.keep': '',
    }).dir;
    const run = await cli(['--print-config', '--fail-on', 'note', '-n', 'shop'], { cwd: path.join(dir, 'sub') });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
      '# The effective configuration: built-in defaults < ../svclint.config.yaml < command-line flags.',
      '# Paths are relative to the working directory.',
    ]);
    expect(lines).toContain('  schema: warning');
    expect(lines).toContain('  # orphan-service: warning (its own severity)');
    expect(parse(run.stdout)).toEqual({
      rules: { schema: 'warning' },
      nodePortRange: '30000-30100',
      clusterDomain: 'cluster.local',
      kubernetesVersion: '1.34',
      defaultNamespace: 'shop',
      include: ['../k8s'],
      exclude: [],
      context: [],
      failOn: 'note',
      render: 'auto',
      sets: [],
      charts: [],
      cache: false,
      cacheLocation: '.svclintcache',
      externalWorkloads: [
        { name: 'app=pg', namespace: 'shop', labels: { app: 'pg' }, ports: [{ containerPort: 5432, protocol: 'TCP' }] },
      ],
    });
    await expect(
      parseConfig(run.stdout, { path: '/x/svclint.config.yaml', displayPath: 'printed', rules }),
    ).resolves.toBeTruthy();
  });

  it('prints JSON with --format json, with $schema; defaults when there is no file', async () => {
    const dir = repo({}).dir;
    const run = await cli(['--print-config', '--format', 'json', '--max-warnings', '3'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      $schema: CONFIG_SCHEMA_URL,
      rules: {},
      nodePortRange: '30000-32767',
      clusterDomain: 'cluster.local',
      kubernetesVersion: '1.34',
      defaultNamespace: 'default',
      include: [],
      exclude: [],
      context: [],
      failOn: 'error',
      maxWarnings: 3,
      render: 'auto',
      sets: [],
      charts: [],
      cache: false,
      cacheLocation: '.svclintcache',
      externalWorkloads: [],
    });
    expect(schemaValidator()(JSON.parse(run.stdout))).toBe(true);
  });

  it('reads kubernetesVersion as written (1.30 is not 1.3); --kubernetes-version overrides it', async () => {
    const dir = repo({ 'svclint.config.yaml': 'kubernetesVersion: 1.30\n' }).dir;
    const printed = async (args: string[]) =>
      (
        JSON.parse((await cli(['--print-config', '--format', 'json', ...args], { cwd: dir })).stdout) as {
          kubernetesVersion: string;
        }
      ).kubernetesVersion;
    expect(await printed([])).toBe('1.30');
    expect(await printed(['--kubernetes-version', 'v1.22.3'])).toBe('1.22');
    expect(await cli(['--print-config', '--kubernetes-version', '2.1'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'svclint: --kubernetes-version: not a Kubernetes 1.x version: 2.1 (expected e.g. 1.34)\n',
    });
    const bad = repo({ 'svclint.config.yaml': 'kubernetesVersion: "1.x"\n' }).dir;
    expect(await cli(['--print-config'], { cwd: bad })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'svclint.config.yaml: kubernetesVersion: must be a Kubernetes version like "1.34"',
      ),
    });
  });

  it('fails like a lint run on an invalid file', async () => {
    const dir = repo({ 'svclint.config.yaml': 'failOn: always\n' }).dir;
    expect(await cli(['--print-config'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: svclint.config.yaml: failOn: must be one of error, warning, note, none (got "always")\n',
    });
  });
});

describe('svclint init', () => {
  it('writes a commented starter configuration that is valid as it is and with every setting uncommented', async () => {
    const dir = repo({ 'k8s/lonely.yaml': LONELY }).dir;
    expect(await cli(['init'], { cwd: dir })).toEqual({
      code: 0,
      stdout:
        'svclint: wrote svclint.config.yaml: every setting is commented out with its default; uncomment what you change\n',
      stderr: '',
    });
    const text = readFileSync(path.join(dir, 'svclint.config.yaml'), 'utf8');
    expect(text).toBe(starterConfig(rules));
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`);
    expect(parse(text)).toBeNull(); // all comments
    for (const rule of rules) expect(text).toContain(`#   ${rule.meta.id}: ${rule.meta.severity} `);
    const active = starterConfig(rules, { commented: false });
    const parsed = parse(active) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'rules',
      'nodePortRange',
      'clusterDomain',
      'kubernetesVersion',
      'defaultNamespace',
      'include',
      'exclude',
      'context',
      'failOn',
      'maxWarnings',
      'render',
      'sets',
      'charts',
      'cache',
      'cacheLocation',
      'externalWorkloads',
    ]);
    expect(schemaValidator()(parsed)).toBe(true);
    await expect(
      parseConfig(active, { path: '/x/svclint.config.yaml', displayPath: 'x', rules }),
    ).resolves.toMatchObject({ failOn: 'error' });
    // The written file lints like no configuration at all.
    expect(await compact(['k8s'], dir)).toEqual({ code: 0, stdout: LONELY_LINE('k8s/lonely.yaml'), stderr: '' });
  });

  it('does not overwrite an existing file unless --force', async () => {
    const dir = repo({ 'svclint.config.yaml': 'failOn: note\n' }).dir;
    expect(await cli(['init'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: svclint.config.yaml already exists; use svclint init --force to overwrite it\n',
    });
    expect(readFileSync(path.join(dir, 'svclint.config.yaml'), 'utf8')).toBe('failOn: note\n');
    expect((await cli(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(path.join(dir, 'svclint.config.yaml'), 'utf8')).toBe(starterConfig(rules));
  });

  it('refuses to add a second configuration file to a folder, and takes no paths', async () => {
    const dir = repo({ '.svclintrc.json': '{}' }).dir;
    expect((await cli(['init', '--force'], { cwd: dir })).stderr).toBe(
      'svclint: .svclintrc.json already exists: svclint reads one configuration file per folder; edit that one (or remove it first)\n',
    );
    expect((await cli(['init', 'k8s'], { cwd: dir })).stderr).toBe(
      'svclint: svclint init takes no paths: it writes svclint.config.yaml in the working directory\n',
    );
    expect((await cli(['--force', 'k8s'], { cwd: dir })).stderr).toBe(
      'svclint: --force does not apply to svclint lint, only to svclint init (see svclint help lint)\n',
    );
  });
});

/** ajv (strict) on the published schema file. */
function schemaValidator() {
  const ajv = new Ajv({ allErrors: true, strictTuples: false });
  ajv.addVocabulary(['markdownDescription', 'patternErrorMessage', 'errorMessage']);
  return ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'config.schema.json'), 'utf8')) as object);
}

describe('the published schema', () => {
  it('is schemas/config.schema.json (npm run update rewrites it)', () => {
    const published = readFileSync(path.join(repoRoot, 'schemas', 'config.schema.json'), 'utf8');
    expect(
      published === configSchemaText(configSchema, rules),
      `schemas/config.schema.json is out of date: ${UPDATE_HINT}`,
    ).toBe(true);
  });

  it('is a valid draft-07 schema whose $id is the URL of the modeline, with every rule', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'config.schema.json'), 'utf8')) as {
      $id: string;
      $schema: string;
      properties: { rules: { properties: Record<string, { default: string }> } };
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toBe(CONFIG_SCHEMA_URL);
    expect(CONFIG_SCHEMA_URL).toBe('https://raw.githubusercontent.com/svclint/svclint/main/schemas/config.schema.json');
    expect(Object.keys(schema.properties.rules.properties)).toEqual(rules.map((r) => r.meta.id));
    for (const rule of rules)
      expect(schema.properties.rules.properties[rule.meta.id]!.default).toBe(rule.meta.severity);
    expect(schemaValidator()({ rules: { 'orphan-service': 'warn' } })).toBe(false);
  });

  it('validates the README example, which has every setting', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const example = /```yaml\n(# yaml-language-server: [^\n]*\n# svclint\.config\.yaml\n[\s\S]*?)```/.exec(readme)![1]!;
    expect(example).toContain(`# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`);
    const data = parse(example) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(
      [
        'rules',
        'nodePortRange',
        'clusterDomain',
        'kubernetesVersion',
        'defaultNamespace',
        'include',
        'exclude',
        'context',
        'failOn',
        'maxWarnings',
        'externalWorkloads',
      ].sort(),
    );
    expect(schemaValidator()(data)).toBe(true);
    await expect(
      parseConfig(example, { path: '/x/svclint.config.yaml', displayPath: 'x', rules }),
    ).resolves.toBeTruthy();
  });
});

describe('rule options', () => {
  const seen: unknown[] = [];
  const withOptions: Rule = defineRule({
    meta: {
      id: 'max-ports',
      severity: 'warning',
      description: 'Test rule with options.',
      rationale: 'test',
      examples: { valid: [], invalid: [] },
      options: { type: 'object', additionalProperties: false, properties: { max: { type: 'integer', minimum: 1 } } },
    },
    check({ model, options, report }) {
      seen.push(options);
      const max = (options?.max as number | undefined) ?? 8;
      for (const s of model.services)
        if (s.ports.length > max)
          report({
            object: s,
            fileId: s.fileId,
            range: s.nameRange,
            path: 'spec.ports',
            message: `more than ${max} ports`,
          });
    },
  });
  const custom = [...rules, withOptions];

  it("are validated against the rule's options schema and reach its check", async () => {
    const source = { path: '/x/c.yaml', displayPath: 'c.yaml', rules: custom };
    await expect(parseConfig('rules:\n  max-ports: [error, {max: 0}]\n', source)).rejects.toThrow(
      'c.yaml: rules.max-ports[1].max: must be 1 or more (got 0)',
    );
    await expect(parseConfig('rules:\n  max-ports: [error, {maximum: 2}]\n', source)).rejects.toThrow(
      'c.yaml: rules.max-ports[1].maximum: unknown option; did you mean max?',
    );
    const config = await parseConfig('rules:\n  max-ports: [note, {max: 0.5}]\n', source).catch(
      (e: Error) => e.message,
    );
    expect(config).toBe('c.yaml: rules.max-ports[1].max: must be a whole number (got 0.5)');
    const valid = await parseConfig('rules:\n  max-ports: [error, {max: 1}]\n', source);
    expect(configSchema(custom)).toHaveProperty([
      'properties',
      'rules',
      'properties',
      'max-ports',
      'anyOf',
      1,
      'items',
      1,
      'properties',
      'max',
    ]);

    fixture = writeFixture({
      'a.yaml': service('web', 'http', '    - name: b\n      port: 81\n').replace(
        '    - port: 80',
        '    - name: a\n      port: 80',
      ),
    });
    const result = await lintPaths(['a.yaml'], {
      cwd: fixture.dir,
      rules: configuredRules([withOptions], valid.rules),
    });
    expect(seen.at(-1)).toEqual({ max: 1 });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['max-ports', 'error', 'more than 1 ports'],
    ]);
  });
});

describe('the GitHub Action', () => {
  it('reads the configuration found from working-directory (or the config input), under its inputs', async () => {
    // The action bundled from the current sources, laid out as in the repository (schemas/ and package.json two up).
    fixture = writeFixture({});
    mkdirSync(fixture.path('action', 'dist', 'action'), { recursive: true });
    const main = fixture.path('action', 'dist', 'action', 'index.mjs');
    writeFileSync(main, await bundle({ entry: 'src/action/main.ts' }));
    symlinkSync(path.join(repoRoot, 'schemas'), fixture.path('action', 'schemas'));
    symlinkSync(path.join(repoRoot, 'package.json'), fixture.path('action', 'package.json'));
    const workspace = fixture.path('workspace');
    const files: Record<string, string> = {
      '.git/HEAD': '',
      'svclint.config.yaml': 'failOn: warning\nmaxWarnings: 5\n',
      'app/.svclintrc.yaml':
        'rules:\n  orphan-service: error\ninclude: [k8s]\nexternalWorkloads:\n  - namespace: default\n    labels: {app: db}\n',
      'app/k8s/lonely.yaml': LONELY,
      'app/k8s/db.yaml': service('db', 5432),
      'app/other/lonely.yaml': LONELY,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      writeFileSync(path.join(workspace, file), text);
    }
    const declared = (
      parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
    ).inputs;
    const runAction = (inputs: Record<string, string>) => {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
      };
      for (const [name, input] of Object.entries(declared))
        env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? input.default ?? '';
      const child = spawnSync(process.execPath, [main], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
      const commands = child.stdout.split('\n').filter((l) => /^::(error|warning|notice) /.test(l));
      return { code: child.status, stdout: child.stdout, commands };
    };

    // app/.svclintrc.yaml (nearest to working-directory): its include, its severity, its external workload.
    const app = runAction({ 'working-directory': 'app', 'sarif-file': '' });
    expect(app.stdout).toContain('svclint: configuration app/.svclintrc.yaml\n');
    expect(app.commands).toEqual([
      expect.stringMatching(
        /^::error title=orphan-service,file=app\/k8s\/lonely\.yaml,line=6,endLine=6,col=3,endColumn=11::Service default\/lonely/,
      ),
    ]);
    expect(app.code).toBe(1);
    // The config input names the file (relative to working-directory); the fail-on input overrides its failOn.
    const root = runAction({ config: 'svclint.config.yaml', paths: 'app/k8s', 'sarif-file': '' });
    expect(root.commands).toHaveLength(2);
    expect(root.code).toBe(1);
    expect(
      runAction({ config: 'svclint.config.yaml', paths: 'app/k8s', 'sarif-file': '', 'fail-on': 'error' }).code,
    ).toBe(0);
    // maxWarnings of the file fails the step.
    writeFileSync(path.join(workspace, 'svclint.config.yaml'), 'maxWarnings: 1\n');
    const many = runAction({ paths: 'app/k8s app/other', 'sarif-file': '' });
    expect(many.code).toBe(1);
    expect(many.stdout).toContain(
      '::error::svclint: 3 warnings, more than maxWarnings (1) (0 errors, 3 warnings, 0 notes)',
    );
    // An invalid file fails the step with each problem.
    writeFileSync(path.join(workspace, 'svclint.config.yaml'), 'failOn: sometimes\nmaxWarnings: many\n');
    const invalid = runAction({ 'sarif-file': '' });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain(
      '::error::svclint: svclint.config.yaml: failOn: must be one of error, warning, note, none (got "sometimes")%0Asvclint: svclint.config.yaml: maxWarnings: must be a whole number (got "many")',
    );
  }, 120_000);
});
