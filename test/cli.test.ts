// The CLI in-process (runCli with a fake environment), and once as a real process.
import { rules as registeredRules } from '../rules/index.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP } from '../src/cli/args.js';
import { ANSI, cli, docs, linkVariables, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

/** A Service and the Deployment it selects, wired correctly: no findings. */
const CLEAN = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
`;

/** One warning: a Service whose selector matches no pods (orphan-service at 6:3). */
const WARNING = `apiVersion: v1
kind: Service
metadata:
  name: lonely
spec:
  selector:
    app: lonely
  ports:
    - name: http
      port: 80
`;

/** One error: a document that is a scalar (parse-error at 1:1). */
const ERROR = 'just text\n';

const WARNING_LINE =
  'warning.yaml:6:3: warning: Service default/lonely selects app=lonely, but no pod template in namespace default has these labels, so it has no endpoints [orphan-service]\n';
const ERROR_LINE =
  'error.yaml:1:1: error: Document is a scalar value, not a Kubernetes object (a mapping with apiVersion and kind) [parse-error]\n';

let fixture: TempDir;
beforeAll(() => {
  fixture = writeFixture({ 'clean.yaml': CLEAN, 'warning.yaml': WARNING, 'error.yaml': ERROR, 'out/.keep': '' });
});
afterAll(() => fixture.remove());

const run = (argv: string[], options: Parameters<typeof cli>[1] = {}) => cli(argv, { cwd: fixture.dir, ...options });

describe('exit codes', () => {
  it.each<[string, string[], number]>([
    ['no findings', ['clean.yaml'], 0],
    ['a warning, --fail-on error (the default)', ['warning.yaml'], 0],
    ['an error, --fail-on error (the default)', ['error.yaml'], 1],
    ['a warning, --fail-on warning', ['--fail-on', 'warning', 'warning.yaml'], 1],
    ['an error, --fail-on warning', ['--fail-on', 'warning', 'error.yaml'], 1],
    ['no findings, --fail-on warning', ['--fail-on', 'warning', 'clean.yaml'], 0],
    ['a warning, --fail-on note', ['--fail-on', 'note', 'warning.yaml'], 1],
    ['no findings, --fail-on note', ['--fail-on', 'note', 'clean.yaml'], 0],
    ['an error, --fail-on none', ['--fail-on', 'none', 'error.yaml'], 0],
    ['a warning, --fail-on none', ['--fail-on', 'none', 'warning.yaml'], 0],
    ['1 warning, --max-warnings 0', ['--max-warnings', '0', 'warning.yaml'], 1],
    ['1 warning, --max-warnings 1', ['--max-warnings', '1', 'warning.yaml'], 0],
    [
      '1 warning, --max-warnings=0 --fail-on none (the warning limit still applies)',
      ['--max-warnings=0', '--fail-on', 'none', 'warning.yaml'],
      1,
    ],
    ['1 warning, --quiet', ['--quiet', 'warning.yaml'], 0],
    [
      '1 warning, --quiet --max-warnings 0 (hidden warnings still count, as in ESLint)',
      ['-q', '--max-warnings', '0', 'warning.yaml'],
      1,
    ],
    ['1 warning, --quiet --fail-on warning', ['--quiet', '--fail-on', 'warning', 'warning.yaml'], 1],
    ['an error, --quiet', ['--quiet', 'error.yaml'], 1],
    ['an error, explicit lint command', ['lint', 'error.yaml'], 1],
    ['an error, endpoints command (it reports endpoints, not findings)', ['endpoints', 'error.yaml'], 0],
  ])('%s: %j exits %i', async (_name, argv, code) => {
    const result = await run(argv);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(code);
  });

  it('--quiet prints errors only, and counts only them in the summary', async () => {
    expect(await run(['--quiet', '-f', 'compact', 'warning.yaml', 'error.yaml'])).toEqual({
      code: 1,
      stdout: ERROR_LINE,
      stderr: '',
    });
    expect(await run(['--quiet', 'warning.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const stylish = await run(['--quiet', 'warning.yaml', 'error.yaml']);
    expect(stylish.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 notes)');
    expect(stylish.stdout).not.toContain('orphan-service');
    const json = JSON.parse((await run(['--quiet', '-f', 'json', 'warning.yaml', 'error.yaml'])).stdout);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['parse-error']);
    expect(json.summary).toMatchObject({ errors: 1, warnings: 0, notes: 0 });
  });

  it('prints findings of all files on stdout, one per line in compact format', async () => {
    expect(await run(['-f', 'compact', 'warning.yaml', 'error.yaml', 'clean.yaml'])).toEqual({
      code: 1,
      stdout: ERROR_LINE + WARNING_LINE,
      stderr: '',
    });
  });
});

describe('--kubernetes-version', () => {
  const files = {
    'old.yaml': `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox:1.36
`,
  };
  it('judges apiVersions against the cluster it names (default 1.34)', async () => {
    const { dir } = writeFixture(files);
    const at = async (...flags: string[]) => (await cli(['-f', 'compact', ...flags, 'old.yaml'], { cwd: dir })).stdout;
    expect(await at()).toBe(
      'old.yaml:1:13: error: CronJob default/report uses batch/v1beta1, which Kubernetes 1.34 does not serve (removed in 1.25): the API server rejects it ("no matches for kind "CronJob" in version "batch/v1beta1""); use batch/v1 (served since 1.21) [api-version]\n',
    );
    expect(await at('--kubernetes-version', '1.24')).toBe(
      'old.yaml:1:13: warning: CronJob default/report uses batch/v1beta1 CronJob, deprecated since 1.21: Kubernetes 1.25 no longer serves it; use batch/v1 (served since 1.21) [api-version]\n',
    );
    expect(await at('--kubernetes-version', 'v1.20.7')).toBe('');
  });
});

describe('usage errors: exit 2, one line on stderr, no stack trace', () => {
  it.each<[string, string[], string | RegExp]>([
    [
      'no paths',
      [],
      'svclint: no paths given: name files, folders, globs or "-" for standard input (see svclint --help)\n',
    ],
    ['unknown flag', ['--bogus', 'clean.yaml'], 'svclint: unknown option --bogus (see svclint --help)\n'],
    [
      'a misspelt flag',
      ['--fromat', 'json', 'clean.yaml'],
      'svclint: unknown option --fromat; did you mean --format? (see svclint --help)\n',
    ],
    [
      'a misspelt flag with its value',
      ['--max-warning=3', 'clean.yaml'],
      'svclint: unknown option --max-warning; did you mean --max-warnings? (see svclint --help)\n',
    ],
    ['unknown short flag', ['-z', 'clean.yaml'], 'svclint: unknown option -z (see svclint --help)\n'],
    ['unknown short flag in a group', ['-qz', 'clean.yaml'], 'svclint: unknown option -z (see svclint --help)\n'],
    ['a flag without its value', ['clean.yaml', '--format'], 'svclint: --format needs a value (see svclint --help)\n'],
    [
      'a flag followed by another flag',
      ['--format', '--quiet', 'clean.yaml'],
      'svclint: --format needs a value (see svclint --help)\n',
    ],
    [
      'a short flag without its value',
      ['clean.yaml', '-f'],
      'svclint: -f, --format needs a value (see svclint --help)\n',
    ],
    [
      'a boolean flag with a value',
      ['--color=yes', 'clean.yaml'],
      'svclint: --color takes no value (see svclint --help)\n',
    ],
    [
      'bad --format',
      ['--format', 'xml', 'clean.yaml'],
      'svclint: --format must be one of stylish, compact, json, sarif, github, junit, gitlab, markdown, not "xml"\n',
    ],
    [
      'bad -f',
      ['-f', 'SARIF', 'clean.yaml'],
      'svclint: --format must be one of stylish, compact, json, sarif, github, junit, gitlab, markdown, not "SARIF"\n',
    ],
    [
      'bad --fail-on',
      ['--fail-on', 'warn', 'clean.yaml'],
      'svclint: --fail-on must be one of error, warning, note, none, not "warn"\n',
    ],
    [
      '--max-warnings below -1',
      ['--max-warnings=-2', 'clean.yaml'],
      'svclint: --max-warnings must be a whole number >= 0, or -1 for no limit, not "-2"\n',
    ],
    [
      'fractional --max-warnings',
      ['--max-warnings', '1.5', 'clean.yaml'],
      'svclint: --max-warnings must be a whole number >= 0, or -1 for no limit, not "1.5"\n',
    ],
    [
      'empty --max-warnings',
      ['--max-warnings=', 'clean.yaml'],
      'svclint: --max-warnings must be a whole number >= 0, or -1 for no limit, not ""\n',
    ],
    [
      '--max-warnings in exponent notation',
      ['--max-warnings', '1e3', 'clean.yaml'],
      'svclint: --max-warnings must be a whole number >= 0, or -1 for no limit, not "1e3"\n',
    ],
    ['empty --namespace', ['--namespace', '', 'clean.yaml'], 'svclint: --namespace must not be empty\n'],
    ['a missing file', ['clean.yaml', 'missing.yaml'], 'svclint: missing.yaml: no such file or directory\n'],
    ['a glob that matches nothing', ['*.nothing'], 'svclint: *.nothing: no files match this pattern\n'],
    [
      '--output into a missing folder',
      ['-o', 'nope/report.txt', 'clean.yaml'],
      'svclint: nope/report.txt: cannot write the report: its folder does not exist\n',
    ],
    ['--output onto a folder', ['-o', 'out', 'clean.yaml'], 'svclint: out: cannot write the report: is a directory\n'],
  ])('%s', async (_name, argv, stderr) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
    else expect(result.stderr).toMatch(stderr);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('--version and --help', () => {
  it.each([['--version'], ['-v'], ['--version', 'clean.yaml']])(
    '%s prints the version from package.json',
    async (...argv) => {
      expect(await run(argv)).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
    },
  );

  it.each([['--help'], ['-h'], ['help'], ['--help', 'clean.yaml']])('%s prints the help', async (...argv) => {
    const result = await run(argv);
    expect(result).toEqual({ code: 0, stdout: HELP, stderr: '' });
    expect(result.stdout.startsWith('Usage: svclint [lint] [options] <paths...>\n')).toBe(true);
    for (const flag of [
      '--format',
      '--namespace',
      '--fail-on',
      '--max-warnings',
      '--quiet',
      '--output',
      '--no-color',
      '--debug',
      '--version',
      '--help',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe('--output', () => {
  it('writes the report to the file, relative to cwd, and nothing to stdout', async () => {
    const onStdout = await run(['-f', 'compact', 'warning.yaml']);
    const result = await run(['-f', 'compact', '--output', 'out/report.txt', 'warning.yaml']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(fixture.path('out', 'report.txt'), 'utf8')).toBe(onStdout.stdout);
    expect(onStdout.stdout).toBe(WARNING_LINE);
  });

  it('keeps the exit code', async () => {
    const result = await run(['-o', 'out/errors.json', '-f', 'json', 'error.yaml']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(fixture.path('out', 'errors.json'), 'utf8')).summary.errors).toBe(1);
  });

  it('writes no colours even when stdout is a terminal, unless --color says so', async () => {
    await run(['-o', 'out/plain.txt', 'warning.yaml'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(readFileSync(fixture.path('out', 'plain.txt'), 'utf8')).not.toMatch(ANSI);
    await run(['-o', 'out/colour.txt', '--color', 'warning.yaml']);
    expect(readFileSync(fixture.path('out', 'colour.txt'), 'utf8')).toMatch(ANSI);
  });
});

describe('colours', () => {
  it.each<[string, string[], Record<string, string>, boolean, boolean]>([
    ['not a terminal', [], {}, false, false],
    ['a terminal', [], {}, true, true],
    ['a terminal, NO_COLOR set', [], { NO_COLOR: '1' }, true, false],
    ['a terminal, NO_COLOR empty (ignored, per no-color.org)', [], { NO_COLOR: '' }, true, true],
    ['not a terminal, FORCE_COLOR=1', [], { FORCE_COLOR: '1' }, false, true],
    ['not a terminal, FORCE_COLOR empty', [], { FORCE_COLOR: '' }, false, true],
    ['a terminal, FORCE_COLOR=0', [], { FORCE_COLOR: '0' }, true, false],
    ['a terminal, FORCE_COLOR=false', [], { FORCE_COLOR: 'false' }, true, false],
    ['NO_COLOR wins over FORCE_COLOR', [], { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    ['--color wins over NO_COLOR and no terminal', ['--color'], { NO_COLOR: '1' }, false, true],
    ['--no-color wins over FORCE_COLOR and a terminal', ['--no-color'], { FORCE_COLOR: '1' }, true, false],
    ['--no-color wins over --color', ['--color', '--no-color'], {}, true, false],
  ])('%s', async (_name, flags, env, tty, coloured) => {
    const result = await run([...flags, 'warning.yaml'], { env, tty });
    expect(result.stdout).toContain('orphan-service');
    if (coloured) expect(result.stdout).toMatch(ANSI);
    else expect(result.stdout).not.toMatch(ANSI);
  });

  it('colours the endpoints table too', async () => {
    expect((await run(['endpoints', 'clean.yaml'], { tty: true })).stdout).toMatch(ANSI);
    expect((await run(['endpoints', 'clean.yaml'], { tty: false })).stdout).not.toMatch(ANSI);
  });

  it.each([['compact'], ['json']])('never colours %s output', async (format) => {
    const result = await run(['--color', '-f', format, 'warning.yaml'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(result.stdout).toContain('orphan-service');
    expect(result.stdout).not.toMatch(ANSI);
  });
});

describe('standard input', () => {
  it('lints "-" as a file named "-"', async () => {
    const result = await run(['-f', 'compact', '-'], { stdin: WARNING });
    expect(result).toEqual({ code: 0, stdout: WARNING_LINE.replace('warning.yaml', '-'), stderr: '' });
  });
});

describe('endpoints command', () => {
  it('says when a Service has no endpoints because the cluster rejects the only workload it selects', async () => {
    const input = docs(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    run: my-nginx\n  ports:\n    - port: 80\n',
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  template:\n    metadata:\n      labels:\n        run: my-nginx\n    spec:\n      containers:\n        - name: nginx\n          image: nginx\n          ports:\n            - containerPort: 80\n',
    );
    const text = await cli(['endpoints', '-'], { stdin: input });
    expect(text.stdout.split('\n')[0]).toBe(
      'default/my-nginx:80/TCP → (no endpoints: its only pods would come from Deployment/my-nginx, which the cluster rejects: extensions/v1beta1 is not served since 1.16)',
    );
    const json = await cli(['endpoints', '-', '-f', 'json'], { stdin: input });
    expect((JSON.parse(json.stdout) as { services: { rejected?: unknown }[] }).services[0]!.rejected).toEqual([
      { kind: 'Deployment', name: 'my-nginx', reason: 'extensions/v1beta1 is not served since 1.16' },
    ]);
    // Served by the cluster it names, the same Deployment makes the pods.
    const old = await cli(['endpoints', '-', '--kubernetes-version', '1.15'], { stdin: input });
    expect(old.stdout.split('\n')[0]).toBe('default/my-nginx:80/TCP → Deployment/my-nginx/nginx:80 (1 replica)');
  });

  const ENDPOINTS = docs(
    CLEAN,
    `apiVersion: v1
kind: Service
metadata:
  name: dns
  namespace: infra
spec:
  type: NodePort
  selector:
    app: dns
  ports:
    - name: dns
      port: 53
      protocol: UDP
      nodePort: 30053
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: dns
  namespace: infra
spec:
  selector:
    matchLabels:
      app: dns
  template:
    metadata:
      labels:
        app: dns
    spec:
      containers:
        - name: coredns
          image: coredns/coredns:1.11.1
          ports:
            - name: dns
              containerPort: 53
              protocol: UDP
`,
  );

  beforeAll(() => writeFileSync(fixture.path('endpoints.yaml'), ENDPOINTS));

  it('prints one line per Service port with the pods that serve it; --verbose adds DNS names and service-link variables', async () => {
    expect(await run(['endpoints', 'endpoints.yaml'])).toEqual({
      code: 0,
      stdout: [
        'default/web:80/TCP (http) → Deployment/web/web:8080 (2 replicas)',
        'infra/dns:53/UDP (dns) nodePort 30053 → DaemonSet/dns/coredns:53 (one per node)',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(await run(['endpoints', '--verbose', 'endpoints.yaml'])).toEqual({
      code: 0,
      stdout: [
        'default/web:80/TCP (http) → Deployment/web/web:8080 (2 replicas)',
        '    dns web.default.svc.cluster.local, SRV _http._tcp.web.default.svc.cluster.local',
        '    env WEB_SERVICE_HOST, WEB_SERVICE_PORT, WEB_SERVICE_PORT_HTTP, WEB_PORT, WEB_PORT_80_TCP, WEB_PORT_80_TCP_PROTO, WEB_PORT_80_TCP_PORT, WEB_PORT_80_TCP_ADDR',
        'infra/dns:53/UDP (dns) nodePort 30053 → DaemonSet/dns/coredns:53 (one per node)',
        '    dns dns.infra.svc.cluster.local, SRV _dns._udp.dns.infra.svc.cluster.local',
        '    env DNS_SERVICE_HOST, DNS_SERVICE_PORT, DNS_SERVICE_PORT_DNS, DNS_PORT, DNS_PORT_53_UDP, DNS_PORT_53_UDP_PROTO, DNS_PORT_53_UDP_PORT, DNS_PORT_53_UDP_ADDR',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('says so when there are no Services', async () => {
    expect(await run(['endpoints', 'error.yaml'])).toEqual({ code: 0, stdout: 'No Services found.\n', stderr: '' });
  });

  it('prints the JSON report with --format json', async () => {
    const result = await run(['endpoints', '--format', 'json', 'endpoints.yaml']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.services).toEqual([
      {
        namespace: 'default',
        name: 'web',
        type: 'ClusterIP',
        selector: { app: 'web' },
        ports: [
          {
            name: 'http',
            port: 80,
            protocol: 'TCP',
            targetPort: 'http',
            nodePort: null,
            endpoints: [
              { kind: 'Deployment', name: 'web', container: 'web', containerPort: 8080, replicas: 2, ready: true },
            ],
          },
        ],
        operatorManaged: [],
        dnsNames: [
          { type: 'A', name: 'web.default.svc.cluster.local' },
          { type: 'SRV', name: '_http._tcp.web.default.svc.cluster.local', port: 'http' },
        ],
        environment: linkVariables('WEB', 'tcp', 80, 'http'),
      },
      {
        namespace: 'infra',
        name: 'dns',
        type: 'NodePort',
        selector: { app: 'dns' },
        ports: [
          {
            name: 'dns',
            port: 53,
            protocol: 'UDP',
            targetPort: 53,
            nodePort: 30053,
            endpoints: [
              {
                kind: 'DaemonSet',
                name: 'dns',
                container: 'coredns',
                containerPort: 53,
                replicas: 'per-node',
                ready: true,
              },
            ],
          },
        ],
        operatorManaged: [],
        dnsNames: [
          { type: 'A', name: 'dns.infra.svc.cluster.local' },
          { type: 'SRV', name: '_dns._udp.dns.infra.svc.cluster.local', port: 'dns' },
        ],
        environment: linkVariables('DNS', 'udp', 53, 'dns'),
      },
    ]);
    // The same report as the lint command's.
    expect(result.stdout).toBe((await run(['--format', 'json', 'endpoints.yaml'])).stdout);
  });
});

describe('as a real process (node dist/src/cli/main.js)', () => {
  const main = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
  let boom: string;

  beforeAll(() => {
    if (!existsSync(main)) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    // Preloaded into the child: makes the JSON formatter throw, as a bug in svclint would.
    boom = fixture.path('boom.mjs');
    writeFileSync(
      boom,
      `const stringify = JSON.stringify;
JSON.stringify = function (value, ...rest) {
  if (value && value.name === 'svclint' && 'version' in value) throw new Error('injected failure');
  return stringify.call(this, value, ...rest);
};
`,
    );
  }, 120_000);

  const spawn = (argv: string[], nodeFlags: string[] = []) =>
    spawnSync(process.execPath, [...nodeFlags, main, ...argv], {
      cwd: fixture.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    });

  it('exits 0, 1 and 2 as a process', () => {
    expect(spawn(['-f', 'compact', 'clean.yaml'])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(spawn(['-f', 'compact', '--fail-on', 'warning', 'warning.yaml'])).toMatchObject({
      status: 1,
      stdout: WARNING_LINE,
      stderr: '',
    });
    expect(spawn(['-f', 'compact', 'error.yaml'])).toMatchObject({ status: 1, stdout: ERROR_LINE, stderr: '' });
    expect(spawn(['--format', 'xml', 'clean.yaml'])).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        'svclint: --format must be one of stylish, compact, json, sarif, github, junit, gitlab, markdown, not "xml"\n',
    });
  });

  it('reports an internal error in one line without a stack trace, and with one under --debug', () => {
    const plain = spawn(['-f', 'json', 'clean.yaml'], ['--import', pathToFileURL(boom).href]);
    expect(plain).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'svclint: internal error: injected failure (run with --debug for details)\n',
    });

    const debug = spawn(['--debug', '-f', 'json', 'clean.yaml'], ['--import', pathToFileURL(boom).href]);
    expect(debug.status).toBe(2);
    expect(debug.stderr.startsWith('svclint: internal error: injected failure\nError: injected failure\n')).toBe(true);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });
});

describe('svclint rules', () => {
  it('lists every registered rule, sorted, with its default severity and description', async () => {
    const { code, stdout, stderr } = await cli(['rules']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(registeredRules.map((r) => r.meta.id));
    expect(lines).toContain(
      `workload-selector${' '.repeat(Math.max(...registeredRules.map((r) => r.meta.id.length)) - 'workload-selector'.length)}  error    ${registeredRules.find((r) => r.meta.id === 'workload-selector')!.meta.description}`,
    );
  });

  it('prints JSON with id, severity, description and docs URL', async () => {
    const { code, stdout } = await cli(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as { id: string; severity: string; description: string; url: string }[];
    expect(list.find((r) => r.id === 'orphan-service')).toEqual({
      id: 'orphan-service',
      severity: 'warning',
      description:
        'A Service whose selector matches no pod template in its namespace (a note when an operator likely makes its pods).',
      url: 'https://github.com/svclint/svclint/blob/main/rules/orphan-service/README.md',
    });
  });

  it('takes no paths', async () => {
    expect(await cli(['rules', 'k8s/'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: svclint rules takes no paths: it lists the built-in rules\n',
    });
  });
});

describe('--node-port-range', () => {
  const NODEPORT = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 8080
`;
  let dir: TempDir;
  beforeAll(() => {
    dir = writeFixture({ 'svc.yaml': NODEPORT });
  });
  afterAll(() => dir.remove());

  it('judges nodePorts against the given range instead of 30000-32767', async () => {
    const outside = await cli(['-f', 'compact', '--no-color', 'svc.yaml'], { cwd: dir.dir });
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain('[node-port-range]');
    const inside = await cli(['-f', 'compact', '--node-port-range', '8000-9000', 'svc.yaml'], { cwd: dir.dir });
    expect(inside.stdout).not.toContain('[node-port-range]');
    expect(inside.code).toBe(0);
  });

  it.each([
    ['abc', 'svclint: --node-port-range: unable to parse port range: abc (expected e.g. 30000-32767)\n'],
    [
      '9000-8000',
      'svclint: --node-port-range: end port cannot be less than start port: 9000-8000 (expected e.g. 30000-32767)\n',
    ],
  ])('rejects %s with exit code 2', async (value, stderr) => {
    expect(await cli(['--node-port-range', value, 'svc.yaml'], { cwd: dir.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr,
    });
  });
});
