// The CI report formats: github (workflow commands), junit, gitlab (Code Quality) and markdown, plus golden files of
// every format (sarif included) for examples/broken. `npm run update` rewrites the golden files (scripts/goldens.mjs
// says what they hold); read the diff before committing it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding, LintResult } from '../src/lint.js';
import { lintSources } from '../src/lint.js';
import { lintPaths } from '../src/lint-paths.js';
import { at, defineRule } from '../src/rule.js';
import { FORMAT_NAMES, formatters } from '../src/report/index.js';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';
import { escapeXmlAttribute, escapeXmlText, formatJunit } from '../src/report/junit.js';
import { formatGitlab } from '../src/report/gitlab.js';
import { escapeMarkdown, formatMarkdown } from '../src/report/markdown.js';
import { rules } from '../rules/index.js';
import { GOLDEN_CONTEXT, GOLDEN_FORMATS, UPDATE_HINT } from '../scripts/goldens.mjs';
import { docs } from './helpers.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** A finding built by hand, so that tests can put any text in any field. */
function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'target-port-mismatch',
    severity: 'error',
    message: 'Service shop/web port 80 targetPort "http" matches no container port',
    file: 'k8s/web.yaml',
    line: 14,
    column: 21,
    endLine: 14,
    endColumn: 27,
    object: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
    path: 'spec.ports[0].targetPort',
    related: [],
    ...overrides,
  };
}

/** A lint result around hand-made findings (formatters that only read findings and the summary). */
function resultOf(findings: Finding[], base: LintResult = lintSources([])): LintResult {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    ...base,
    findings,
    summary: { ...base.summary, errors: count('error'), warnings: count('warning'), notes: count('note') },
  };
}

describe('--format names', () => {
  it('lists every format in the documented order', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'compact', 'json', 'sarif', 'github', 'junit', 'gitlab', 'markdown']);
  });
});

describe('golden files for examples/broken', () => {
  let result: LintResult;
  beforeAll(async () => {
    result = await lintPaths(['examples/broken'], { cwd: repoRoot });
  });

  for (const [format, file] of GOLDEN_FORMATS) {
    it(`${format} matches test/golden/${file}`, () => {
      const golden = new URL(`./golden/${file}`, import.meta.url);
      const actual = formatters[format](result, GOLDEN_CONTEXT);
      expect(existsSync(golden), `test/golden/${file} is missing: ${UPDATE_HINT}`).toBe(true);
      const written = readFileSync(golden, 'utf8');
      // A short message first (the whole file would bury the hint), then the diff.
      if (actual !== written)
        expect(actual, `test/golden/${file} differs from the ${format} report: ${UPDATE_HINT}`).toBe(written);
    });
  }
});

describe('github', () => {
  afterEach(() => vi.restoreAllMocks());

  it('escapes data as the runner unescapes it: %, CR and LF', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeData('%0A is not a newline')).toBe('%250A is not a newline');
  });

  it('escapes properties with ":" and "," too', () => {
    expect(escapeProperty('a:b,c%d\ne\rf')).toBe('a%3Ab%2Cc%25d%0Ae%0Df');
  });

  it('prints one command per finding: severity, position, title = rule id, message', () => {
    const text = formatGithub(
      resultOf([
        finding(),
        finding({
          severity: 'warning',
          ruleId: 'orphan-service',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 5,
          message: 'w',
        }),
        finding({ severity: 'note', ruleId: 'selectorless-service', message: 'n' }),
      ]),
    );
    expect(text).toBe(
      [
        '::error file=k8s/web.yaml,line=14,col=21,endLine=14,endColumn=27,title=target-port-mismatch::Service shop/web port 80 targetPort "http" matches no container port',
        '::warning file=k8s/web.yaml,line=3,col=1,endLine=3,endColumn=5,title=orphan-service::w',
        '::notice file=k8s/web.yaml,line=14,col=21,endLine=14,endColumn=27,title=selectorless-service::n',
        '',
      ].join('\n'),
    );
  });

  it('escapes hostile paths and messages, and agrees with @actions/core', () => {
    const f = finding({ file: 'odd dir/a:b,c%d.yaml', message: 'line one\nline two: 100%\r\n::error::not a command' });
    const ours = formatGithub(resultOf([f]));
    expect(ours).toBe(
      '::error file=odd dir/a%3Ab%2Cc%25d.yaml,line=14,col=21,endLine=14,endColumn=27,title=target-port-mismatch::line one%0Aline two: 100%25%0D%0A::error::not a command\n',
    );
    // What @actions/core writes for the same annotation (its properties come in another order).
    let written = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    core.error(f.message, {
      title: f.ruleId,
      file: f.file,
      startLine: f.line,
      endLine: f.endLine,
      startColumn: f.column,
      endColumn: f.endColumn,
    });
    vi.restoreAllMocks();
    const parse = (line: string) => {
      const match = /^::(\w+) (.*?)::(.*)$/.exec(line.trim())!;
      return {
        command: match[1],
        properties: Object.fromEntries(match[2]!.split(',').map((p) => p.split('=', 2))),
        data: match[3],
      };
    };
    expect(parse(ours)).toEqual(parse(written));
  });

  it('leaves out file= for standard input', () => {
    expect(formatGithub(resultOf([finding({ file: '-' })]))).toBe(
      '::error line=14,col=21,endLine=14,endColumn=27,title=target-port-mismatch::Service shop/web port 80 targetPort "http" matches no container port\n',
    );
  });

  it('prints nothing without findings', () => {
    expect(formatGithub(lintSources([]))).toBe('');
  });
});

describe('junit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name),
  });
  interface Case {
    name: string;
    classname: string;
    file: string;
    failure?: ({ type: string; message: string; '#text': string } | string)[];
  }
  interface Suite {
    name: string;
    tests: string;
    failures: string;
    testcase?: Case[];
  }
  const parse = (xml: string) => {
    expect(XMLValidator.validate(xml)).toBe(true);
    return parser.parse(xml) as { testsuites: { tests: string; failures: string; testsuite?: Suite[] } };
  };

  it('escapes text and attributes, and turns characters XML cannot hold into visible escapes', () => {
    expect(escapeXmlText(`a < b && c > d "q" 'a'`)).toBe(`a &lt; b &amp;&amp; c &gt; d "q" 'a'`);
    expect(escapeXmlAttribute(`<"it's">&\n\t\r`)).toBe('&lt;&quot;it&apos;s&quot;&gt;&amp;&#10;&#9;&#13;');
    expect(escapeXmlText('bell\u0007 nul\u0000 ok\ttab')).toBe('bell\\u0007 nul\\u0000 ok\ttab');
    expect(escapeXmlText('lone \uD800 surrogate, pair \uD83D\uDE00')).toBe('lone \\uD800 surrogate, pair \uD83D\uDE00');
  });

  const TEXT = docs(
    `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http`,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
        - name: app
          image: example/web:1.0
          ports:
            - name: web
              containerPort: 8080`,
    `apiVersion: v1
kind: Namespace
metadata:
  name: shop`,
    'just: [text',
  );

  it('has one suite per file, one testcase per object (passing ones too), a "(file)" testcase for load problems, and right counts', () => {
    const result = lintSources([
      { displayPath: 'k8s/web.yaml', text: TEXT },
      { displayPath: 'k8s/clean.yml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' },
    ]);
    const xml = formatJunit(result);
    const doc = parse(xml);
    expect(doc.testsuites).toMatchObject({ name: 'svclint', tests: '5', failures: '2' });
    const [clean, web] = doc.testsuites.testsuite!;
    expect(clean).toMatchObject({ name: 'k8s/clean.yml', tests: '1', failures: '0' });
    expect(clean!.testcase).toEqual([
      { name: 'ConfigMap default/settings', classname: 'k8s/clean', file: 'k8s/clean.yml', time: '0' },
    ]);
    expect(web).toMatchObject({ name: 'k8s/web.yaml', tests: '4', failures: '2' });
    expect(web!.testcase!.map((c) => [c.name, c.failure?.length ?? 0])).toEqual([
      ['(file)', 1],
      ['Service shop/web', 1],
      ['Deployment shop/web', 0],
      ['Namespace shop', 0],
    ]);
    const failure = web!.testcase![1]!.failure![0] as { type: string; message: string; '#text': string };
    const f = result.findings.find((x) => x.ruleId === 'target-port-mismatch')!;
    expect(failure.type).toBe('target-port-mismatch');
    expect(failure.message).toBe(f.message);
    expect(failure['#text']).toContain(`error at k8s/web.yaml:${f.line}:${f.column} (spec.ports[0].targetPort)`);
    expect(failure['#text']).toContain(
      'rule: target-port-mismatch https://github.com/svclint/svclint/blob/main/rules/target-port-mismatch/README.md',
    );
    expect(failure['#text']).toContain('related: k8s/web.yaml:');
    expect(web!.testcase![0]!.failure![0]).toMatchObject({ type: 'parse-error' });
  });

  it('counts a testcase with several findings once in failures', () => {
    const result = resultOf([finding(), finding({ ruleId: 'port-name', message: 'second' })]);
    const doc = parse(formatJunit(result));
    expect(doc.testsuites).toMatchObject({ tests: '1', failures: '1' });
    expect(doc.testsuites.testsuite![0]!.testcase![0]!.failure).toHaveLength(2);
  });

  it('survives hostile names and messages', () => {
    const hostile = finding({
      file: 'a&b/<c>.yaml',
      message: 'quote " apostrophe \' less < amp & ]]> bell \u0007\nsecond line',
      object: { apiVersion: 'v1', kind: 'Service', namespace: 'x"y', name: "<o'k>" },
    });
    const xml = formatJunit(resultOf([hostile]));
    const doc = parse(xml);
    const suite = doc.testsuites.testsuite![0]!;
    expect(suite.name).toBe('a&b/<c>.yaml');
    const testcase = suite.testcase![0]!;
    expect(testcase.name).toBe(`Service x"y/<o'k>`);
    const failure = testcase.failure![0] as { message: string; '#text': string };
    expect(failure.message).toBe('quote " apostrophe \' less < amp & ]]> bell \\u0007\nsecond line');
    expect(failure['#text']).toContain('quote " apostrophe \' less < amp & ]]> bell \\u0007\nsecond line');
  });

  it('is a valid empty report without input', () => {
    const xml = formatJunit(lintSources([]));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svclint" tests="0" failures="0" errors="0" skipped="0" time="0">\n</testsuites>\n',
    );
    parse(xml);
  });

  it('names standard input "stdin"', () => {
    const xml = formatJunit(lintSources([{ displayPath: '-', text: TEXT }]));
    const suite = parse(xml).testsuites.testsuite![0]!;
    expect(suite.name).toBe('stdin');
    expect(suite.testcase![0]!.file).toBe('stdin');
  });
});

describe('gitlab', () => {
  it('maps each finding to a Code Quality issue', () => {
    const issues = JSON.parse(
      formatGitlab(
        resultOf([
          finding(),
          finding({ severity: 'warning', line: 3, endLine: 5, endColumn: 4 }),
          // A span that ends at the start of a line ends on the line before.
          finding({ severity: 'note', file: '-', line: 7, endLine: 9, endColumn: 1 }),
        ]),
      ),
    );
    expect(
      issues.map((i: { severity: string; location: unknown; check_name: string }) => [
        i.check_name,
        i.severity,
        i.location,
      ]),
    ).toEqual([
      ['target-port-mismatch', 'major', { path: 'k8s/web.yaml', lines: { begin: 14, end: 14 } }],
      ['target-port-mismatch', 'minor', { path: 'k8s/web.yaml', lines: { begin: 3, end: 5 } }],
      ['target-port-mismatch', 'info', { path: 'stdin', lines: { begin: 7, end: 8 } }],
    ]);
    expect(Object.keys(issues[0]).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
    expect(issues[0].description).toBe(finding().message);
    const prints = issues.map((i: { fingerprint: string }) => i.fingerprint);
    expect(new Set(prints).size).toBe(3);
  });

  it('is an empty array without findings', () => {
    expect(formatGitlab(lintSources([]))).toBe('[]\n');
  });
});

describe('markdown', () => {
  it('escapes table-breaking and markup characters, and line breaks', () => {
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
    expect(escapeMarkdown('`code` *em* _em_ [link](x) <b> ~s~ &amp; $x$ back\\slash')).toBe(
      '\\`code\\` \\*em\\* \\_em\\_ \\[link\\](x) \\<b\\> \\~s\\~ \\&amp; \\$x\\$ back\\\\slash',
    );
  });

  it('keeps a hostile message in its own table cell', () => {
    const text = formatMarkdown(resultOf([finding({ message: 'a | b\n| c | d |', file: 'my_dir/x|y.yaml' })]));
    const row = text.split('\n').find((l) => l.startsWith('| my'))!;
    expect(row).toBe(
      '| my\\_dir/x\\|y.yaml:14:21 | error | [target-port-mismatch](https://github.com/svclint/svclint/blob/main/rules/target-port-mismatch/README.md) | a \\| b<br>\\| c \\| d \\| |',
    );
    // Four cells: the unescaped pipes are exactly the five borders.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('says so when there are no problems, and still shows the endpoint map', () => {
    const text = formatMarkdown(
      lintSources([
        {
          displayPath: 'web.yaml',
          text: docs(
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n',
            'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: app\n          image: example/web:1.0\n          ports:\n            - containerPort: 8080\n',
          ),
        },
      ]),
    );
    expect(text).toBe(
      [
        '### svclint',
        '',
        '**No problems** found (1 file, 2 objects).',
        '',
        '<details>',
        '<summary>Endpoint map: 1 Service, every port has endpoints</summary>',
        '',
        '| Service port | Endpoints |',
        '| --- | --- |',
        '| default/web:80/TCP | Deployment/web/app:8080 (2 replicas) |',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('is short for empty input', () => {
    expect(formatMarkdown(lintSources([]))).toBe(
      '### svclint\n\n**No problems** found (0 files, 0 objects).\n\nNo Services in the input.\n',
    );
  });

  it('marks ports without endpoints, and why', () => {
    const text = formatMarkdown(
      lintSources([
        {
          displayPath: 'a.yaml',
          text: docs(
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: nobody\n  ports:\n    - port: 80\n',
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: example.com\n',
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: manual\nspec:\n  ports:\n    - port: 5432\n',
          ),
        },
      ]),
    );
    expect(text).toContain('<summary>Endpoint map: 3 Services, 1 port without endpoints</summary>');
    expect(text).toContain('| default/lonely:80/TCP | **no endpoints**: selector app=nobody matches no pods |');
    expect(text).toContain('| default/ext | CNAME example.com |');
    expect(text).toContain(
      '| default/manual:5432/TCP | (no selector: endpoints come from EndpointSlices or Endpoints managed outside Kubernetes) |',
    );
    expect(text).toContain('**2 problems** (0 errors, 1 warning, 1 note) in 1 file, 3 objects.');
  });

  it('links svclint’s rules to their docs, and names other rules plainly; standard input is "stdin"', () => {
    const custom = defineRule({
      meta: {
        id: 'my_rule',
        severity: 'note',
        description: 'Notes ConfigMaps.',
        rationale: 'For tests.',
        examples: { valid: [], invalid: [] },
      },
      check({ model, report }) {
        for (const o of model.objects) report(at(o, o.nameRange, 'metadata.name', 'noted'));
      },
    });
    const text = formatMarkdown(
      lintSources([{ displayPath: '-', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' }], {
        rules: [custom],
      }),
    );
    expect(text).toContain('| stdin:4:9 | note | my\\_rule | noted |');
    for (const rule of rules)
      expect(rule.meta.url).toMatch(
        /^https:\/\/github\.com\/svclint\/svclint\/blob\/main\/rules\/[a-z0-9-]+\/README\.md$/,
      );
  });
});
