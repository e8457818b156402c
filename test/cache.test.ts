// The model cache on its own: packing (a cached model is the model modelFile gives, at any file id), the cache file
// (hits only for the same bytes, path and key; corrupt, truncated and foreign files ignored, never an error) and its
// atomic rewrite.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelFile } from '../src/input/model-file.js';
import {
  cacheFileOf,
  cacheKey,
  contentHash,
  DEFAULT_CACHE_FILE,
  ModelCache,
  packModel,
  unpackModel,
} from '../src/input/cache.js';
import { cli, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const examples = ['broken', 'clean'].flatMap((dir) =>
  readdirSync(path.join(repoRoot, 'examples', dir)).map((name) => ({
    displayPath: `examples/${dir}/${name}`,
    text: readFileSync(path.join(repoRoot, 'examples', dir, name), 'utf8'),
  })),
);
// What makes models unusual: problems, directives, a LeaderWorkerSet's leaders, a BOM, JSON, placeholders.
const unusual = [
  { displayPath: 'syntax.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n' },
  {
    displayPath: 'bom.yaml',
    text: '\ufeffapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: c # svclint-disable-line schema\r\ndata:\r\n  a: "1"\r\n',
  },
  {
    displayPath: 'list.json',
    text: '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":"${PORT}"}]}}]}',
  },
  {
    displayPath: 'lws.yaml',
    text: `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: lws
spec:
  replicas: 2
  leaderWorkerTemplate:
    size: 3
    leaderTemplate:
      metadata:
        labels:
          role: leader
      spec:
        containers:
          - name: leader
            ports:
              - containerPort: 8080
    workerTemplate:
      spec:
        containers:
          - name: worker
`,
  },
];

describe('packed models', () => {
  it('unpack to what modelFile gives, at the same and at another file id', () => {
    for (const [i, source] of [...examples, ...unusual].entries()) {
      const packed = packModel(modelFile(source, i, {}));
      expect(unpackModel(packed, i)).toStrictEqual(modelFile(source, i, {}));
      expect(unpackModel(packed, i + 7)).toStrictEqual(modelFile(source, i + 7, {}));
    }
  });

  it('carry the problems, directives and leaders of the unusual files', () => {
    const models = unusual.map((source, i) => unpackModel(packModel(modelFile(source, i, {})), 40 + i));
    expect(models[0]!.problems.map((p) => p.fileId)).toEqual([40]);
    expect(models[1]!.file.directives).toHaveLength(1);
    expect(models[1]!.file.lineStarts).toBeInstanceOf(Uint32Array);
    const lws = models[3]!.objects[0]!;
    expect(lws.category === 'workload' && lws.leaderPods?.fileId).toBe(43);
  });
});

describe('the cache key', () => {
  it('is the same for the same settings in any order, and differs for other settings', () => {
    expect(cacheKey({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(cacheKey({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(cacheKey({ defaultNamespace: 'shop' })).not.toBe(cacheKey({ defaultNamespace: 'default' }));
    expect(cacheKey({ render: 'never' })).not.toBe(cacheKey({ render: 'auto' }));
    expect(cacheKey({ a: undefined })).toBe(cacheKey({}));
  });
});

describe('the cache file', () => {
  let fixture: TempDir;
  afterEach(() => fixture?.remove());

  const KEY = cacheKey({ test: true });
  const source = examples[0]!;
  const setUp = () => {
    fixture = writeFixture({ 'a.yaml': source.text, 'b.yaml': examples[1]!.text });
    const file = fixture.path(DEFAULT_CACHE_FILE);
    const a = { path: fixture.path('a.yaml'), displayPath: 'a.yaml' };
    const b = { path: fixture.path('b.yaml'), displayPath: 'b.yaml' };
    return {
      file,
      a,
      b,
      hashA: contentHash(Buffer.from(source.text)),
      hashB: contentHash(Buffer.from(examples[1]!.text)),
    };
  };
  const written = async () => {
    const { file, a, b, hashA, hashB } = setUp();
    const cache = await ModelCache.open(file, KEY);
    expect(cache.ignored).toBe('missing');
    cache.store(a, hashA, modelFile({ displayPath: 'a.yaml', text: source.text }, 0, {}));
    cache.store(b, hashB, modelFile({ displayPath: 'b.yaml', text: examples[1]!.text }, 1, {}));
    expect(await cache.save()).toBeNull();
    return { file, a, b, hashA, hashB };
  };

  it('gives the stored model for the same bytes, path and key, and nothing otherwise', async () => {
    const { file, a, b, hashA, hashB } = await written();
    const cache = await ModelCache.open(file, KEY);
    expect(cache.ignored).toBeNull();
    expect(cache.lookup(a, hashA, 3)).toStrictEqual(modelFile({ displayPath: 'a.yaml', text: source.text }, 3, {}));
    expect(cache.lookup(b, hashA, 1)).toBeUndefined(); // other bytes
    expect(cache.lookup({ ...b, displayPath: 'other/b.yaml' }, hashB, 1)).toBeUndefined(); // other display path
    expect(cache.lookup({ path: fixture.path('c.yaml'), displayPath: 'c.yaml' }, hashB, 1)).toBeUndefined();
    expect(cache.stats()).toEqual({ file, ignored: null, hits: 1, misses: 0 });
    expect((await ModelCache.open(file, cacheKey({ test: false }))).ignored).toBe(
      'written by another svclint or for other settings',
    );
  });

  it('is rewritten only when it changed, without leaving temporary files', async () => {
    const { file, a, hashA } = await written();
    const before = readFileSync(file);
    const cache = await ModelCache.open(file, KEY);
    cache.lookup(a, hashA, 0);
    expect(await cache.save()).toBeNull();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(fixture.dir).sort()).toEqual([DEFAULT_CACHE_FILE, 'a.yaml', 'b.yaml']);
  });

  it('keeps the entries of files not read in this run while they exist', async () => {
    const { file, a, b, hashA, hashB } = await written();
    const keep = await ModelCache.open(file, KEY);
    keep.lookup(a, hashA, 0);
    await keep.save();
    expect((await ModelCache.open(file, KEY)).lookup(b, hashB, 1)).toBeDefined();
    rmSync(b.path);
    const drop = await ModelCache.open(file, KEY);
    drop.lookup(a, hashA, 0);
    await drop.save();
    writeFileSync(b.path, examples[1]!.text);
    expect((await ModelCache.open(file, KEY)).lookup(b, hashB, 1)).toBeUndefined();
  });

  it('ignores a truncated, corrupt, foreign or unrelated file, and rewrites it', async () => {
    const { file, a, hashA } = await written();
    const good = readFileSync(file);
    const damaged: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['garbage', Buffer.from('not a cache at all\n'.repeat(50))],
      ['another layout', Buffer.concat([Buffer.from('svclint cache 9\n'), good.subarray(16)])],
    ];
    // Every length short of the whole (a step that meets the header, the entries and the checksum).
    for (let length = 0; length < good.length; length += Math.max(1, Math.floor(good.length / 300)))
      damaged.push([`truncated at ${length}`, good.subarray(0, length)]);
    for (const at of [20, 40, Math.floor(good.length / 2), good.length - 10, good.length - 1]) {
      const flipped = Buffer.from(good);
      flipped[at]! ^= 0x20;
      damaged.push([`byte ${at} flipped`, flipped]);
    }
    for (const [what, bytes] of damaged) {
      writeFileSync(file, bytes);
      const cache = await ModelCache.open(file, KEY);
      expect(cache.ignored, what).not.toBeNull();
      expect(cache.lookup(a, hashA, 0), what).toBeUndefined();
    }
    expect((await ModelCache.open(file, KEY)).ignored).toBe('corrupt or truncated');
    writeFileSync(file, damaged[1]![1]);
    expect((await ModelCache.open(file, KEY)).ignored).toBe('not a svclint cache');
    writeFileSync(file, damaged[2]![1]);
    expect((await ModelCache.open(file, KEY)).ignored).toBe('written by another svclint');
    // An ignored file is rewritten on save, whole.
    const cache = await ModelCache.open(file, KEY);
    cache.store(a, hashA, modelFile({ displayPath: 'a.yaml', text: source.text }, 0, {}));
    expect(await cache.save()).toBeNull();
    expect((await ModelCache.open(file, KEY)).lookup(a, hashA, 0)).toBeDefined();
  });

  it('stays whole when two runs write it at once: the last rename wins', async () => {
    const { file, a, b, hashA, hashB } = await written();
    const one = await ModelCache.open(file, KEY);
    const two = await ModelCache.open(file, KEY);
    one.store(a, hashA, modelFile({ displayPath: 'a.yaml', text: source.text }, 0, {}));
    two.store(b, hashB, modelFile({ displayPath: 'b.yaml', text: examples[1]!.text }, 1, {}));
    expect(await Promise.all([one.save(), two.save(), one.save()])).toEqual([null, null, null]);
    const after = await ModelCache.open(file, KEY);
    expect(after.ignored).toBeNull();
    expect(after.lookup(a, hashA, 0)).toBeDefined();
    expect(readdirSync(fixture.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('says why it cannot be written, and leaves nothing behind', async () => {
    const { a, hashA } = setUp();
    mkdirSync(fixture.path('taken'));
    const cache = await ModelCache.open(fixture.path('taken'), KEY);
    expect(cache.ignored).toMatch(/^unreadable/);
    cache.store(a, hashA, modelFile({ displayPath: 'a.yaml', text: source.text }, 0, {}));
    expect(await cache.save()).toBe('is a directory');
    expect(readdirSync(fixture.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--cache-location', () => {
  let fixture: TempDir;
  afterEach(() => fixture?.remove());

  it('is a file, or a folder that holds .svclintcache; the default is in the working directory', async () => {
    fixture = writeFixture({ 'dir/x.yaml': '' });
    expect(await cacheFileOf(undefined, fixture.dir)).toBe(fixture.path(DEFAULT_CACHE_FILE));
    expect(await cacheFileOf('dir', fixture.dir)).toBe(fixture.path('dir', DEFAULT_CACHE_FILE));
    expect(await cacheFileOf('new/', fixture.dir)).toBe(fixture.path('new', DEFAULT_CACHE_FILE));
    expect(await cacheFileOf('tmp/lint.cache', fixture.dir)).toBe(fixture.path('tmp', 'lint.cache'));
    expect(existsSync(fixture.path('new'))).toBe(false);
  });
});

describe('svclint --cache', () => {
  let fixture: TempDir;
  afterEach(() => fixture?.remove());

  /** examples/broken (every rule finds something) and files that do not parse, in a folder of their own. */
  const setUp = () => {
    const files: Record<string, string | Uint8Array> = Object.fromEntries(
      examples
        .filter((e) => e.displayPath.startsWith('examples/broken/'))
        .map((e) => [`k8s/${path.basename(e.displayPath)}`, e.text]),
    );
    files['k8s/zz-syntax.yaml'] = unusual[0]!.text;
    files['k8s/zz-binary.yaml'] = new Uint8Array([0x61, 0x00, 0x62]);
    files['k8s/zz-latin1.yaml'] = new Uint8Array([
      ...Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'),
      0xe9,
      0x0a,
    ]);
    fixture = writeFixture(files);
  };
  const lint = (...args: string[]) =>
    cli(['-f', 'json', '--fail-on', 'none', ...args, 'k8s'], { cwd: fixture.dir, env: { TIMING: '1' } });
  /** The report, and what the reading stage says it kept and modelled. */
  const run = async (...args: string[]) => {
    const { code, stdout, stderr } = await lint(...args);
    expect(code).toBe(0);
    const kept = /; (\d+) kept, (\d+) modelled\)/.exec(stderr);
    return {
      report: stdout,
      kept: kept ? [Number(kept[1]), Number(kept[2])] : null,
      warnings: stderr.split('\n').filter((l) => l.startsWith('svclint:')),
    };
  };

  it('gives the report byte for byte as without it: cold, warm, after a change, and with a damaged cache file', async () => {
    setUp();
    const files = readdirSync(fixture.path('k8s')).length;
    const plain = await run();
    expect(plain.kept).toBeNull();
    const cold = await run('--cache');
    expect(cold).toEqual({ ...plain, kept: [0, files] });
    expect(existsSync(fixture.path(DEFAULT_CACHE_FILE))).toBe(true);
    expect(await run('--cache')).toEqual({ ...plain, kept: [files, 0] });

    // One file changes (a Service's targetPort breaks); another is added before it in apply order (file ids move).
    const storefront = fixture.path('k8s', 'storefront.yaml');
    writeFileSync(storefront, readFileSync(storefront, 'utf8').replace(/targetPort: \S+/, 'targetPort: nope'));
    writeFileSync(fixture.path('k8s', '0-added.yaml'), unusual[3]!.text);
    const changed = await run();
    expect(changed.report).not.toBe(plain.report);
    expect(await run('--cache')).toEqual({ ...changed, kept: [files - 1, 2] });
    expect(await run('--cache')).toEqual({ ...changed, kept: [files + 1, 0] });

    const good = readFileSync(fixture.path(DEFAULT_CACHE_FILE));
    const damaged = [
      good.subarray(0, good.length >> 1),
      Buffer.from('garbage'),
      Buffer.concat([Buffer.from('svclint cache 0\n'), good.subarray(16)]),
      Buffer.alloc(0),
    ];
    for (const bytes of damaged) {
      writeFileSync(fixture.path(DEFAULT_CACHE_FILE), bytes);
      expect(await run('--cache')).toEqual({ ...changed, kept: [0, files + 1] });
      expect(await run('--cache')).toEqual({ ...changed, kept: [files + 1, 0] });
    }
  }, 60_000);

  it('is foreign for other settings, follows --cache-location and the configuration, and --no-cache turns it off', async () => {
    setUp();
    const files = readdirSync(fixture.path('k8s')).length;
    await run('--cache');
    expect((await run('--cache', '-n', 'shop')).kept).toEqual([0, files]);
    expect((await run('--cache', '-n', 'shop')).kept).toEqual([files, 0]);
    expect((await run('--cache', '--render', 'never')).kept).toEqual([0, files]);

    expect((await run('--cache', '--cache-location', 'tmp/')).kept).toEqual([0, files]);
    expect(existsSync(fixture.path('tmp', DEFAULT_CACHE_FILE))).toBe(true);
    expect((await run('--cache', '--cache-location', 'tmp')).kept).toEqual([files, 0]);

    writeFileSync(fixture.path('svclint.config.yaml'), 'cache: true\ncacheLocation: cache/models\n');
    expect((await run()).kept).toEqual([0, files]);
    expect(existsSync(fixture.path('cache', 'models'))).toBe(true);
    expect((await run()).kept).toEqual([files, 0]);
    expect((await run('--no-cache')).kept).toBeNull();
    expect((await lint('--cache', '--no-cache')).stderr).toBe(
      'svclint: --cache and --no-cache contradict each other; give one\n',
    );
  }, 60_000);

  it('warns when the cache cannot be written, and still reports', async () => {
    setUp();
    const plain = await run();
    writeFileSync(fixture.path('file'), '');
    const blocked = await run('--cache', '--cache-location', 'file/cache');
    expect(blocked.report).toBe(plain.report);
    expect(blocked.warnings).toEqual([
      expect.stringMatching(/^svclint: warning: cannot write the cache file\/cache: /),
    ]);
  }, 30_000);
});
