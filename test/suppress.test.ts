// Suppression: svclint-disable-next-line / svclint-disable-line / svclint-disable comments and the svclint.dev/ignore
// annotation; what stays reported (exact positions), what is suppressed and why, problems with directives, unused
// directives, and how json, sarif, the other formats, the summary and exit codes treat suppressed findings.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, LintOptions } from '../src/lint.js';
import { lintPaths } from '../src/lint-paths.js';
import { formatters } from '../src/report/index.js';
import { FINGERPRINT_KEY } from '../src/report/sarif.js';
import { scanDirectives } from '../src/suppress/directives.js';
import suppressionRule from '../rules/suppression/index.js';
import { cli, docs, writeFixture, type TempDir } from './helpers.js';
import { lintYaml, withRule } from './rule-tester.js';
import { rangeEnd, rangeStart } from '../src/position/range.js';

/** Pods for the Services of web(): with it, the registered rules find only web()'s two errors. */
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
            - containerPort: 80
`;

// orphan-service left out: the fixtures' Services select no pods, and its finding is not what these tests are about.
const options: LintOptions = { rules: withRule(suppressionRule).rules.filter((r) => r.meta.id !== 'orphan-service') };
const withUnused: LintOptions = { ...options, reportUnusedDisableDirectives: true };
const context = { color: false, toolVersion: '1.2.3' };

/** Where a finding is and what it is, for exact comparisons. */
const at = (f: Finding) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn] as const;

/**
 * A Service with two errors: port-name at the port's name (line 9 without directives) and node-port-range at its
 * nodePort (line 11). `lines` go right before the ports entry.
 */
const web = (name = 'web', { metadata = '', beforePort = '', beforeNodePort = '' } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${metadata}spec:
  selector:
    app: web
  ports:
${beforePort}    - name: Web_Port
      port: 80
${beforeNodePort}      nodePort: 30080
`;

describe('without directives', () => {
  it('the fixture has its two errors (the baseline for the tests below)', () => {
    const result = lintYaml(web(), options);
    expect(result.findings.map(at)).toEqual([
      ['port-name', 9, 13, 9, 21],
      ['node-port-range', 11, 17, 11, 22],
    ]);
    expect(result.suppressed).toEqual([]);
    expect(result.summary).toMatchObject({ errors: 2, suppressed: 0 });
  });
});

describe('# svclint-disable-next-line', () => {
  it('suppresses the listed rule at the next line only, and says where and why', () => {
    const yaml = web('web', {
      beforePort: '    # svclint-disable-next-line port-name -- clients still use the legacy port name\n',
    });
    const result = lintYaml(yaml, options);
    expect(result.findings.map(at)).toEqual([['node-port-range', 12, 17, 12, 22]]);
    expect(result.suppressed.map(at)).toEqual([['port-name', 10, 13, 10, 21]]);
    expect(result.suppressed[0]!.suppressions).toEqual([
      {
        kind: 'inSource',
        justification: 'clients still use the legacy port name',
        source: 'svclint-disable-next-line',
        location: { file: 'test.yaml', line: 9, column: 5, endLine: 9, endColumn: 84 },
      },
    ]);
    expect(result.summary).toMatchObject({ errors: 1, warnings: 0, suppressed: 1 });
  });

  it('skips blank and comment lines to the next line of YAML', () => {
    const yaml = web('web', {
      beforeNodePort:
        '      # svclint-disable-next-line node-port-range -- becomes a NodePort in the next release\n\n      # (see the migration plan)\n',
    });
    const result = lintYaml(yaml, options);
    expect(result.findings.map(at)).toEqual([['port-name', 9, 13, 9, 21]]);
    expect(result.suppressed.map(at)).toEqual([['node-port-range', 14, 17, 14, 22]]);
  });

  it('takes several rules, separated by commas (or spaces)', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    # svclint-disable-next-line port-name,node-port-range -- one-line legacy entry
    - { name: Web_Port, port: 80, nodePort: 30080 }
    # svclint-disable-next-line port-name node-port-range -- another
    - { name: Admin_Port, port: 81, nodePort: 30081 }
`;
    const result = lintYaml(yaml, options);
    expect(result.findings.map(at)).toEqual([]);
    expect(result.suppressed.map((f) => [f.ruleId, f.line])).toEqual([
      ['port-name', 10],
      ['node-port-range', 10],
      ['port-name', 12],
      ['node-port-range', 12],
    ]);
  });

  it('without rule ids suppresses every rule at that line (as in ESLint)', () => {
    const yaml = web('web', {
      beforePort:
        '    # svclint-disable-next-line -- generated\n    - { name: Admin_Port, port: 81, nodePort: 30081 }\n',
    });
    const result = lintYaml(yaml, options);
    expect(result.suppressed.map((f) => [f.ruleId, f.line])).toEqual([
      ['port-name', 10],
      ['node-port-range', 10],
    ]);
    // The ports entry after it is not covered.
    expect(result.findings.map(at)).toEqual([
      ['port-name', 11, 13, 11, 21],
      ['node-port-range', 13, 17, 13, 22],
    ]);
  });

  it('does not cover the next document', () => {
    const yaml = `${web('a')}# svclint-disable-next-line port-name -- nothing follows in this document\n---\n${web('b')}`;
    const result = lintYaml(yaml, options);
    expect(result.suppressed).toEqual([]);
    expect(result.findings.map(at)).toEqual([
      ['port-name', 9, 13, 9, 21],
      ['node-port-range', 11, 17, 11, 22],
      ['suppression', 12, 1, 12, 74],
      ['port-name', 22, 13, 22, 21],
      ['node-port-range', 24, 17, 24, 22],
    ]);
    expect(result.findings[2]!.message).toBe(
      'svclint-disable-next-line is followed by no line of YAML in its document; it suppresses nothing',
    );
  });
});

describe('# svclint-disable-line', () => {
  it('at the end of a line suppresses findings that start on that line', () => {
    const yaml = web().replace(
      'nodePort: 30080',
      'nodePort: 30080 # svclint-disable-line node-port-range -- becomes a NodePort soon',
    );
    const result = lintYaml(yaml, options);
    expect(result.findings.map(at)).toEqual([['port-name', 9, 13, 9, 21]]);
    expect(result.suppressed.map(at)).toEqual([['node-port-range', 11, 17, 11, 22]]);
    expect(result.suppressed[0]!.suppressions![0]).toMatchObject({
      source: 'svclint-disable-line',
      location: { line: 11, column: 23 },
    });
  });

  it('on a line of its own suppresses nothing, and says so', () => {
    const yaml = web('web', { beforePort: '    # svclint-disable-line port-name -- misplaced\n' });
    const result = lintYaml(yaml, options);
    expect(result.suppressed).toEqual([]);
    expect(result.findings.map(at)).toEqual([
      ['suppression', 9, 5, 9, 50],
      ['port-name', 10, 13, 10, 21],
      ['node-port-range', 12, 17, 12, 22],
    ]);
  });
});

describe('# svclint-disable (a whole document)', () => {
  it('before the first key covers its document only, every line of it', () => {
    const yaml = `# svclint-disable port-name -- legacy names in the first document\n${web('a')}---\n${web('b')}`;
    const result = lintYaml(yaml, options);
    expect(result.suppressed.map(at)).toEqual([['port-name', 10, 13, 10, 21]]);
    expect(result.suppressed[0]!.suppressions![0]).toMatchObject({
      source: 'svclint-disable',
      justification: 'legacy names in the first document',
      location: { line: 1, column: 1 },
    });
    expect(result.findings.map(at)).toEqual([
      ['node-port-range', 12, 17, 12, 22],
      ['port-name', 22, 13, 22, 21],
      ['node-port-range', 24, 17, 24, 22],
    ]);
  });

  it('after "---" (and before or on it), without rule ids: every finding of that document', () => {
    const yaml = `${web('a')}---\n# svclint-disable -- vendored manifest, not ours to fix\n${web('b')}--- # svclint-disable node-port-range -- on the marker line\n${web('c')}`;
    const result = lintYaml(yaml, options);
    expect(result.suppressed.map(at)).toEqual([
      ['port-name', 22, 13, 22, 21],
      ['node-port-range', 24, 17, 24, 22],
      ['node-port-range', 36, 17, 36, 22],
    ]);
    expect(result.findings.map(at)).toEqual([
      ['port-name', 9, 13, 9, 21],
      ['node-port-range', 11, 17, 11, 22],
      ['port-name', 34, 13, 34, 21],
    ]);
  });

  it('a comment before the first "---" of a file is about the document after it', () => {
    const yaml = `# svclint-disable -- generated by the vendor chart\n---\n${web('a')}`;
    const result = lintYaml(yaml, options);
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((f) => f.line)).toEqual([11, 13]);
  });

  it('inside a document is not honoured, and says what to use instead', () => {
    const yaml = web('web', { beforePort: '    # svclint-disable port-name -- too late\n' });
    const result = lintYaml(yaml, options);
    expect(result.suppressed).toEqual([]);
    expect(result.findings.map(at)).toEqual([
      ['suppression', 9, 5, 9, 44],
      ['port-name', 10, 13, 10, 21],
      ['node-port-range', 12, 17, 12, 22],
    ]);
    expect(result.findings[0]!.message).toContain('must come before the first key of a document');
    expect(result.findings[0]!.message).toContain('use svclint-disable-next-line');
  });

  it('suppresses a parse error in its document too (a list document in a folder of manifests)', () => {
    const result = lintYaml(
      `# svclint-disable parse-error -- a kustomize patch list, not a manifest\n- op: add\n  path: /spec/replicas\n  value: 3\n`,
      options,
    );
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map(at)).toEqual([['parse-error', 2, 1, 5, 1]]);
  });
});

describe('svclint.dev/ignore annotation', () => {
  const annotated = (value: string) => web('web', { metadata: `  annotations:\n    svclint.dev/ignore: "${value}"\n` });

  it('suppresses the listed rules for findings of that object only', () => {
    const yaml = docs(annotated('port-name, node-port-range -- the legacy chart owns this Service'), web('other'));
    const result = lintYaml(yaml, options);
    expect(result.suppressed.map(at)).toEqual([
      ['port-name', 11, 13, 11, 21],
      ['node-port-range', 13, 17, 13, 22],
    ]);
    expect(result.suppressed[0]!.suppressions).toEqual([
      {
        kind: 'inSource',
        justification: 'the legacy chart owns this Service',
        source: 'annotation',
        location: { file: 'test.yaml', line: 6, column: 25, endLine: 6, endColumn: 91 },
      },
    ]);
    expect(result.findings.map(at)).toEqual([
      ['port-name', 23, 13, 23, 21],
      ['node-port-range', 25, 17, 25, 22],
    ]);
  });

  it('without rule ids suppresses every rule for the object', () => {
    const result = lintYaml(annotated('-- managed by another team'), options);
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(2);
  });

  it('only covers the rules it lists', () => {
    const result = lintYaml(annotated('node-port-range -- becomes a NodePort'), options);
    expect(result.findings.map(at)).toEqual([['port-name', 11, 13, 11, 21]]);
  });
});

describe('reasons', () => {
  it('a directive without a reason is honoured, and reported as a suppression warning at the comment', () => {
    const yaml = web('web', { beforePort: '    # svclint-disable-next-line port-name\n' });
    const result = lintYaml(yaml, options);
    expect(result.suppressed.map(at)).toEqual([['port-name', 10, 13, 10, 21]]);
    expect(result.suppressed[0]!.suppressions![0]!.justification).toBeNull();
    const problem = result.findings.find((f) => f.ruleId === 'suppression')!;
    expect(at(problem)).toEqual(['suppression', 9, 5, 9, 42]);
    expect(problem.severity).toBe('warning');
    expect(problem.message).toBe(
      'svclint-disable-next-line directive gives no reason: add one after " -- ", e.g. "# svclint-disable-next-line port-name -- <why>"',
    );
  });

  it('"--" with nothing after it is no reason; two or more dashes separate it', () => {
    expect(
      lintYaml(web('web', { beforePort: '    # svclint-disable-next-line port-name --\n' }), options).findings.filter(
        (f) => f.ruleId === 'suppression',
      ),
    ).toHaveLength(1);
    const long = lintYaml(
      web('web', { beforePort: '    # svclint-disable-next-line port-name --- legacy -- really\n' }),
      options,
    );
    expect(long.findings.filter((f) => f.ruleId === 'suppression')).toEqual([]);
    expect(long.suppressed[0]!.suppressions![0]!.justification).toBe('legacy -- really');
  });

  it('an annotation without a reason is honoured, and reported at the annotation value', () => {
    const result = lintYaml(web('web', { metadata: '  annotations:\n    svclint.dev/ignore: port-name\n' }), options);
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['port-name']);
    const problem = result.findings.find((f) => f.ruleId === 'suppression')!;
    expect([...at(problem), problem.path, problem.object?.name]).toEqual([
      'suppression',
      6,
      25,
      6,
      34,
      'metadata.annotations[svclint.dev/ignore]',
      'web',
    ]);
    expect(problem.message).toBe(
      'The svclint.dev/ignore annotation gives no reason: add one after " -- ", e.g. "port-name -- <why>"',
    );
  });
});

describe('problems with directives', () => {
  it('an unknown rule id is reported at the id, with the nearest rule; the other ids still apply', () => {
    const yaml = web('web', {
      beforeNodePort: '      # svclint-disable-next-line node-port-rnage, port-name -- typo\n',
    });
    const result = lintYaml(yaml, options);
    const problem = result.findings.find((f) => f.ruleId === 'suppression')!;
    expect(at(problem)).toEqual(['suppression', 11, 35, 11, 50]);
    expect(problem.message).toBe(
      'Unknown rule "node-port-rnage" in svclint-disable-next-line; did you mean "node-port-range"?',
    );
    expect(result.findings.map((f) => f.ruleId)).toContain('node-port-range');
  });

  it('an unknown rule id far from any rule points at `svclint rules`', () => {
    const result = lintYaml(
      web('web', { beforePort: '    # svclint-disable-next-line no-such-thing -- x\n' }),
      options,
    );
    expect(result.findings.find((f) => f.ruleId === 'suppression')!.message).toBe(
      'Unknown rule "no-such-thing" in svclint-disable-next-line; `svclint rules` lists the rules',
    );
  });

  it('a misspelt directive is reported and suppresses nothing; other "svclint-" comments are prose', () => {
    const yaml = web('web', {
      beforePort: '    # svclint-disable-nextline port-name -- typo\n    # svclint-friendly manifests below\n',
    });
    const result = lintYaml(yaml, options);
    expect(result.suppressed).toEqual([]);
    const problems = result.findings.filter((f) => f.ruleId === 'suppression');
    expect(problems.map(at)).toEqual([['suppression', 9, 5, 9, 49]]);
    expect(problems[0]!.message).toBe(
      'Unknown directive "svclint-disable-nextline"; did you mean "svclint-disable-next-line"? (svclint knows svclint-disable-next-line, svclint-disable-line, svclint-disable); it suppresses nothing',
    );
  });

  it('suppression findings cannot be suppressed, not even by a bare svclint-disable', () => {
    const yaml = `# svclint-disable -- everything\n${web('web', { beforePort: '    # svclint-disable-next-line port-nme, suppression -- x\n' })}`;
    const result = lintYaml(yaml, options);
    expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['suppression', 10, 33, 'Unknown rule "port-nme" in svclint-disable-next-line; did you mean "port-name"?'],
      [
        'suppression',
        10,
        43,
        'suppression findings cannot be suppressed (they are about suppressions); remove "suppression" from svclint-disable-next-line',
      ],
    ]);
  });

  it('are not reported when the suppression rule does not run (the directives still apply)', () => {
    const result = lintYaml(web('web', { beforePort: '    # svclint-disable-next-line port-name\n' }), {
      rules: options.rules!.filter((r) => r.meta.id !== 'suppression'),
    });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['node-port-range']);
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['port-name']);
  });
});

describe('comments only: a "#" in a string or a block scalar is text', () => {
  it('a directive-looking line inside a block literal, a quoted string or a plain word does not count', () => {
    const yaml = web('web', {
      beforePort: `    - description: |
        # svclint-disable-next-line port-name -- text of the literal, not a comment
      name: Web_Port1
      port: 81
    - description: "first line
        # svclint-disable-next-line port-name -- inside a quoted string"
      name: Web_Port2
      port: 82
    - description: a#svclint-disable-line
      name: Web_Port3
      port: 83
`,
    });
    const result = lintYaml(yaml, withUnused);
    expect(result.suppressed).toEqual([]);
    expect(result.findings.map(at)).toEqual([
      ['port-name', 11, 13, 11, 22],
      ['port-name', 15, 13, 15, 22],
      ['port-name', 18, 13, 18, 22],
      ['port-name', 20, 13, 20, 21],
      ['node-port-range', 22, 17, 22, 22],
    ]);
  });

  it('the scanner finds exactly the comments', () => {
    const text = [
      '# svclint-disable a -- top', // 0
      'k: "# svclint-disable-next-line b"',
      'l: |',
      '  # svclint-disable-next-line c',
      '# svclint-disable-next-line d -- after the literal',
      'm: x # svclint-disable-line e -- trailing',
      '',
    ].join('\n');
    expect(
      scanDirectives(text).map((d) => [
        d.keyword,
        d.rules.map((r) => text.slice(rangeStart(r.range), rangeEnd(r.range))),
        d.reason,
        text.slice(rangeStart(d.range), rangeEnd(d.range)),
      ]),
    ).toEqual([
      ['svclint-disable', ['a'], 'top', '# svclint-disable a -- top'],
      ['svclint-disable-next-line', ['d'], 'after the literal', '# svclint-disable-next-line d -- after the literal'],
      ['svclint-disable-line', ['e'], 'trailing', '# svclint-disable-line e -- trailing'],
    ]);
  });

  it('handles CRLF line endings', () => {
    const yaml = web('web', { beforePort: '    # svclint-disable-next-line port-name -- windows\n' }).replace(
      /\n/g,
      '\r\n',
    );
    const result = lintYaml(yaml, options);
    expect(result.suppressed.map(at)).toEqual([['port-name', 10, 13, 10, 21]]);
    expect(result.suppressed[0]!.suppressions![0]).toMatchObject({
      justification: 'windows',
      location: { line: 9, column: 5, endColumn: 53 },
    });
    expect(result.findings.map(at)).toEqual([['node-port-range', 12, 17, 12, 22]]);
  });
});

describe('--report-unused-disable-directives', () => {
  it('reports each listed rule that suppressed nothing, at the rule id', () => {
    const yaml = web('web', { beforePort: '    # svclint-disable-next-line port-name, orphan-service -- x\n' });
    expect(lintYaml(yaml, options).findings.map((f) => f.ruleId)).toEqual(['node-port-range']);
    const result = lintYaml(yaml, withUnused);
    const problems = result.findings.filter((f) => f.ruleId === 'suppression');
    expect(problems.map(at)).toEqual([['suppression', 9, 44, 9, 58]]);
    expect(problems[0]!.message).toBe(
      'Unused svclint-disable-next-line directive: no orphan-service finding starts on the line it applies to; remove "orphan-service"',
    );
    expect(problems[0]!.severity).toBe('warning');
  });

  it('reports a whole directive, a document directive and an annotation that suppressed nothing', () => {
    const clean = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    svclint.dev/ignore: "orphan-service -- no longer needed"
data:
  # svclint-disable-next-line -- stale
  mode: fast
  # svclint-disable-line port-name -- stale
  level: "1" # svclint-disable-line port-name -- stale
`;
    const result = lintYaml(`# svclint-disable dns-name -- stale\n${clean}`, withUnused);
    expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      [
        'suppression',
        1,
        19,
        'Unused svclint-disable directive: there is no dns-name finding in its document; remove "dns-name" (the whole directive)',
      ],
      [
        'suppression',
        7,
        25,
        'Unused svclint.dev/ignore annotation: ConfigMap default/settings has no orphan-service finding; remove "orphan-service" (the whole annotation)',
      ],
      [
        'suppression',
        9,
        3,
        'Unused svclint-disable-next-line directive: no finding starts on the line it applies to; remove it',
      ],
      [
        'suppression',
        11,
        3,
        'svclint-disable-line suppresses findings on its own line, but this line holds only the comment; put it at the end of the line, or use svclint-disable-next-line',
      ],
      [
        'suppression',
        12,
        37,
        'Unused svclint-disable-line directive: no port-name finding starts on its line; remove "port-name" (the whole directive)',
      ],
    ]);
  });

  it('is quiet about directives that suppressed something', () => {
    const yaml = web('web', { beforePort: '    # svclint-disable-next-line port-name -- legacy\n' });
    expect(lintYaml(yaml, withUnused).findings.map((f) => f.ruleId)).toEqual(['node-port-range']);
  });
});

describe('reports', () => {
  const yaml = `# svclint-disable-next-line port-name\n${web('web', {
    beforePort: '    # svclint-disable-next-line port-name -- legacy name\n',
  })}`;

  it('json lists suppressed findings with their suppressions in "suppressed", counts them, and validates', () => {
    const result = lintYaml(
      web('web', { beforePort: '    # svclint-disable-next-line port-name -- legacy name\n' }),
      options,
    );
    const report = JSON.parse(formatters.json(result, context));
    expect(report.findings.map((f: Finding) => f.ruleId)).toEqual(['node-port-range']);
    expect(report.suppressed).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        message:
          'Service default/web port 80 name "Web_Port" is not a valid DNS-1123 label: must be lowercase (found "W"); the API server rejects it',
        file: 'test.yaml',
        line: 10,
        column: 13,
        endLine: 10,
        endColumn: 21,
        object: { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' },
        path: 'spec.ports[0].name',
        related: [],
        suppressions: [
          {
            kind: 'inSource',
            justification: 'legacy name',
            source: 'svclint-disable-next-line',
            location: { file: 'test.yaml', line: 9, column: 5, endLine: 9, endColumn: 57 },
          },
        ],
      },
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, notes: 0, suppressed: 1 });
    const schema = JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    report.suppressed[0].suppressions = [];
    expect(validate(report)).toBe(false);
  });

  it('sarif keeps suppressed findings as results with inSource suppressions, the same fingerprints, and validates', () => {
    const Ajv04 = ajvDraft04.default;
    const sarifSchema = JSON.parse(readFileSync(new URL('../schemas/sarif-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new Ajv04({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validateSarif = ajv.compile(sarifSchema);

    const result = lintYaml(yaml, options);
    const log = JSON.parse(formatters.sarif(result, context)) as Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const results = log.runs[0]!.results!;
    expect(
      results.map((r) => [r.ruleId, r.locations![0]!.physicalLocation!.region!.startLine, r.suppressions?.length ?? 0]),
    ).toEqual([
      ['suppression', 1, 0],
      ['port-name', 11, 1],
      ['node-port-range', 13, 0],
    ]);
    expect(results[1]!.suppressions).toEqual([
      {
        kind: 'inSource',
        justification: 'legacy name',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'test.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 10, startColumn: 5, endLine: 10, endColumn: 57 },
          },
          message: { text: 'Suppressed by a svclint-disable-next-line comment' },
        },
      },
    ]);
    // A finding keeps its fingerprint when it becomes suppressed, so code scanning closes the same alert.
    const plain = JSON.parse(formatters.sarif(lintYaml(web(), options), context)) as Log;
    const print = (l: Log, ruleId: string) =>
      l.runs[0]!.results!.find((r) => r.ruleId === ruleId)!.partialFingerprints![FINGERPRINT_KEY];
    expect(print(log, 'port-name')).toBe(print(plain, 'port-name'));
  });

  it('stylish, compact, github, junit, gitlab and markdown leave suppressed findings out', () => {
    const result = lintYaml(
      web('web', { beforePort: '    # svclint-disable-next-line port-name -- legacy name\n' }),
      options,
    );
    for (const format of ['stylish', 'compact', 'github', 'junit', 'gitlab', 'markdown'] as const) {
      const text = formatters[format](result, context);
      expect(text, format).toContain('nodePort 30080');
      expect(text, format).not.toContain('Web_Port');
    }
    expect(formatters.stylish(result, context)).toContain('✖ 1 problem (1 error, 0 warnings, 0 notes)');
  });
});

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Suppressing findings'), readme.indexOf('## Baseline'));
  const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it.each(examples.map((yaml, i) => [i + 1, yaml] as const))(
    'example %i: every finding is suppressed, with its reason',
    (_i, yaml) => {
      const result = lintYaml(yaml, withRule(suppressionRule));
      expect(result.findings).toEqual([]);
      expect(result.suppressed.length).toBeGreaterThan(0);
      for (const f of result.suppressed) expect(f.suppressions![0]!.justification).toMatch(/\w/);
    },
  );

  it('has both examples', () => {
    expect(examples).toHaveLength(2);
  });
});

describe('the CLI', () => {
  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({
      'suppressed.yaml': docs(
        web('web', {
          beforePort: '    # svclint-disable-next-line port-name -- legacy name\n',
          beforeNodePort: '      # svclint-disable-next-line node-port-range -- legacy\n',
        }),
        DEPLOYMENT,
      ),
      'unused.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  # svclint-disable-next-line port-name -- stale\n  mode: fast\n`,
      'context/other.yaml': docs(web('other'), DEPLOYMENT.replace('name: web\nspec', 'name: other\nspec')),
    });
  });
  afterAll(() => fixture.remove());
  const run = (argv: string[]) => cli(argv, { cwd: fixture.dir });

  it('exits 0 when every error is suppressed, prints nothing, and json lists them as suppressed', async () => {
    expect(await run(['-f', 'compact', 'suppressed.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await run(['--fail-on', 'note', 'suppressed.yaml'])).code).toBe(0);
    expect((await run(['--max-warnings', '0', 'suppressed.yaml'])).code).toBe(0);
    const json = await run(['-f', 'json', 'suppressed.yaml']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f: Finding) => f.ruleId)).toEqual(['port-name', 'node-port-range']);
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 2 });
  });

  it('--report-unused-disable-directives reports a stale directive as a warning', async () => {
    expect(await run(['-f', 'compact', 'unused.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const result = await run(['-f', 'compact', '--report-unused-disable-directives', 'unused.yaml']);
    expect(result).toEqual({
      code: 0,
      stdout:
        'unused.yaml:6:31: warning: Unused svclint-disable-next-line directive: no port-name finding starts on the line it applies to; remove "port-name" (the whole directive) [suppression]\n',
      stderr: '',
    });
    expect((await run(['--report-unused-disable-directives', '--fail-on', 'warning', 'unused.yaml'])).code).toBe(1);
  });

  it('with --context, suppressed findings of context files are left out too', async () => {
    const result = await lintPaths(['suppressed.yaml'], { cwd: fixture.dir, context: ['context/'] });
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((f) => f.file)).toEqual(['suppressed.yaml', 'suppressed.yaml']);
    expect(result.summary).toMatchObject({ errors: 0, suppressed: 2 });
  });
});
