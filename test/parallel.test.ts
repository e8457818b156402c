// Files modelled on worker threads give exactly what one thread gives: the same report byte for byte, the same
// apply order, the same first error. Workers run compiled JavaScript, so these tests use the built package (dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixture, type TempDir } from './helpers.js';

type Api = typeof import('../src/index.js');
type Parallel = typeof import('../src/input/parallel.js');

const repoRoot = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const bin = path.join(repoRoot, 'dist', 'cli', 'svclint.js');
let api: Api;
let parallel: Parallel;

beforeAll(async () => {
  if (!existsSync(bin)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  api = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'src', 'index.js')).href)) as Api;
  parallel = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'src', 'input', 'parallel.js')).href)) as Parallel;
}, 120_000);

/** The JSON report and the apply order of every object, for one thread count. */
async function lintWith(paths: string[], threads: number, extra: Partial<Parameters<Api['lintPaths']>[1]> = {}) {
  const result = await api.lintPaths(paths, { cwd: repoRoot, threads, ...extra });
  return {
    threads: result.threads,
    report: api.formatters.json(result, { color: false, toolVersion: 'test' }),
    order: result.model.objects.map((o) => `${o.order} ${o.fileId} ${o.kind}/${o.name}`),
  };
}

async function expectSameOnTwoThreads(paths: string[], extra: Partial<Parameters<Api['lintPaths']>[1]> = {}) {
  const one = await lintWith(paths, 1, extra);
  const two = await lintWith(paths, 2, extra);
  expect(one.threads).toBe(1);
  expect(two.threads).toBe(2);
  expect(two.report).toBe(one.report);
  expect(two.order).toEqual(one.order);
  // Apply order numbers every object once, across files.
  expect(two.order.map((line) => Number(line.split(' ')[0]))).toEqual(two.order.map((_, i) => i));
  return two;
}

describe('worker threads give the same result as one thread', () => {
  it('examples/broken (every rule finds something) and examples/clean (nothing to find, six Services with endpoints)', async () => {
    const broken = JSON.parse((await expectSameOnTwoThreads(['examples/broken'])).report) as {
      findings: { ruleId: string }[];
    };
    expect(new Set(broken.findings.map((f) => f.ruleId)).size).toBeGreaterThan(15);
    const clean = JSON.parse((await expectSameOnTwoThreads(['examples/clean'])).report) as {
      findings: unknown[];
      services: unknown[];
    };
    expect({ findings: clean.findings.length, services: clean.services.length }).toEqual({ findings: 0, services: 6 });
  }, 60_000);

  const corpusDirectories = existsSync(corpus)
    ? readdirSync(corpus, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
  it.skipIf(corpusDirectories.length === 0)(
    'every directory of ../shared/corpus with more than one file',
    async () => {
      let compared = 0;
      for (const name of corpusDirectories) {
        const files = readdirSync(path.join(corpus, name), { recursive: true }).filter((f) =>
          /\.(ya?ml|json)$/.test(String(f)),
        );
        if (files.length < 2) continue;
        await expectSameOnTwoThreads([path.join(corpus, name)]);
        compared++;
      }
      expect(compared).toBeGreaterThan(3);
    },
    300_000,
  );

  describe('with broken files, an order-dependent finding and standard input', () => {
    let fixture: TempDir;
    beforeAll(() => {
      fixture = writeFixture({
        // The pod reads API_SERVICE_HOST, but the Service comes later in apply order: an order-dependent finding.
        'a-deploy.yaml': deployment('client', '- name: API\n              value: http://$(API_SERVICE_HOST)'),
        'b-binary.yaml': new Uint8Array([0x61, 0x00, 0x62]),
        'c-latin1.yaml': new Uint8Array([
          ...Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'),
          0xe9,
          0x0a,
        ]),
        'd-syntax.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n',
        'e-bom-crlf.yaml':
          '\ufeffapiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: api\r\nspec:\r\n  selector:\r\n    app: api\r\n  ports:\r\n    - port: 80\r\n',
        'f-empty.yaml': '',
        'g-markers.yaml': '---\n---\n',
        'h-list.yaml': '- a\n- b\n',
        // Nesting past the limit, an alias bomb and a duplicate key: the same findings from a worker's parser.
        'i-deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
        'j-bomb.yaml': `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
          { length: 6 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
              .fill(`*${String.fromCharCode(97 + i)}`)
              .join(', ')}]`,
        ).join('\n')}\n`,
        'k-duplicate.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n',
      });
    });
    afterAll(() => fixture.remove());

    it('same findings at the same places, in file order', async () => {
      const stdin = Buffer.from(deployment('from-stdin', '- name: X\n              value: "1"'));
      const { report } = await expectSameOnTwoThreads([fixture.dir, '-'], { readStdin: async () => stdin });
      const findings = JSON.parse(report).findings as { ruleId: string; file: string }[];
      const rulesByFile = (file: string) => findings.filter((f) => f.file.endsWith(file)).map((f) => f.ruleId);
      expect(rulesByFile('a-deploy.yaml')).toContain('service-env-order');
      for (const file of [
        'b-binary.yaml',
        'c-latin1.yaml',
        'd-syntax.yaml',
        'h-list.yaml',
        'i-deep.yaml',
        'j-bomb.yaml',
        'k-duplicate.yaml',
      ]) {
        expect(rulesByFile(file), file).toContain('parse-error');
      }
      // Standard input is read in the main thread and comes last in apply order.
      const objects = (await lintWith([fixture.dir, '-'], 2, { readStdin: async () => stdin })).order;
      expect(objects.at(-1)).toMatch(/ Deployment\/from-stdin$/);
    }, 60_000);
  });
});

describe('--cache with worker threads', () => {
  it('gives the one-thread report without cache whatever thread wrote or reads the cache, cold, warm and after changes', async () => {
    const broken = path.join(repoRoot, 'examples', 'broken');
    const files: Record<string, string | Uint8Array> = Object.fromEntries(
      readdirSync(broken).map((name) => [name, readFileSync(path.join(broken, name))]),
    );
    files['zz-binary.yaml'] = new Uint8Array([0x61, 0x00, 0x62]);
    files['zz-syntax.yaml'] = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n';
    const fixture = writeFixture(files);
    try {
      const cacheLocation = fixture.path('.cache');
      const lint = async (threads: number, cache: boolean) => {
        const result = await api.lintPaths([fixture.dir], {
          cwd: fixture.dir,
          threads,
          ...(cache && { cache, cacheLocation }),
        });
        return {
          report: api.formatters.json(result, { color: false, toolVersion: 'test' }),
          threads: result.threads,
          kept: result.cache && [result.cache.hits, result.cache.misses],
        };
      };
      const count = Object.keys(files).length;
      let plain = await lint(1, false);
      expect(await lint(2, true)).toEqual({ ...plain, threads: 2, kept: [0, count] });
      expect(await lint(1, true)).toEqual({ ...plain, kept: [count, 0] });
      expect(await lint(2, true)).toEqual({ ...plain, threads: 1, kept: [count, 0] });
      // Two files change: modelled on two workers, packed there, kept; then read back on one thread.
      for (const name of ['orders.yaml', 'search.yaml'])
        writeFileSync(
          fixture.path(name),
          readFileSync(fixture.path(name), 'utf8').replace(/containerPort: \d+/, 'containerPort: 9999'),
        );
      plain = await lint(1, false);
      expect(await lint(2, true)).toEqual({ ...plain, threads: 2, kept: [count - 2, 2] });
      expect(await lint(1, true)).toEqual({ ...plain, kept: [count, 0] });
      // A truncated cache: ignored, the workers model everything again.
      writeFileSync(cacheLocation, readFileSync(cacheLocation).subarray(0, 1000));
      expect(await lint(2, true)).toEqual({ ...plain, threads: 2, kept: [0, count] });
      expect(await lint(1, true)).toEqual({ ...plain, kept: [count, 0] });
    } finally {
      fixture.remove();
    }
  }, 120_000);
});

describe('errors on worker threads', () => {
  it('a file that cannot be read: the first one in input order, as one thread reports it', async () => {
    const fixture = writeFixture({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    try {
      const inputs = ['a.yaml', 'gone-1.yaml', 'gone-2.yaml', 'gone-3.yaml'].map((name) => ({
        path: fixture.path(name),
        displayPath: name,
      }));
      const failure = async (threads: number) => {
        const error = await parallel.modelFiles(inputs, { threads }).then(
          () => null,
          (e: unknown) => e,
        );
        return { usage: error instanceof api.UsageError, message: (error as Error | null)?.message };
      };
      const oneThread = await failure(1);
      expect(oneThread).toEqual({ usage: true, message: expect.stringMatching(/^gone-1\.yaml: cannot read file: /) });
      expect(await failure(2)).toEqual(oneThread);
      expect(await failure(3)).toEqual(oneThread);
    } finally {
      fixture.remove();
    }
  }, 60_000);
});

describe('how many threads', () => {
  it('"auto" models a small input in this thread (a worker costs more than it saves)', async () => {
    expect((await api.lintPaths(['examples/clean'], { cwd: repoRoot })).threads).toBe(1);
  }, 60_000);

  it('"auto" uses one worker per core for an input of 8 MiB or more', async () => {
    const files: Record<string, string> = {};
    // Long comments make the bytes without making the run slow.
    const comment = `# ${'x'.repeat(98)}\n`.repeat(Math.ceil(parallel.PARALLEL_MIN_BYTES / 8 / 100));
    for (let i = 0; i < 8; i++)
      files[`part-${i}.yaml`] =
        comment +
        Array.from({ length: 50 }, (_, k) => deployment(`app-${i}-${k}`, '- name: X\n              value: "1"')).join(
          '---\n',
        );
    const fixture = writeFixture(files);
    try {
      const result = await api.lintPaths([fixture.dir], { cwd: fixture.dir });
      expect(result.model.stats.objects).toBe(400);
      expect(result.threads).toBe(Math.min(availableParallelism(), 8) >= 2 ? Math.min(availableParallelism(), 8) : 1);
    } finally {
      fixture.remove();
    }
  }, 60_000);

  it('never more threads than files', async () => {
    expect((await api.lintPaths(['examples/broken'], { cwd: repoRoot, threads: 64 })).threads).toBe(
      readdirSync(path.join(repoRoot, 'examples', 'broken')).filter((f) => f.endsWith('.yaml')).length,
    );
  }, 60_000);
});

describe('the bundled CLI (dist/cli/svclint.js) with --threads', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('--threads 2 prints what --threads 1 prints', () => {
    const one = run('examples/broken', '--threads', '1', '-f', 'json');
    const two = run('examples/broken', '--threads', '2', '-f', 'json');
    expect(one.status).toBe(1);
    expect({ status: two.status, stdout: two.stdout, stderr: two.stderr }).toEqual({
      status: one.status,
      stdout: one.stdout,
      stderr: '',
    });
  }, 60_000);

  it.each([
    ['0', 'svclint: --threads must be auto or a whole number from 1 to 64, not "0"\n'],
    ['many', 'svclint: --threads must be auto or a whole number from 1 to 64, not "many"\n'],
    ['65', 'svclint: --threads must be auto or a whole number from 1 to 64, not "65"\n'],
  ])(
    '--threads %s: exit 2 with one line',
    (value, stderr) => {
      expect(run('examples/clean', '--threads', value)).toMatchObject({ status: 2, stdout: '', stderr });
    },
    30_000,
  );
});

function deployment(name: string, env: string): string {
  return `apiVersion: apps/v1
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
        - name: main
          image: example/${name}:1
          env:
            ${env}
`;
}
