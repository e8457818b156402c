// The option table of the CLI: which command takes which option, svclint help, --rule and --max-warnings -1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, HELP, OPTIONS } from '../src/cli/args.js';
import { cli, writeFixture, type TempDir } from './helpers.js';

/** Two warnings: Services whose selectors match no pods (orphan-service). */
const TWO_ORPHANS = ['a', 'b']
  .map(
    (name) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n`,
  )
  .join('---\n');

let fixture: TempDir;
beforeAll(() => {
  fixture = writeFixture({
    'orphans.yaml': TWO_ORPHANS,
    'strict/svclint.config.yaml': 'maxWarnings: 0\n',
    'strict/orphans.yaml': TWO_ORPHANS,
  });
});
afterAll(() => fixture.remove());

const run = (argv: string[], cwd = fixture.dir) => cli(argv, { cwd });

describe('options a command ignores are rejected: exit 2, one line', () => {
  it.each<[string[], string]>([
    [
      ['rules', '--format', 'sarif'],
      '--format sarif does not apply to svclint rules: it prints stylish or json (see svclint help rules)',
    ],
    [
      ['rules', '--namespace', 'shop'],
      '--namespace does not apply to svclint rules, only to svclint lint, svclint endpoints and svclint reach (see svclint help rules)',
    ],
    [
      ['endpoints', '--fail-on', 'warning', 'orphans.yaml'],
      '--fail-on does not apply to svclint endpoints, only to svclint lint (see svclint help endpoints)',
    ],
    [
      ['endpoints', '--max-warnings', '0', 'orphans.yaml'],
      '--max-warnings does not apply to svclint endpoints, only to svclint lint (see svclint help endpoints)',
    ],
    [
      ['endpoints', '--format', 'sarif', 'orphans.yaml'],
      '--format sarif does not apply to svclint endpoints: it prints stylish or json (see svclint help endpoints)',
    ],
    [
      ['endpoints', '--verbose', '--format', 'json', 'orphans.yaml'],
      '--verbose adds to the endpoint table; --format json always has the DNS names and variables',
    ],
    [
      ['sets', '--quiet', 'orphans.yaml'],
      '--quiet does not apply to svclint sets, only to svclint lint, svclint endpoints and svclint reach (see svclint help sets)',
    ],
    [
      ['init', '--print-config'],
      '--print-config does not apply to svclint init, only to svclint lint, svclint endpoints, svclint reach and svclint sets (see svclint help init)',
    ],
    [
      ['init', '--format', 'json'],
      '--format does not apply to svclint init, only to svclint lint, svclint endpoints, svclint reach, svclint sets and svclint rules (see svclint help init)',
    ],
    [
      ['--verbose', 'orphans.yaml'],
      '--verbose does not apply to svclint lint, only to svclint endpoints (see svclint help lint)',
    ],
    [
      ['--print-config', '--format', 'sarif'],
      '--format sarif does not apply to --print-config: it prints stylish or json (see svclint help lint)',
    ],
    [
      ['help', '--format', 'json'],
      '--format does not apply to svclint help, only to svclint lint, svclint endpoints, svclint reach, svclint sets and svclint rules (see svclint help help)',
    ],
  ])('svclint %j', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: `svclint: ${message}\n` });
  });

  it('every command accepts what its help lists, and its help lists only that', () => {
    for (const command of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
      const listed = [...commandHelp(command).matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]);
      const applying = OPTIONS.filter(
        (o) => o.help !== null && (o.commands === 'all' || o.commands.includes(command)),
      ).map((o) => o.long);
      expect(listed, `svclint help ${command}`).toEqual(applying);
    }
  });
});

describe('svclint help', () => {
  it('prints the overview with every command and option', async () => {
    expect(await run(['help'])).toEqual({ code: 0, stdout: HELP, stderr: '' });
    for (const command of Object.keys(COMMANDS)) expect(HELP).toContain(`\n  ${command} `);
    for (const option of OPTIONS) expect(HELP).toContain(`--${option.long}`);
    expect(Math.max(...HELP.split('\n').map((line) => line.length))).toBeLessThanOrEqual(120);
  });

  it.each<[string[], keyof typeof COMMANDS]>([
    [['help', 'endpoints'], 'endpoints'],
    [['endpoints', '--help'], 'endpoints'],
    [['rules', '-h'], 'rules'],
    [['help', 'lint'], 'lint'],
    [['lint', '--help'], 'lint'],
    [['help', 'help'], 'help'],
  ])('svclint %j prints the help of one command', async (argv, command) => {
    const result = await run(argv);
    expect(result).toEqual({ code: 0, stdout: commandHelp(command), stderr: '' });
    expect(result.stdout.startsWith(`Usage: svclint ${COMMANDS[command].usage}\n`)).toBe(true);
  });

  it('lists the options of the command only', () => {
    const flags = (command: keyof typeof COMMANDS) =>
      [...commandHelp(command).matchAll(/^ {2}(?:-\w, | {4})(--[\w-]+)/gm)].map((m) => m[1]);
    expect(flags('rules')).toEqual(['--format', '--output', '--debug', '--version', '--help']);
    expect(flags('init')).toEqual(['--force', '--debug', '--version', '--help']);
    expect(flags('endpoints')).toContain('--verbose');
    expect(flags('endpoints')).not.toContain('--fail-on');
  });

  it.each<[string[], string]>([
    [['help', 'endpoint'], 'unknown command endpoint; did you mean endpoints?'],
    [['help', 'deploy'], 'unknown command deploy; the commands are lint, endpoints, reach, sets, rules, init, help'],
    [['help', 'lint', 'rules'], 'svclint help takes one command, not 2 (see svclint --help)'],
  ])('svclint %j: exit 2', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: `svclint: ${message}\n` });
  });
});

describe('--max-warnings', () => {
  it.each<[string[], number]>([
    [['--max-warnings', '1', 'orphans.yaml'], 1],
    [['--max-warnings', '2', 'orphans.yaml'], 0],
    [['--max-warnings', '-1', 'orphans.yaml'], 0],
    [['--max-warnings=-1', 'orphans.yaml'], 0],
  ])('svclint %j exits %i', async (argv, code) => {
    expect((await run(['-f', 'compact', ...argv])).code).toBe(code);
  });

  it('-1 means no limit, also over the configuration file, as in ESLint', async () => {
    const strict = fixture.path('strict');
    expect((await run(['orphans.yaml'], strict)).code).toBe(1);
    expect((await run(['--max-warnings', '-1', 'orphans.yaml'], strict)).code).toBe(0);
    expect((await run(['--print-config', '--max-warnings', '-1'], strict)).stdout).toContain(
      '# maxWarnings: (no limit)',
    );
    const unlimited = writeFixture({ 'svclint.config.yaml': 'maxWarnings: -1\n', 'orphans.yaml': TWO_ORPHANS });
    try {
      expect((await run(['orphans.yaml'], unlimited.dir)).code).toBe(0);
    } finally {
      unlimited.remove();
    }
  });
});

describe('--rule id:severity', () => {
  const severities = async (...argv: string[]) => {
    const { code, stdout, stderr } = await run(['-f', 'json', ...argv, 'orphans.yaml']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as { findings: { ruleId: string; severity: string }[] };
    return { code, findings: report.findings.map((f) => `${f.ruleId}:${f.severity}`) };
  };

  it("sets a rule's severity, as ESLint's --rule; the last one given for a rule wins", async () => {
    expect(await severities()).toEqual({ code: 0, findings: ['orphan-service:warning', 'orphan-service:warning'] });
    expect(await severities('--rule', 'orphan-service:error')).toEqual({
      code: 1,
      findings: ['orphan-service:error', 'orphan-service:error'],
    });
    expect(await severities('--rule', 'orphan-service:off')).toEqual({ code: 0, findings: [] });
    expect(await severities('--rule', 'orphan-service:off', '--rule', 'orphan-service:note')).toEqual({
      code: 0,
      findings: ['orphan-service:note', 'orphan-service:note'],
    });
    expect(await severities('--rule=schema:off', '--rule', 'orphan-service:error')).toEqual({
      code: 1,
      findings: ['orphan-service:error', 'orphan-service:error'],
    });
  });

  it("overrides the configuration file's severity and keeps its options; --print-config shows it", async () => {
    const dir = writeFixture({ 'svclint.config.yaml': 'rules:\n  orphan-service: off\n', 'orphans.yaml': TWO_ORPHANS });
    try {
      expect((await cli(['-f', 'compact', 'orphans.yaml'], { cwd: dir.dir })).stdout).toBe('');
      const overridden = await cli(['-f', 'compact', '--rule', 'orphan-service:error', 'orphans.yaml'], {
        cwd: dir.dir,
      });
      expect(overridden.code).toBe(1);
      expect(overridden.stdout.match(/: error: .*\[orphan-service\]$/gm)).toHaveLength(2);
      expect((await cli(['--print-config', '--rule', 'orphan-service:note'], { cwd: dir.dir })).stdout).toContain(
        '\n  orphan-service: note\n',
      );
    } finally {
      dir.remove();
    }
  });

  it.each<[string[], string]>([
    [['--rule', 'orphan-servce:error'], '--rule orphan-servce: unknown rule; did you mean orphan-service?'],
    [['--rule', 'no-latest-tag:error'], '--rule no-latest-tag: unknown rule; svclint rules lists them'],
    [
      ['--rule', 'orphan-service:warn'],
      '--rule orphan-service:warn: the severity must be one of error, warning, note, off, not "warn"',
    ],
    [['--rule', 'orphan-service'], '--rule orphan-service: expected <rule id>:<severity>, e.g. orphan-service:error'],
    [['--rule', ':error'], '--rule :error: expected <rule id>:<severity>, e.g. orphan-service:error'],
  ])('svclint %j: exit 2 with a clear message', async (argv, message) => {
    expect(await run([...argv, 'orphans.yaml'])).toEqual({ code: 2, stdout: '', stderr: `svclint: ${message}\n` });
  });
});
