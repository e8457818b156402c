// The output formats: stylish, compact, json, and the endpoints table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintSources, type LintResult } from '../src/lint.js';
import { lintPaths } from '../src/lint-paths.js';
import { at, defineRule, type Rule } from '../src/rule.js';
import { formatters } from '../src/report/index.js';
import { formatEndpoints } from '../src/report/endpoints-table.js';
import orphanService from '../rules/orphan-service/index.js';
import parseError from '../rules/parse-error/index.js';
import targetPortMismatch from '../rules/target-port-mismatch/index.js';
import { ANSI, docs, linkVariables, stripAnsi, writeFixture, type TempDir } from './helpers.js';
import { makeRange } from '../src/position/range.js';

/** A rule for these tests only: a note on every ConfigMap's name. */
const noteRule = defineRule({
  meta: {
    id: 'test-note',
    severity: 'note',
    description: 'Notes ConfigMaps.',
    rationale: 'For tests.',
    examples: { valid: [], invalid: [] },
  },
  check({ model, report }) {
    for (const o of model.objects)
      if (o.kind === 'ConfigMap') report(at(o, o.nameRange, 'metadata.name', `ConfigMap ${o.name} is noted`));
  },
});

/** The rules these tests pin, so that rules added later do not change the expected reports. */
const RULES: readonly Rule[] = [orphanService, parseError, targetPortMismatch, noteRule];

const WEB = `apiVersion: v1
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
  replicas: 3
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
              containerPort: 8080
---
apiVersion: v1
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
const BAD = 'just text\n';
const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

/** Given in this order; findings come out sorted by file path. */
const lintAll = (): LintResult =>
  lintSources(
    [
      { displayPath: 'k8s/web.yaml', text: WEB },
      { displayPath: 'k8s/bad.yaml', text: BAD },
      { displayPath: 'config.yaml', text: CONFIG },
    ],
    { rules: RULES },
  );

const plain = { color: false, toolVersion: '9.9.9' };
const coloured = { color: true, toolVersion: '9.9.9' };

const MISMATCH =
  'Service default/web port 80 targetPort "http" matches no container port named "http" in Deployment/web (its ports: web:8080/TCP); those pods get no traffic on this port';
const ORPHAN =
  'Service default/lonely selects app=lonely, but no pod template in namespace default has these labels, so it has no endpoints';
const SCALAR = 'Document is a scalar value, not a Kubernetes object (a mapping with apiVersion and kind)';

describe('stylish', () => {
  it('groups findings by file, aligns position, severity and message columns, and ends with the counts', () => {
    // Both messages are over 100 characters, so neither sets the message column: no padding after ORPHAN.
    expect(Math.min(MISMATCH.length, ORPHAN.length)).toBeGreaterThan(100);
    expect(formatters.stylish(lintAll(), plain)).toBe(
      [
        '',
        'config.yaml',
        '  4:9  note  ConfigMap settings is noted  test-note',
        '',
        'k8s/bad.yaml',
        `  1:1  error  ${SCALAR}  parse-error`,
        '',
        'k8s/web.yaml',
        `  11:19  error    ${MISMATCH}  target-port-mismatch`,
        `  39:3   warning  ${ORPHAN}  orphan-service`,
        '',
        '✖ 4 problems (2 errors, 1 warning, 1 note)',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there are no findings', () => {
    expect(
      formatters.stylish(lintSources([{ displayPath: 'a.yaml', text: CONFIG }], { rules: [orphanService] }), plain),
    ).toBe('');
    expect(formatters.stylish(lintSources([], { rules: RULES }), coloured)).toBe('');
  });

  it('counts in singular and plural', () => {
    const one = lintSources([{ displayPath: 'a.yaml', text: BAD }], { rules: RULES });
    expect(formatters.stylish(one, plain).endsWith('\n✖ 1 problem (1 error, 0 warnings, 0 notes)\n')).toBe(true);
    const two = lintSources([{ displayPath: 'a.yaml', text: docs(CONFIG, CONFIG.replace('settings', 'other')) }], {
      rules: RULES,
    });
    expect(formatters.stylish(two, plain).endsWith('\n✖ 2 problems (0 errors, 0 warnings, 2 notes)\n')).toBe(true);
  });

  it('with colours only adds ANSI escapes: underlined files, severity colours, dim positions and rule ids', () => {
    const result = lintAll();
    const text = formatters.stylish(result, coloured);
    expect(stripAnsi(text)).toBe(formatters.stylish(result, plain));
    expect(text).toContain('\u001b[4mk8s/web.yaml\u001b[24m');
    expect(text).toContain('\u001b[31merror');
    expect(text).toContain('\u001b[33mwarning\u001b[39m');
    expect(text).toContain('\u001b[34mnote\u001b[39m');
    expect(text).toContain('\u001b[2mparse-error\u001b[22m');
    expect(formatters.stylish(result, plain)).not.toMatch(ANSI);
  });

  it('aligns short messages on one column, so the rule ids line up', () => {
    const two = lintSources(
      [{ displayPath: 'a.yaml', text: docs(CONFIG, CONFIG.replace('settings', 'other-settings')) }],
      { rules: RULES },
    );
    expect(formatters.stylish(two, plain).split('\n').slice(2, 4)).toEqual([
      '  4:9  note  ConfigMap settings is noted        test-note',
      '  9:9  note  ConfigMap other-settings is noted  test-note',
    ]);
  });

  it('aligns 150,000 findings of one file (stdin, a big rendered chart) without overflowing the stack', () => {
    const findings = Array.from({ length: 150_000 }, (_, i) => ({
      ruleId: 'orphan-service',
      severity: 'warning' as const,
      message: `message ${i}`,
      file: '-',
      line: i + 1,
      column: 3,
      endLine: i + 1,
      endColumn: 11,
      object: null,
      path: null,
      related: [],
    }));
    const result = {
      findings,
      summary: {
        files: 1,
        documents: 1,
        objects: 1,
        skippedDocuments: 0,
        errors: 0,
        warnings: findings.length,
        notes: 0,
      },
    };
    const lines = formatters.stylish(result as unknown as LintResult, plain).split('\n');
    expect(lines).toHaveLength(150_005);
    expect(lines[2]).toBe('  1:3       warning  message 0       orphan-service');
    expect(lines[150_001]).toBe('  150000:3  warning  message 149999  orphan-service');
    expect(lines[150_003]).toBe('✖ 150000 problems (0 errors, 150000 warnings, 0 notes)');
  });

  it.each<[string, string, string]>([
    ['red when there are errors', BAD, '\u001b[31m✖ 1 problem'],
    ['yellow for warnings only', WEB.split('---\n')[2]!, '\u001b[33m✖ 1 problem'],
    ['blue for notes only', CONFIG, '\u001b[34m✖ 1 problem'],
  ])('colours the summary %s', (_name, text, start) => {
    const output = formatters.stylish(lintSources([{ displayPath: 'a.yaml', text }], { rules: RULES }), coloured);
    expect(output).toContain(`\u001b[1m${start}`);
  });
});

describe('compact', () => {
  it('prints one `path:line:col: severity: message [rule-id]` line per finding', () => {
    expect(formatters.compact(lintAll(), plain)).toBe(
      [
        'config.yaml:4:9: note: ConfigMap settings is noted [test-note]',
        `k8s/bad.yaml:1:1: error: ${SCALAR} [parse-error]`,
        `k8s/web.yaml:11:19: error: ${MISMATCH} [target-port-mismatch]`,
        `k8s/web.yaml:39:3: warning: ${ORPHAN} [orphan-service]`,
        '',
      ].join('\n'),
    );
  });

  it('matches the problem matcher pattern on every line, and never colours', () => {
    const text = formatters.compact(lintAll(), coloured);
    expect(text).not.toMatch(ANSI);
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(4);
    const matcher = /^(.+?):(\d+):(\d+):\s+(error|warning|note):\s+(.*?)\s+\[([a-z0-9-]+)\]$/;
    for (const line of lines) expect(line).toMatch(matcher);
  });

  it('prints nothing when there are no findings', () => {
    expect(
      formatters.compact(lintSources([{ displayPath: 'a.yaml', text: CONFIG }], { rules: [orphanService] }), plain),
    ).toBe('');
  });
});

describe('json', () => {
  it('follows contract version 1 exactly', () => {
    const text = formatters.json(lintAll(), plain);
    const report = JSON.parse(text);
    expect(report).toEqual({
      version: 1,
      tool: { name: 'svclint', version: '9.9.9' },
      findings: [
        {
          ruleId: 'test-note',
          severity: 'note',
          message: 'ConfigMap settings is noted',
          file: 'config.yaml',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 17,
          object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' },
          path: 'metadata.name',
          related: [],
        },
        {
          ruleId: 'parse-error',
          severity: 'error',
          message: SCALAR,
          file: 'k8s/bad.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 10,
          object: null,
          path: null,
          related: [],
        },
        {
          ruleId: 'target-port-mismatch',
          severity: 'error',
          message: MISMATCH,
          file: 'k8s/web.yaml',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 23,
          object: { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' },
          path: 'spec.ports[0].targetPort',
          related: [
            {
              file: 'k8s/web.yaml',
              line: 24,
              column: 7,
              endLine: 24,
              endColumn: 13,
              message: 'pod template of Deployment/web',
            },
          ],
        },
        {
          ruleId: 'orphan-service',
          severity: 'warning',
          message: ORPHAN,
          file: 'k8s/web.yaml',
          line: 39,
          column: 3,
          endLine: 39,
          endColumn: 11,
          object: { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'lonely' },
          path: 'spec.selector',
          related: [],
        },
      ],
      services: [
        {
          namespace: 'default',
          name: 'web',
          type: 'ClusterIP',
          selector: { app: 'web' },
          ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: null, endpoints: [] }],
          operatorManaged: [],
          dnsNames: [
            { type: 'A', name: 'web.default.svc.cluster.local' },
            { type: 'SRV', name: '_http._tcp.web.default.svc.cluster.local', port: 'http' },
          ],
          environment: linkVariables('WEB', 'tcp', 80, 'http'),
        },
        {
          namespace: 'default',
          name: 'lonely',
          type: 'ClusterIP',
          selector: { app: 'lonely' },
          // targetPort defaults to port.
          ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: null, endpoints: [] }],
          operatorManaged: [],
          dnsNames: [
            { type: 'A', name: 'lonely.default.svc.cluster.local' },
            { type: 'SRV', name: '_http._tcp.lonely.default.svc.cluster.local', port: 'http' },
          ],
          environment: linkVariables('LONELY', 'tcp', 80, 'http'),
        },
      ],
      summary: {
        files: 3,
        documents: 5,
        objects: 4,
        skippedDocuments: 0,
        errors: 2,
        warnings: 1,
        notes: 1,
        suppressed: 0,
      },
      suppressed: [],
    });
    // Field order is part of what people diff: top level, findings, services and ports.
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'services', 'summary', 'suppressed']);
    expect(Object.keys(report.findings[0])).toEqual([
      'ruleId',
      'severity',
      'message',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'object',
      'path',
      'related',
    ]);
    expect(Object.keys(report.services[0])).toEqual([
      'namespace',
      'name',
      'type',
      'selector',
      'ports',
      'operatorManaged',
      'dnsNames',
      'environment',
    ]);
    expect(Object.keys(report.services[0].ports[0])).toEqual([
      'name',
      'port',
      'protocol',
      'targetPort',
      'nodePort',
      'endpoints',
    ]);
    // Two-space indentation, one trailing newline, no colour.
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(formatters.json(lintAll(), coloured)).toBe(text);
  });

  it('lists endpoints with kind, name, container, containerPort and replicas', () => {
    const text = docs(
      WEB.split('---\n')[0]!.replace('targetPort: http', 'targetPort: web'),
      WEB.split('---\n')[1]!,
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
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
        - name: agent
          image: example/agent:1.0
`,
      `apiVersion: v1
kind: Service
metadata:
  name: node
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 9000
      nodePort: 30900
`,
      `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  podMetadata:
    labels:
      app: web
`,
    );
    const report = JSON.parse(formatters.json(lintSources([{ displayPath: 'a.yaml', text }], { rules: RULES }), plain));
    // DNS names and service-link variables are pinned by the contract test above; this one is about endpoints.
    const endpointsOnly = report.services.map(
      ({ dnsNames: _dns, environment: _env, ...rest }: Record<string, unknown>) => rest,
    );
    expect(endpointsOnly).toEqual([
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
            targetPort: 'web',
            nodePort: null,
            endpoints: [
              { kind: 'Deployment', name: 'web', container: 'app', containerPort: 8080, replicas: 3, ready: true },
            ],
          },
        ],
        operatorManaged: [{ kind: 'Alertmanager', name: 'main' }],
      },
      {
        namespace: 'default',
        name: 'node',
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [
          {
            name: null,
            port: 9000,
            protocol: 'TCP',
            targetPort: 9000,
            nodePort: 30900,
            // A numeric targetPort no container declares is still routed (container: null).
            endpoints: [
              { kind: 'Deployment', name: 'web', container: null, containerPort: 9000, replicas: 3, ready: true },
              {
                kind: 'DaemonSet',
                name: 'agent',
                container: null,
                containerPort: 9000,
                replicas: 'per-node',
                ready: true,
              },
            ],
          },
        ],
        operatorManaged: [{ kind: 'Alertmanager', name: 'main' }],
      },
    ]);
  });

  it('reports an empty input as empty lists and zero counts', () => {
    expect(JSON.parse(formatters.json(lintSources([], { rules: RULES }), plain))).toEqual({
      version: 1,
      tool: { name: 'svclint', version: '9.9.9' },
      findings: [],
      services: [],
      summary: {
        files: 0,
        documents: 0,
        objects: 0,
        skippedDocuments: 0,
        errors: 0,
        warnings: 0,
        notes: 0,
        suppressed: 0,
      },
      suppressed: [],
    });
  });
});

describe('order and determinism', () => {
  /** Offset of 1-based line and column in text. */
  const offsetOf = (text: string, line: number, column: number) =>
    text
      .split('\n')
      .slice(0, line - 1)
      .join('\n').length +
    (line > 1 ? 1 : 0) +
    column -
    1;
  const TEXT = 'one\ntwo\nthree\nfour\nfive five five\n';
  /** A rule that reports at fixed places, in a scrambled order. */
  const reporter = (id: string, places: [file: number, line: number, column: number, message: string][]) =>
    defineRule({
      meta: {
        id,
        severity: 'warning',
        description: 'Reports at fixed places.',
        rationale: 'For tests.',
        examples: { valid: [], invalid: [] },
      },
      check({ report }) {
        for (const [fileId, line, column, message] of places) {
          const offset = offsetOf(TEXT, line, column);
          report({ object: null, fileId, range: makeRange(offset, offset + 1), path: null, message });
        }
      },
    });

  it('sorts findings by file, line, column, rule id, then message', () => {
    const rules = [
      reporter('z-rule', [
        [1, 1, 1, 'second file'],
        [0, 5, 6, 'line 5 column 6, z'],
        [0, 5, 1, 'line 5 column 1'],
        [0, 2, 1, 'line 2'],
        [0, 5, 6, 'line 5 column 6, a'],
      ]),
      reporter('a-rule', [[0, 5, 6, 'line 5 column 6, other rule']]),
    ];
    // File 0 is b.yaml, file 1 is a.yaml: findings come out by path, so a.yaml first.
    const result = lintSources(
      [
        { displayPath: 'b.yaml', text: TEXT },
        { displayPath: 'a.yaml', text: TEXT },
      ],
      { rules },
    );
    expect(formatters.compact(result, plain)).toBe(
      [
        'a.yaml:1:1: warning: second file [z-rule]',
        'b.yaml:2:1: warning: line 2 [z-rule]',
        'b.yaml:5:1: warning: line 5 column 1 [z-rule]',
        'b.yaml:5:6: warning: line 5 column 6, other rule [a-rule]',
        'b.yaml:5:6: warning: line 5 column 6, a [z-rule]',
        'b.yaml:5:6: warning: line 5 column 6, z [z-rule]',
        '',
      ].join('\n'),
    );
    expect(result.findings.map((f) => [f.endLine, f.endColumn])).toEqual([
      [1, 2],
      [2, 2],
      [5, 2],
      [5, 7],
      [5, 7],
      [5, 7],
    ]);
  });

  let fixture: TempDir;
  beforeAll(() => {
    fixture = writeFixture({ 'k8s/web.yaml': WEB, 'k8s/bad.yaml': BAD, 'config.yaml': CONFIG });
  });
  afterAll(() => fixture.remove());

  it('gives identical output for identical input, whatever order the paths are named in', async () => {
    const first = await lintPaths(['k8s', 'config.yaml'], { cwd: fixture.dir, rules: RULES });
    const second = await lintPaths(['config.yaml', 'k8s/web.yaml', 'k8s/bad.yaml'], { cwd: fixture.dir, rules: RULES });
    for (const name of ['stylish', 'compact', 'json'] as const) {
      for (const context of [plain, coloured])
        expect(formatters[name](second, context)).toBe(formatters[name](first, context));
    }
    expect(formatEndpoints(second, plain)).toBe(formatEndpoints(first, plain));
    // And the same as linting the same texts in memory.
    expect(formatters.json(first, plain)).toBe(formatters.json(lintAll(), plain));
  });
});

describe('endpoints table', () => {
  const TABLE = docs(
    `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
    - name: dns
      port: 53
      protocol: UDP
    - name: raw
      port: 9000
    - name: bad
      port: 81
      targetPort: "8080"
`,
    `apiVersion: v1
kind: Service
metadata:
  name: ext
  namespace: shop
spec:
  type: ExternalName
  externalName: example.com
`,
    `apiVersion: v1
kind: Service
metadata:
  name: ext-missing
spec:
  type: ExternalName
`,
    `apiVersion: v1
kind: Service
metadata:
  name: manual
spec:
  ports:
    - port: 5432
`,
    `apiVersion: v1
kind: Service
metadata:
  name: portless
spec:
  selector:
    app: web
`,
    `apiVersion: v1
kind: Service
metadata:
  name: nobody
spec:
  selector:
    app: nobody
    tier: none
  ports:
    - port: 80
`,
    `apiVersion: v1
kind: Service
metadata:
  name: alertmanager
spec:
  selector:
    app: alertmanager
  ports:
    - name: web
      port: 9093
`,
    `apiVersion: apps/v1
kind: DaemonSet
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
        - name: app
          image: example/web:1.0
          ports:
            - name: http
              containerPort: 8080
            - containerPort: 53
`,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: api
          image: example/api:1.0
          ports:
            - name: grpc
              containerPort: 9090
`,
    `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  podMetadata:
    labels:
      app: alertmanager
`,
  );

  it('maps every Service port to the workloads, containers and ports that serve it, and says why when none do', () => {
    const result = lintSources([{ displayPath: 'a.yaml', text: TABLE }], { rules: RULES });
    // One line per Service port and target; the dns and env lines (--verbose) are pinned by the next test.
    expect(formatEndpoints(result, plain)).toBe(
      [
        'default/web:80/TCP (http) nodePort 30080 → DaemonSet/web/app:8080 (one per node)',
        '    → Deployment/api: no container port named "http"',
        'default/web:53/UDP (dns) → DaemonSet/web/(undeclared):53 (one per node)',
        '    → Deployment/api/(undeclared):53 (1 replica)',
        '    → DaemonSet/web: port 53 declared only for TCP',
        'default/web:9000/TCP (raw) → DaemonSet/web/(undeclared):9000 (one per node)',
        '    → Deployment/api/(undeclared):9000 (1 replica)',
        'default/web:81/TCP (bad) → (no endpoints: invalid port or targetPort)',
        'shop/ext → CNAME example.com',
        'default/ext-missing → CNAME (no externalName)',
        'default/manual:5432/TCP → (no selector: endpoints come from EndpointSlices or Endpoints managed outside Kubernetes)',
        'default/portless → (no ports)',
        'default/nobody:80/TCP → (no endpoints: selector app=nobody,tier=none matches no pods)',
        'default/alertmanager:9093/TCP (web) → Alertmanager/main (pods made by its operator; ports unknown)',
        '',
      ].join('\n'),
    );
  });

  it("with verbose lists each Service's DNS names and service-link variables, per-pod names of a headless StatefulSet Service capped at three", () => {
    const text = docs(
      `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: pg
      port: 5432
`,
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  replicas: 5
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5432
`,
    );
    const result = lintSources([{ displayPath: 'a.yaml', text }], {
      rules: RULES,
      settings: { clusterDomain: 'corp.internal' },
    });
    expect(formatEndpoints(result, plain)).toBe('shop/db:5432/TCP (pg) → StatefulSet/db/postgres:5432 (5 replicas)\n');
    expect(formatEndpoints(result, plain, { verbose: true })).toBe(
      [
        'shop/db:5432/TCP (pg) → StatefulSet/db/postgres:5432 (5 replicas)',
        '    dns db.shop.svc.corp.internal, SRV _pg._tcp.db.shop.svc.corp.internal, db-0.db.shop.svc.corp.internal, db-1.db.shop.svc.corp.internal, db-2.db.shop.svc.corp.internal, … 2 more pod names',
        '',
      ].join('\n'),
    );
    // A headless Service injects no variables; JSON lists every pod name.
    const json = JSON.parse(formatters.json(result, plain));
    expect(json.services[0].environment).toEqual([]);
    expect(json.services[0].dnsNames.filter((d: { type: string }) => d.type === 'pod')).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({
        type: 'pod',
        name: `db-${i}.db.shop.svc.corp.internal`,
        workload: 'StatefulSet/db',
        ordinal: i,
      })),
    );
  });

  it('with colours only adds ANSI escapes', () => {
    const result = lintSources([{ displayPath: 'a.yaml', text: TABLE }], { rules: RULES });
    const text = formatEndpoints(result, coloured);
    expect(text).toMatch(ANSI);
    expect(stripAnsi(text)).toBe(formatEndpoints(result, plain));
  });

  it('says so when there are no Services', () => {
    expect(formatEndpoints(lintSources([{ displayPath: 'a.yaml', text: CONFIG }], { rules: RULES }), plain)).toBe(
      'No Services found.\n',
    );
  });
});
