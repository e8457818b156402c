// The pre-commit hook: its definition, and svclint run the way pre-commit runs it (the hook's entry plus the staged
// files) with --context loading the rest of the repository. SVCLINT_E2E=1 also installs the package the way
// pre-commit does (npm install, npm pack, npm install -g) and, when pre-commit is on PATH, runs the real hook.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

interface Hook {
  id: string;
  entry: string;
  language: string;
  types?: string[];
  files?: string;
  exclude?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'svclint')!;

/** pre-commit splits `entry` with Python's shlex.split: enough of it for our entry (quotes, no escapes). */
function shlexSplit(command: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const m of command.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** Runs the hook's entry (after "svclint") with the given files, in the repository root, as pre-commit does. */
async function runHook(repo: string, files: string[], args: string[] = []) {
  const [command, ...entryArgs] = shlexSplit(hook.entry);
  expect(command).toBe('svclint');
  return cli([...entryArgs, ...args, '--format', 'compact', ...files], { cwd: repo });
}

const service = (name: string, target = 'http') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: ${target}
`;

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

let fixture: TempDir | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

describe('.pre-commit-hooks.yaml', () => {
  it('defines a serial node hook on YAML files that passes the staged files and loads the rest as context', () => {
    expect(hook).toMatchObject({ id: 'svclint', language: 'node', types: ['yaml'], require_serial: true });
    expect(hook.pass_filenames ?? true).toBe(true);
    expect(shlexSplit(hook.entry)).toEqual(['svclint', '--context', '**/*.{yaml,yml}']);
  });

  it('excludes Helm chart templates and GitHub workflows (pre-commit applies the pattern with re.search)', () => {
    const exclude = new RegExp(hook.exclude!);
    expect(
      ['charts/web/templates/deployment.yaml', 'templates/svc.yaml', '.github/workflows/ci.yml'].filter((f) =>
        exclude.test(f),
      ),
    ).toHaveLength(3);
    expect(['k8s/web.yaml', 'deploy/templates-old.yaml', 'web.yml'].filter((f) => exclude.test(f))).toEqual([]);
  });
});

describe('the hook on staged files', () => {
  it('does not call a staged Service an orphan when its Deployment is in an unstaged file', async () => {
    fixture = writeFixture({ 'k8s/service.yaml': service('web'), 'k8s/deployment.yaml': deployment('web') });
    // Without the context the Service looks like an orphan: that is the false positive --context prevents.
    const alone = await cli(['--format', 'compact', 'k8s/service.yaml'], { cwd: fixture.dir });
    expect(alone.stdout).toMatch(/^k8s\/service\.yaml:6:3: warning: .* \[orphan-service\]\n$/);

    expect(await runHook(fixture.dir, ['k8s/service.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports the staged files only, with findings that need the unstaged files', async () => {
    fixture = writeFixture({
      'k8s/service.yaml': service('web', 'htp'),
      'k8s/deployment.yaml': deployment('web'),
      // Broken, but not staged: its findings are not this commit's business.
      'k8s/other.yaml': service('lonely', '8080'),
    });
    const run = await runHook(fixture.dir, ['k8s/service.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^k8s\/service\.yaml:10:19: error: .*"htp".*Deployment\/web.* \[target-port-mismatch\]\n$/,
    );
  });

  it('warns on standard error, without a finding, about a context file whose objects it cannot read', async () => {
    fixture = writeFixture({
      'k8s/service.yaml': service('web'),
      'k8s/deployment.yaml': `${deployment('web')}  strategy: [unclosed\n`,
      // Not manifests: a top-level list (an Ansible playbook) and a mapping without a kind are quietly skipped.
      'ansible/site.yml': '- hosts: all\n  tasks: []\n',
      'config.yaml': 'name: app\n',
    });
    const run = await runHook(fixture.dir, ['k8s/service.yaml']);
    // The Deployment could not be read, so the Service looks orphaned; the warning says why.
    expect(run.stdout).toMatch(/^k8s\/service\.yaml:6:3: warning: .* \[orphan-service\]\n$/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^svclint: warning: context file k8s\/deployment\.yaml:21:\d+: YAML syntax error: .*\(not reported as a finding; its objects are missing from the analysis\)\n$/,
    );
  });

  it('skips Helm chart templates, node_modules, dot folders and .gitignored files in the context', async () => {
    fixture = writeFixture({
      'k8s/service.yaml': service('web'),
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'chart/templates/deployment.yaml': `${deployment('web')}  replicas: {{ .Values.replicas }}\n`,
      'node_modules/pkg/deployment.yaml': deployment('web'),
      '.cache/deployment.yaml': deployment('web'),
      'build/deployment.yaml': deployment('web'),
      '.gitignore': 'build/\n',
    });
    const run = await runHook(fixture.dir, ['k8s/service.yaml']);
    // None of those Deployments counts, and the unrendered template is not a warning either.
    expect(run.stdout).toMatch(/\[orphan-service\]\n$/);
    expect(run.stderr).toBe('');
    // A plain templates/ folder (no Chart.yaml) is context like any other.
    mkdirSync(path.join(fixture.dir, 'plain', 'templates'), { recursive: true });
    writeFileSync(path.join(fixture.dir, 'plain', 'templates', 'deployment.yaml'), deployment('web'));
    expect(await runHook(fixture.dir, ['k8s/service.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('takes more --context patterns from args, and "!pattern" excludes', async () => {
    fixture = writeFixture({ 'k8s/service.yaml': service('web'), 'legacy/deployment.yaml': deployment('web') });
    expect((await runHook(fixture.dir, ['k8s/service.yaml'])).stdout).toBe('');
    expect((await runHook(fixture.dir, ['k8s/service.yaml'], ['--context', '!legacy/**'])).stdout).toMatch(
      /\[orphan-service\]\n$/,
    );
    // A folder works as a context pattern too, and a pattern that matches nothing is fine.
    const run = await cli(
      ['--format', 'compact', '--context', 'legacy', '--context', 'nothing/**/*.yaml', 'k8s/service.yaml'],
      { cwd: fixture.dir },
    );
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('still lints a staged file that the context glob does not cover, and counts only reported findings', async () => {
    fixture = writeFixture({
      'k8s/service.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'x' },
        spec: { selector: { app: 'x' }, ports: [{ port: 80 }] },
      }),
      'k8s/other.yaml': service('lonely'),
    });
    const run = await cli(['--context', '**/*.{yaml,yml}', '--format', 'json', 'k8s/service.json'], {
      cwd: fixture.dir,
    });
    const report = JSON.parse(run.stdout) as {
      findings: { file: string; ruleId: string }[];
      summary: { warnings: number };
    };
    expect(report.findings.map((f) => [f.file, f.ruleId])).toEqual([['k8s/service.json', 'orphan-service']]);
    expect(report.summary.warnings).toBe(1);
  });
});

describe('--config (as in args: [--config, .svclint.yaml])', () => {
  it('fails on a file that does not exist, and applies an existing one', async () => {
    fixture = writeFixture({
      'k8s/service.yaml': service('web'),
      'k8s/deployment.yaml': deployment('web'),
      'k8s/lonely.yaml': service('lonely'),
      '.svclint.yaml': 'rules:\n  orphan-service: off\n',
    });
    expect(await cli(['--config', 'nope.yaml', 'k8s'], { cwd: fixture.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: config file nope.yaml does not exist\n',
    });
    expect(await cli(['--config', 'k8s', 'k8s'], { cwd: fixture.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: config file k8s is not a file\n',
    });
    expect((await runHook(fixture.dir, ['k8s/lonely.yaml'])).stdout).toContain('[orphan-service]');
    expect(await runHook(fixture.dir, ['k8s/service.yaml', 'k8s/lonely.yaml'], ['--config', '.svclint.yaml'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
});

describe('README', () => {
  it('shows the .pre-commit-config.yaml snippet for this hook', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const snippet = /```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)```/.exec(readme)![1]!;
    const config = parse(snippet) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    expect(config.repos[0]!.hooks.map((h) => h.id)).toEqual([hook.id]);
    expect(readme).toContain(`runs \`svclint --context '**/*.{yaml,yml}' <staged files>\``);
    expect(hook.entry).toBe("svclint --context '**/*.{yaml,yml}'");
  });
});

const e2e = process.env.SVCLINT_E2E === '1';

describe.runIf(e2e)('installed the way pre-commit installs it (SVCLINT_E2E=1; needs the npm registry)', () => {
  it('builds in npm install, packs with a clean stdout, installs globally and runs', () => {
    fixture = writeFixture({});
    const repo = path.join(fixture.dir, 'repo');
    cpSync(repoRoot, repo, {
      recursive: true,
      filter: (src) => !/[\\/](node_modules|dist|\.git|\.scratch|coverage)$/.test(src),
    });
    const run = (cmd: string, args: string[], cwd: string) =>
      execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    run(
      'npm',
      [
        'install',
        '--include=dev',
        '--include=prod',
        '--ignore-prepublish',
        '--no-progress',
        '--no-save',
        '--no-audit',
        '--no-fund',
      ],
      repo,
    );
    // pre-commit takes npm pack's whole standard output as the tarball's file name.
    const tarball = run('npm', ['pack'], repo).trim();
    expect(tarball).toBe('svclint-0.1.0.tgz');
    const listing = run('tar', ['tzf', tarball], repo).split('\n');
    for (const needed of [
      'package/dist/cli/svclint.js',
      'package/dist/cli/model-worker.js',
      'package/dist/src/cli/main.js',
      'package/dist/rules/index.js',
      'package/schemas/kubernetes/core-v1.schema.json',
      'package/package.json',
    ]) {
      expect(listing).toContain(needed);
    }
    const prefix = path.join(fixture.dir, 'prefix');
    run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', path.join(repo, tarball)], fixture.dir);
    const bin = path.join(prefix, 'bin', 'svclint');
    expect(run(bin, ['--version'], fixture.dir).trim()).toBe('0.1.0');
    const lint = spawnSync(bin, ['--format', 'compact', path.join(repoRoot, 'examples', 'broken')], {
      cwd: fixture.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('[target-port-mismatch]');
    expect(lint.stdout).toContain('[schema]');
  }, 600_000);

  it.runIf(spawnSync('pre-commit', ['--version']).status === 0)(
    'runs as a real pre-commit hook on a staged Service whose Deployment is committed',
    () => {
      fixture = writeFixture({});
      const hookRepo = path.join(fixture.dir, 'hook');
      cpSync(repoRoot, hookRepo, {
        recursive: true,
        filter: (src) => !/[\\/](node_modules|dist|\.git|\.scratch|coverage)$/.test(src),
      });
      const git = (cwd: string, ...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], {
          cwd,
          encoding: 'utf8',
        });
      git(hookRepo, 'init', '-q');
      git(hookRepo, 'add', '-A');
      git(hookRepo, 'commit', '-qm', 'hook');
      const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

      const repo = path.join(fixture.dir, 'consumer');
      mkdirSync(path.join(repo, 'k8s'), { recursive: true });
      git(repo, 'init', '-q');
      writeFileSync(
        path.join(repo, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: svclint\n`,
      );
      writeFileSync(path.join(repo, 'k8s', 'deployment.yaml'), deployment('web'));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'base');
      writeFileSync(path.join(repo, 'k8s', 'service.yaml'), service('web'));
      git(repo, 'add', 'k8s/service.yaml');
      const env = { ...process.env, PRE_COMMIT_HOME: path.join(fixture.dir, 'cache'), NO_COLOR: '1' };
      const passed = spawnSync('pre-commit', ['run', '--verbose'], { cwd: repo, encoding: 'utf8', env });
      expect(passed.stdout).toMatch(/svclint .*Passed/);
      expect(passed.status).toBe(0);

      writeFileSync(path.join(repo, 'k8s', 'service.yaml'), service('web', 'htp'));
      git(repo, 'add', 'k8s/service.yaml');
      const failed = spawnSync('pre-commit', ['run'], { cwd: repo, encoding: 'utf8', env });
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain('target-port-mismatch');
    },
    600_000,
  );
});
