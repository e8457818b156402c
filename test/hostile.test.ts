// Hostile inputs: each has one clear outcome, a finding with a clear message at the right place or exit 2 with one
// line on stderr, and never a stack trace or a hang. Every test has a timeout.
//
// Covered elsewhere, not repeated here (each item of the robustness list is covered somewhere):
// - test/load.test.ts: alias bombs (billion laughs in pod labels, nested `kind: List` aliases, 9,000 ordinary
//   aliases in linear time), an alias with no anchor and one inside its own node, a binary file (NUL bytes) at 1:1,
//   invalid UTF-8 (a Latin-1 byte), a UTF-8 BOM (file and in memory), CRLF line endings (positions and a duplicate
//   key), tab indentation (exact position), an empty file and blank lines, empty and comment-only documents between
//   `---`, scalar and list documents, a missing path, a glob that matches nothing, a folder without manifests.
// - test/schema-check.test.ts: an empty `selector:`, `containerPort: abc`; rules/service-type/index.test.ts: Service
//   port 0 and 70000; rules/schema/index.test.ts: a string containerPort.
// Here: what those leave out, end to end (lintSources, lintPaths, runCli, and the real process for exit codes and
// stderr), plus the bugs these tests found.
import { spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, symlinkSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/lint-paths.js';
import type { Finding, LintResult } from '../src/lint.js';
import { MAX_NESTING_DEPTH } from '../src/load/documents.js';
import { MAX_TEXT_LENGTH } from '../src/position/range.js';
import { cli, docs, lint, span, writeFixture, type TempDir } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const isRoot = process.getuid?.() === 0;

const parseErrors = (result: LintResult) =>
  result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => ({ span: span(f), message: f.message }));
const brief = (f: Finding) => ({ ruleId: f.ruleId, span: span(f), message: f.message });

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const SERVICE = `apiVersion: v1
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
            - name: http
              containerPort: 8080
`;

const BOMB = 'YAML aliases expand to more than 10000 nodes (an alias bomb?); document not analysed';
const TOO_DEEP = `YAML nesting is deeper than ${MAX_NESTING_DEPTH} levels, too deep to analyse; document not analysed`;

describe('alias bombs (see also test/load.test.ts)', () => {
  /** Each level merges the one before nine times: 9^8 keys if expanded, through << merge keys and flow mappings. */
  const mergeBomb = () => {
    const levels = ['x0: &x0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}'];
    for (let i = 1; i <= 8; i++)
      levels.push(
        `x${i}: &x${i} {<<: [${Array(9)
          .fill(`*x${i - 1}`)
          .join(', ')}]}`,
      );
    return `${configMap('bomb')}${levels.join('\n')}\ndata:\n  <<: *x8\n`;
  };

  it('reports a << merge-key bomb at the alias that crosses the limit, fast, and goes on with the next document', () => {
    const started = performance.now();
    const result = lint(docs(mergeBomb(), configMap('after')));
    expect(performance.now() - started).toBeLessThan(2000);
    // Sizes: x0 19 nodes, x1 3 + 9 * 19 = 174, x2 3 + 9 * 174 = 1569: the aliases of x1 and x2 add 171 + 1566 nodes
    // and each *x2 in x3 (line 8, from column 15, 5 apart) 1569, so the sixth crosses 10000.
    expect(parseErrors(result)).toEqual([{ span: [8, 40, 8, 43], message: BOMB }]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['after']);
  }, 10_000);

  it('exits 1 with the one finding through the CLI, in time', async () => {
    const fixture = writeFixture({ 'bomb.yaml': mergeBomb() });
    try {
      const run = await cli(['-f', 'compact', 'bomb.yaml'], { cwd: fixture.dir });
      expect(run).toEqual({ code: 1, stdout: `bomb.yaml:8:40: error: ${BOMB} [parse-error]\n`, stderr: '' });
    } finally {
      fixture.remove();
    }
  }, 10_000);
});

describe('10,000 levels of nesting', () => {
  const LEVELS = 10_000;
  /** The first collection nested deeper than the limit: the (MAX_NESTING_DEPTH + 1)th. */
  const first = MAX_NESTING_DEPTH + 1;

  it('flow sequences: a finding at the first bracket past the limit; the other documents are analysed', () => {
    const deep = `${configMap('deep')}data:\n  x: ${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}\n`;
    const result = lint(docs(configMap('before'), deep, configMap('after')));
    // The ConfigMap is level 1, data level 2, so the value's brackets are levels 3 onwards: column 6 is level 3.
    expect(parseErrors(result)).toEqual([{ span: [11, 6 + first - 3, 11, 7 + first - 3], message: TOO_DEEP }]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['before', 'after']);
    expect(result.summary).toMatchObject({ documents: 3, objects: 2, skippedDocuments: 0 });
  }, 10_000);

  it('flow mappings, a whole file of them', () => {
    const result = lint(`${'{a: '.repeat(LEVELS)}1${'}'.repeat(LEVELS)}\n`);
    expect(parseErrors(result)).toEqual([
      { span: [1, 1 + 4 * (first - 1), 1, 2 + 4 * (first - 1)], message: TOO_DEEP },
    ]);
  }, 10_000);

  it('block sequences (compact "- - - x")', () => {
    const result = lint(`${'- '.repeat(LEVELS)}x\n`);
    expect(parseErrors(result)).toEqual([
      { span: [1, 1 + 2 * (first - 1), 1, 2 + 2 * (first - 1)], message: TOO_DEEP },
    ]);
  }, 10_000);

  it('block mappings, one more space of indentation per level', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n';
    for (let level = 2; level <= LEVELS; level++) text += `${' '.repeat(level - 1)}k:\n`;
    const result = lint(text);
    // The map under data: is level 2, on line 6 at column 2: level n is on line n + 4 at column n.
    expect(parseErrors(result)).toEqual([{ span: [first + 4, first, first + 4, first + 1], message: TOO_DEEP }]);
  }, 20_000);

  it(`analyses a document nested exactly ${MAX_NESTING_DEPTH} levels deep, with the same outcome every time`, () => {
    const text = `${configMap('edge')}data:\n  x: ${'['.repeat(MAX_NESTING_DEPTH - 2)}${']'.repeat(MAX_NESTING_DEPTH - 2)}\n`;
    // ConfigMaps are not schema-checked, so a list in data is no finding: the document is simply modelled, every time.
    for (let i = 0; i < 3; i++) {
      const result = lint(text);
      expect(result.findings).toEqual([]);
      expect(result.model.objects.map((o) => o.name)).toEqual(['edge']);
    }
  }, 20_000);
});

describe('a file over 64 Mi characters', () => {
  it('is one parse-error finding saying so (offsets past 2^26 do not fit a packed range), and other files are linted', () => {
    const huge = `# ${'x'.repeat(MAX_TEXT_LENGTH)}\n`;
    const result = lint({ 'huge.yaml': huge, 'ok.yaml': configMap('ok') });
    expect(result.findings.map(brief)).toEqual([
      {
        ruleId: 'parse-error',
        span: [1, 1, 1, 1],
        message: `file is too large to analyse (${huge.length} characters; the limit is ${MAX_TEXT_LENGTH}): split it into smaller files`,
      },
    ]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['ok']);
  }, 20_000);
});

describe('a 50 MB file', () => {
  let fixture: TempDir;
  const PAIRS = 9_000;
  let lastPairLine = 0;
  let size = 0;

  beforeAll(async () => {
    fixture = writeFixture({});
    // Many small documents, then one huge ConfigMap: a per-document scan to the end of the file (the bug this found)
    // costs documents × file size.
    const out = createWriteStream(fixture.path('big.yaml'));
    let line = 1;
    const write = (text: string) => {
      size += text.length;
      line += text.split('\n').length - 1;
      return out.write(text) ? null : once(out, 'drain');
    };
    for (let i = 0; i < PAIRS; i++) {
      const last = i === PAIRS - 1;
      if (last) lastPairLine = line;
      const service = SERVICE.replace('name: web', `name: web-${i}`)
        .replace('app: web', `app: web-${i}`)
        .replace('targetPort: http', last ? 'targetPort: htp' : 'targetPort: http');
      const deployment = DEPLOYMENT.replace('name: web', `name: web-${i}`).replace(/app: web/g, `app: web-${i}`);
      await write(`${service}---\n${deployment}---\n`);
    }
    await write('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  nginx.conf: |\n');
    const filler = `    location /x { proxy_pass http://web-0.default.svc.cluster.local:80; } # ${'x'.repeat(40)}\n`;
    const chunk = filler.repeat(10_000);
    while (size < 50 * 1024 * 1024) await write(chunk);
    out.end();
    await once(out, 'finish');
  }, 120_000);
  afterAll(() => fixture.remove());

  it('is linted in bounded time and memory, with the finding at its exact line', async () => {
    expect(size).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const peakBefore = process.resourceUsage().maxRSS;
    const started = performance.now();
    const run = await cli(['-f', 'compact', 'big.yaml'], { cwd: fixture.dir });
    const seconds = (performance.now() - started) / 1000;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
    // The Service of the last pair names port "htp": its targetPort is line 11 of that pair.
    expect(run.stdout).toBe(
      `big.yaml:${lastPairLine + 10}:19: error: Service default/web-${PAIRS - 1} port 80 targetPort "htp" matches no container port named "htp" in Deployment/web-${PAIRS - 1} (its ports: http:8080/TCP); those pods get no traffic on this port [target-port-mismatch]\n`,
    );
    // About 10 s here; scanning to the end of the file for each document took over 2 minutes.
    expect(seconds).toBeLessThan(90);
    // About 850 MiB at the peak for the test process as a whole (600 MB for the CLI alone); the limit leaves room.
    expect(peakMiB, `peak RSS ${peakMiB.toFixed(0)} MiB (before: ${(peakBefore / 1024).toFixed(0)} MiB)`).toBeLessThan(
      2048,
    );
  }, 180_000);
});

describe('bytes: not UTF-8, binary, BOM, CR and CRLF line endings (see also test/load.test.ts)', () => {
  let fixture: TempDir;
  const ascii = (text: string) => Buffer.from(text, 'latin1');
  beforeAll(() => {
    fixture = writeFixture({
      // A UTF-16 surrogate encoded in UTF-8 (CESU-8), an overlong "/", a code point past U+10FFFF, a sequence cut
      // off at the end of the file: each well-formed byte by byte, so only the stricter second-byte ranges catch them.
      'surrogate.yaml': Buffer.concat([
        ascii(`${configMap('a')}data:\n  x: "`),
        Buffer.from([0xed, 0xa0, 0x80]),
        ascii('"\n'),
      ]),
      'overlong.yaml': Buffer.concat([
        ascii(`${configMap('b')}data:\n  x: `),
        Buffer.from([0xe0, 0x80, 0xaf]),
        ascii('\n'),
      ]),
      'beyond.yaml': Buffer.concat([
        ascii(`${configMap('c')}data:\n  x: "`),
        Buffer.from([0xf4, 0x90, 0x80, 0x80]),
        ascii('"\n'),
      ]),
      'truncated.yaml': Buffer.concat([ascii(`${configMap('d')}data:\n  x: `), Buffer.from([0xe2, 0x82])]),
      'binary.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
      'cr.yaml': SERVICE.replace(/\n/g, '\r'),
      'bom-crlf.json': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        ascii(
          '{"apiVersion": "v1",\r\n "kind": "Service",\r\n "metadata": {"name": "json"},\r\n "spec": {"selector": {"app": "none"}, "ports": [{"port": 80}]}}\r\n',
        ),
      ]),
    });
  });
  afterAll(() => fixture.remove());

  it.each([
    ['surrogate.yaml', 'a', [6, 7, 6, 8]],
    ['overlong.yaml', 'b', [6, 6, 6, 7]],
    ['beyond.yaml', 'c', [6, 7, 6, 8]],
    ['truncated.yaml', 'd', [6, 6, 6, 7]],
  ] as const)(
    '%s: invalid UTF-8 at its first bad byte, and the object is still modelled',
    async (file, name, expected) => {
      const result = await lintPaths([file], { cwd: fixture.dir });
      expect(parseErrors(result)).toEqual([
        { span: expected, message: 'file is not valid UTF-8; invalid bytes were read as U+FFFD' },
      ]);
      expect(result.model.objects.map((o) => o.name)).toEqual([name]);
    },
    10_000,
  );

  it('a binary file named .yaml exits 1 with one finding at 1:1 through the CLI', async () => {
    const run = await cli(['-f', 'compact', 'binary.yaml'], { cwd: fixture.dir });
    expect(run).toEqual({
      code: 1,
      stdout:
        'binary.yaml:1:1: error: binary file (it contains NUL bytes), not YAML or JSON; not analysed [parse-error]\n',
      stderr: '',
    });
  }, 10_000);

  it('a file with old Mac line endings (a lone CR): lines as an editor shows them, not a syntax error', async () => {
    const result = await lintPaths(['cr.yaml'], { cwd: fixture.dir });
    expect(result.findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        span: [6, 3, 6, 11],
        message:
          'Service default/web selects app=web, but no pod template in namespace default has these labels, so it has no endpoints',
      },
    ]);
  }, 10_000);

  it('a JSON file with a BOM and CRLF line endings: positions as an editor shows them', async () => {
    const result = await lintPaths(['bom-crlf.json'], { cwd: fixture.dir });
    expect(result.findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        span: [4, 11, 4, 21],
        message:
          'Service default/json selects app=none, but no pod template in namespace default has these labels, so it has no endpoints',
      },
    ]);
  }, 10_000);
});

describe('tabs (YAML forbids them as indentation; see also test/load.test.ts)', () => {
  const TABS = 'YAML syntax error: Tabs are not allowed as indentation';

  it.each([
    ['a tab-indented list item', 'apiVersion: v1\nkind: List\nitems:\n\t- a\n', [4, 1, 4, 2]],
    ['a tab after spaces in nested indentation', `${configMap('x')}  labels:\n  \tapp: x\n`, [6, 3, 6, 4]],
  ] as const)(
    '%s is a syntax error at the tab',
    (_name, text, expected) => {
      expect(parseErrors(lint(text))).toEqual([{ span: expected, message: TABS }]);
    },
    10_000,
  );

  it('a tab as separation after a colon, or on a blank line, is fine', () => {
    const result = lint('apiVersion:\tv1\nkind: ConfigMap\n\t\nmetadata:\n  name:\ttabbed\n');
    expect(result.findings).toEqual([]);
    expect(result.model.objects.map((o) => o.name)).toEqual(['tabbed']);
  }, 10_000);
});

describe('empty and degenerate files through the CLI (see also test/load.test.ts)', () => {
  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({
      'empty.yaml': '',
      'blank.yaml': '\n  \n\t\n',
      'dashes.yaml': '---',
      'many-dashes.yaml': '---\n---\n---\n',
      'dots.yaml': '...\n',
      'empty-map.json': '{}\n',
      'empty-list.json': '[]\n',
      'null.yaml': 'null\n',
      'string.json': '"just a string"',
      'number.yaml': '42\n',
    });
  });
  afterAll(() => fixture.remove());

  it('files without documents, or with only empty ones, exit 0 with nothing to report', async () => {
    const files = ['empty.yaml', 'blank.yaml', 'dashes.yaml', 'many-dashes.yaml', 'dots.yaml', 'empty-map.json'];
    const run = await cli(['-f', 'json', ...files], { cwd: fixture.dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: object };
    expect(report.findings).toEqual([]);
    // "---" alone opens one empty document, "---" three times three; "{}" is a mapping without apiVersion or kind.
    expect(report.summary).toMatchObject({ files: 6, documents: 6, objects: 0, skippedDocuments: 6 });
  }, 10_000);

  it('scalar and list YAML documents are one parse-error each, covering the value', async () => {
    const run = await cli(['-f', 'compact', 'null.yaml', 'number.yaml'], { cwd: fixture.dir });
    expect(run).toEqual({
      code: 1,
      stdout: [
        'null.yaml:1:1: error: Document is a scalar value, not a Kubernetes object (a mapping with apiVersion and kind) [parse-error]',
        'number.yaml:1:1: error: Document is a scalar value, not a Kubernetes object (a mapping with apiVersion and kind) [parse-error]',
        '',
      ].join('\n'),
      stderr: '',
    });
  }, 10_000);

  it('a JSON array or string is no Kubernetes object (nor List): skipped silently, but counted', async () => {
    const run = await cli(['-f', 'json', 'empty-list.json', 'string.json'], { cwd: fixture.dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: object };
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ files: 2, documents: 2, objects: 0, skippedDocuments: 2 });
  }, 10_000);

  it('a syntax error at the very end of the input stays inside the file', () => {
    // yaml places "Flow map must end with a }" one past the last character; the range is kept inside the text.
    const result = lint('{"apiVersion": "v1",\n "kind": "ConfigMap"\n');
    const [problem] = result.findings;
    expect(problem).toMatchObject({ ruleId: 'parse-error', line: 3, column: 1, endLine: 3, endColumn: 1 });
    expect(problem!.message).toMatch(/^YAML syntax error: /);
  }, 10_000);

  it('a stray "]" at the start of a line does not shift the lines of what follows', () => {
    // yaml's LineCounter skipped the newline after such a line, so every later finding was one line too high.
    const result = lint(docs(`${configMap('broken')}data:\n]  x: 1\n`, SERVICE));
    expect(result.findings.map((f) => [f.ruleId, ...span(f)])).toEqual([
      ['parse-error', 6, 1, 6, 2],
      ['orphan-service', 13, 3, 13, 11],
    ]);
  }, 10_000);
});

describe('fields that are null, empty, of the wrong type or out of range', () => {
  const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${spec}`;
  const withPods = (text: string) =>
    lint(docs(text, DEPLOYMENT))
      .findings.filter((f) => f.object?.kind === 'Service' || f.ruleId === 'schema')
      .map(brief);
  const NO_PORTS =
    'Service default/web has no ports, but only a headless (clusterIP: None) or ExternalName Service may have none; the API server rejects it';

  it('ports: null, [] or missing on a Service with a selector: the API server rejects it (service-type)', () => {
    expect(withPods(service('  selector:\n    app: web\n  ports: null\n'))).toEqual([
      { ruleId: 'service-type', span: [8, 10, 8, 14], message: NO_PORTS },
    ]);
    expect(withPods(service('  selector:\n    app: web\n  ports: []\n'))).toEqual([
      { ruleId: 'service-type', span: [8, 3, 8, 8], message: NO_PORTS },
    ]);
    // Nothing to point at but the Service's name.
    expect(withPods(service('  selector:\n    app: web\n'))).toEqual([
      { ruleId: 'service-type', span: [4, 9, 4, 12], message: NO_PORTS },
    ]);
    // Headless and ExternalName Services may have no ports; a list of numbers is the schema's finding only.
    expect(withPods(service('  clusterIP: None\n  selector:\n    app: web\n  ports: null\n'))).toEqual([]);
    expect(withPods(service('  type: ExternalName\n  externalName: example.com\n'))).toEqual([]);
    expect(withPods(service('  selector:\n    app: web\n  ports: [80]\n'))).toEqual([
      {
        ruleId: 'schema',
        span: [8, 11, 8, 13],
        message: 'Service default/web spec.ports[0] must be a mapping, not the number 80; the API server rejects it',
      },
    ]);
  }, 10_000);

  it('selector: ~ is an empty selector (selectorless-service), not an error', () => {
    expect(withPods(service('  selector: ~\n  ports:\n    - port: 80\n'))).toEqual([
      {
        ruleId: 'selectorless-service',
        span: [6, 13, 6, 14],
        message:
          'Service default/web has an empty selector, so Kubernetes manages no endpoints for it, and no EndpointSlice labelled kubernetes.io/service-name=web or Endpoints object named web is in namespace default in the files; traffic to it goes nowhere until something creates them (fine if a controller or another repository does)',
      },
    ]);
  }, 10_000);

  it('containers: [] is "required but empty", as containers: (null) is', () => {
    const empty = DEPLOYMENT.replace(/containers:[\s\S]*/, 'containers: []\n');
    const nulled = DEPLOYMENT.replace(/containers:[\s\S]*/, 'containers:\n');
    const message =
      'Deployment default/web spec.template.spec.containers is required but empty; the API server rejects it';
    expect(lint(empty).findings.map(brief)).toEqual([{ ruleId: 'schema', span: [14, 7, 14, 17], message }]);
    expect(lint(nulled).findings.map(brief)).toEqual([{ ruleId: 'schema', span: [14, 7, 14, 17], message }]);
  }, 10_000);

  it('port "abc" on a Service and a container: a type error at the value', () => {
    expect(withPods(service('  selector:\n    app: web\n  ports:\n    - port: "abc"\n'))).toEqual([
      {
        ruleId: 'schema',
        span: [9, 13, 9, 18],
        message:
          'Service default/web spec.ports[0].port must be an integer, not the string "abc"; the API server rejects it',
      },
    ]);
  }, 10_000);

  it('container ports 0 and 70000 and hostPort 70000: out of range at the value (schema)', () => {
    const text = DEPLOYMENT.replace(
      'containerPort: 8080',
      'containerPort: 0\n            - containerPort: 70000\n            - containerPort: 80\n              hostPort: 70000',
    );
    const path = 'spec.template.spec.containers[0].ports';
    expect(lint(text).findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        span: [19, 30, 19, 31],
        message: `Deployment default/web ${path}[0].containerPort 0 must be at least 1; the API server rejects it`,
      },
      {
        ruleId: 'schema',
        span: [20, 30, 20, 35],
        message: `Deployment default/web ${path}[1].containerPort 70000 must be at most 65535; the API server rejects it`,
      },
      {
        ruleId: 'schema',
        span: [22, 25, 22, 30],
        message: `Deployment default/web ${path}[2].hostPort 70000 must be at most 65535; the API server rejects it`,
      },
    ]);
  }, 10_000);

  it('Service port 0 and 70000 (service-type), and numbers JSON does not have (.inf, .nan, 1e400): the schema', () => {
    const ports =
      '  selector:\n    app: web\n  ports:\n    - {name: a, port: 0}\n    - {name: b, port: 70000}\n    - {name: c, port: .inf}\n    - {name: d, port: .nan}\n    - {name: e, port: 1e400}\n';
    const integer = (i: number, written: string) =>
      `Service default/web spec.ports[${i}].port must be an integer, not the number ${written}; the API server rejects it`;
    expect(withPods(service(ports)).filter((f) => f.ruleId !== 'target-port-mismatch')).toEqual([
      {
        ruleId: 'service-type',
        span: [9, 23, 9, 24],
        message: 'Service default/web port 0 must be between 1 and 65535, inclusive; the API server rejects it',
      },
      {
        ruleId: 'service-type',
        span: [10, 23, 10, 28],
        message: 'Service default/web port 70000 must be between 1 and 65535, inclusive; the API server rejects it',
      },
      { ruleId: 'schema', span: [11, 23, 11, 27], message: integer(2, '.inf') },
      { ruleId: 'schema', span: [12, 23, 12, 27], message: integer(3, '.nan') },
      { ruleId: 'schema', span: [13, 23, 13, 28], message: integer(4, '1e400') },
    ]);
  }, 10_000);
});

describe('paths that cannot be read (see also test/load.test.ts for a missing path and a glob matching nothing)', () => {
  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({
      'k8s/svc.yaml': SERVICE,
      'k8s/deploy.yaml': DEPLOYMENT,
      'real/extra.yaml': configMap('extra'),
      'configured/svclint.config.yaml': 'exclude:\n  - "k8s/**/deploy.yaml"\n',
      'configured/k8s/svc.yaml': SERVICE,
      'configured/k8s/deploy.yaml': DEPLOYMENT,
    });
    // A loop through the parent, two loops (which made the walk exponential), a linked file and a linked folder.
    symlinkSync('..', fixture.path('k8s', 'up'));
    symlinkSync('.', fixture.path('k8s', 'x'));
    symlinkSync('.', fixture.path('k8s', 'y'));
    symlinkSync(path.join('..', 'real', 'extra.yaml'), fixture.path('k8s', 'linked.yaml'));
    symlinkSync(path.join('..', 'real'), fixture.path('k8s', 'linked-folder'));
    symlinkSync('self', fixture.path('self'));
    symlinkSync('.', fixture.path('configured', 'k8s', 'x'));
    symlinkSync('.', fixture.path('configured', 'k8s', 'y'));
  });
  afterAll(() => fixture.remove());

  it('a folder with symbolic link loops is searched once, reading linked files but not following linked folders', async () => {
    const run = await cli(['-f', 'json', 'k8s'], { cwd: fixture.dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { summary: { files: number; objects: number } };
    expect(report.summary).toMatchObject({ files: 3, objects: 3 });
    const result = await lintPaths(['k8s'], { cwd: fixture.dir });
    expect(result.model.files.map((f) => f.path)).toEqual(['k8s/deploy.yaml', 'k8s/linked.yaml', 'k8s/svc.yaml']);
    const globbed = await lintPaths(['k8s/**/*.yaml'], { cwd: fixture.dir });
    expect(globbed.model.files.map((f) => f.path)).toEqual(['k8s/deploy.yaml', 'k8s/linked.yaml', 'k8s/svc.yaml']);
  }, 20_000);

  it("the configuration's exclude globs do not follow link loops either", async () => {
    const run = await cli(['-f', 'json', 'k8s'], { cwd: fixture.path('configured') });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { findings: Finding[]; summary: { files: number } };
    // deploy.yaml is excluded, so the Service selects nothing.
    expect(report.summary.files).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['orphan-service']);
  }, 20_000);

  it('a symbolic link to itself is exit 2 with one line saying so', async () => {
    expect(await cli(['self'], { cwd: fixture.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'svclint: self: cannot read: symbolic link loop\n',
    });
  }, 10_000);

  it('an unreadable file (chmod 000) is exit 2 with one line', async (ctx) => {
    ctx.skip(
      isRoot,
      'running as root, which reads a file whatever its mode: the real-process test below drops to nobody',
    );
    const file = fixture.path('k8s', 'deploy.yaml');
    chmodSync(file, 0o000);
    try {
      expect(await cli(['k8s/deploy.yaml'], { cwd: fixture.dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: 'svclint: k8s/deploy.yaml: cannot read file: permission denied\n',
      });
    } finally {
      chmodSync(file, 0o644);
    }
  }, 10_000);
});

describe('as a real process (node dist/src/cli/main.js): exit codes, one line on stderr, no stack trace, no hang', () => {
  const main = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
  let fixture: TempDir;

  beforeAll(() => {
    if (!existsSync(main)) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    fixture = writeFixture({
      'deep.yaml': `${configMap('deep')}data:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'binary.yaml': Buffer.from([0x00, 0x01, 0x02]),
      'ok/cm.yaml': configMap('ok'),
      'locked/cm.yaml': configMap('locked'),
      'empty/readme.txt': 'no manifests\n',
    });
    // For the test that runs as nobody: the fixture folder must be reachable by others.
    chmodSync(fixture.dir, 0o755);
    chmodSync(fixture.path('ok'), 0o755);
  }, 120_000);
  afterAll(() => fixture.remove());

  const spawn = (argv: string[], options: { uid?: number; gid?: number } = {}) =>
    spawnSync(process.execPath, [main, ...argv], {
      cwd: fixture.dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      ...options,
    });

  const expectOneLine = (stderr: string) => {
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^svclint: .+\n$/);
    expect(stderr).not.toMatch(/^\s+at /m);
  };

  it('deep nesting and binary files: exit 1 with findings, nothing on stderr', () => {
    const run = spawn(['-f', 'compact', 'deep.yaml', 'binary.yaml']);
    expect(run.error).toBeUndefined();
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
    expect(
      run.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/:.*\[/, ' ['))
        .sort(),
    ).toEqual(['binary.yaml [parse-error]', 'deep.yaml [parse-error]']);
  }, 90_000);

  it.each([
    [['missing.yaml'], 'svclint: missing.yaml: no such file or directory\n'],
    [['nothing/**/*.yaml'], 'svclint: nothing/**/*.yaml: no files match this pattern\n'],
    [['empty'], 'svclint: empty: no *.yaml, *.yml or *.json files in this folder\n'],
  ])(
    '%j: exit 2 with one line',
    (argv, stderr) => {
      const run = spawn(argv);
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 2, stdout: '', stderr });
      expectOneLine(run.stderr);
    },
    60_000,
  );

  it('unreadable files and folders, as a user other than root: exit 2 with one line saying "permission denied"', (ctx) => {
    // Root reads everything whatever the mode; drop to nobody for this (needs root to switch user, and the
    // repository readable by others).
    ctx.skip(!isRoot, 'not running as root: the in-process chmod 000 test above covers it');
    const NOBODY = 65534;
    const probe = spawn(['--version'], { uid: NOBODY, gid: NOBODY });
    ctx.skip(
      probe.status !== 0,
      `nobody cannot run the built CLI here (${probe.stderr.trim() || probe.error?.message})`,
    );
    chmodSync(fixture.path('ok', 'cm.yaml'), 0o000);
    chmodSync(fixture.path('locked'), 0o700);
    try {
      const file = spawn(['ok/cm.yaml'], { uid: NOBODY, gid: NOBODY });
      expect({ status: file.status, stderr: file.stderr }).toEqual({
        status: 2,
        stderr: 'svclint: ok/cm.yaml: cannot read file: permission denied\n',
      });
      expectOneLine(file.stderr);
      // A file in a folder that cannot be searched, and the folder itself: not "no such file" or "no files".
      const inside = spawn(['locked/cm.yaml'], { uid: NOBODY, gid: NOBODY });
      expect({ status: inside.status, stderr: inside.stderr }).toEqual({
        status: 2,
        stderr: 'svclint: locked/cm.yaml: cannot read: permission denied\n',
      });
      const folder = spawn(['locked'], { uid: NOBODY, gid: NOBODY });
      expect({ status: folder.status, stderr: folder.stderr }).toEqual({
        status: 2,
        stderr: 'svclint: locked: cannot read folder: permission denied\n',
      });
    } finally {
      chmodSync(fixture.path('ok', 'cm.yaml'), 0o644);
      chmodSync(fixture.path('locked'), 0o755);
    }
  }, 60_000);
});
