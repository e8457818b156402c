import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';

const deployment = (replicas: string, containerPort: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
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
            - containerPort: ${containerPort}
`;

describe('placeholder', () => {
  it('notes envsubst placeholders once per object, and no rule judges the fields that hold them', () => {
    const result = lintYaml(
      docs(
        `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: \${NAMESPACE}
spec:
  type: \${SERVICE_TYPE:-ClusterIP}
  selector:
    app: web
  ports:
    - name: \${PORT_NAME}
      port: \${PORT}
      targetPort: \${TARGET_PORT}
`,
        deployment('${REPLICAS}', '8080').replace('name: web\nspec', 'name: web\n  namespace: ${NAMESPACE}\nspec'),
      ),
    );
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'placeholder', severity: 'note', line: 5, column: 14, endLine: 5, endColumn: 26, path: null },
      { ruleId: 'placeholder', severity: 'note', line: 19, column: 14, endLine: 19, endColumn: 26, path: null },
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'Service ${NAMESPACE}/web holds placeholders ${NAMESPACE}, ${SERVICE_TYPE:-ClusterIP}, ${PORT_NAME}, ${PORT} and ${TARGET_PORT}, filled in before the manifest is applied (by envsubst, a templating step or by hand), so metadata.namespace, spec.type, spec.ports[0].name and 2 more were not checked',
      'Deployment ${NAMESPACE}/web holds placeholders ${NAMESPACE} and ${REPLICAS}, filled in before the manifest is applied (by envsubst, a templating step or by hand), so metadata.namespace and spec.replicas were not checked',
    ]);
    // Still a Service that selects the Deployment's pods.
    expect(result.model.services.map((s) => [s.namespace, s.name, s.selector])).toEqual([
      ['${NAMESPACE}', 'web', { app: 'web' }],
    ]);
    expect(result.model.services[0]!.placeholders!.map((p) => p.path)).toEqual([
      'metadata.namespace',
      'spec.type',
      'spec.ports[0].name',
      'spec.ports[0].port',
      'spec.ports[0].targetPort',
    ]);
  });

  it('reads `{{VAR}}` (a YAML flow mapping when unquoted) and `{{ VAR }}` as placeholders, not as a Helm template', () => {
    const result = lintYaml(deployment('{{REPLICAS}}', '8080').replace('image: nginx:1.27', 'image: {{ IMAGE }}'));
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'placeholder', severity: 'note', line: 6, column: 13, endLine: 6, endColumn: 25, path: null },
    ]);
    expect(result.findings[0]!.message).toBe(
      'Deployment default/web holds placeholders {{REPLICAS}} and {{ IMAGE }}, filled in before the manifest is applied (by envsubst, a templating step or by hand), so spec.replicas and spec.template.spec.containers[0].image were not checked',
    );
    expect(result.model.workloads.map((w) => w.name)).toEqual(['web']);
  });

  it('reads a bare upper-case name where a number must be as a placeholder to replace by hand', () => {
    const result = lintYaml(deployment('2', 'PORT'));
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'placeholder', severity: 'note', line: 19, column: 30, endLine: 19, endColumn: 34, path: null },
    ]);
    expect(result.findings[0]!.message).toContain('holds placeholder PORT, filled in before the manifest is applied');
    expect(result.findings[0]!.message).toContain(
      'so spec.template.spec.containers[0].ports[0].containerPort was not checked',
    );
  });

  it('notes a document that is not valid YAML until its placeholders are filled in, instead of a parse error', () => {
    const result = lintYaml(
      docs(
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{NAME}}-settings
data:
  mode: fast
`,
        deployment('2', '8080'),
      ),
    );
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'placeholder', severity: 'note', line: 4, column: 17, endLine: 4, endColumn: 26, path: null },
    ]);
    expect(result.findings[0]!.message).toBe(
      'Document holds placeholder {{NAME}}, filled in by another tool (envsubst, a templating step), and is not valid YAML until then; document not analysed',
    );
    expect(result.model.objects.map((o) => o.name)).toEqual(['web']);
  });

  it('skips kustomize placeholder objects named "_" with a note, counted as skipped', () => {
    const result = lintYaml(
      docs(
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: _
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
`,
        deployment('2', '8080'),
      ),
    );
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'placeholder', severity: 'note', line: 4, column: 9, endLine: 4, endColumn: 10, path: null },
    ]);
    expect(result.findings[0]!.message).toBe(
      'Deployment "_" is a kustomize placeholder that a patch or replacement fills in; not analysed',
    );
    expect(result.model.objects.map((o) => o.name)).toEqual(['web']);
    expect(result.summary).toMatchObject({ documents: 2, objects: 1, skippedDocuments: 1 });
  });

  describe('tricky valid', () => {
    it('says nothing about shell variables in command and args, ConfigMap data or block scalars', () => {
      const yaml = docs(
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  start.sh: exec app --port \${PORT}
`,
        deployment('2', '8080').replace(
          'image: nginx:1.27',
          `image: nginx:1.27
          command: ["sh", "-c", "exec nginx -g \${NGINX_OPTS}"]
          args:
            - \${EXTRA}
          env:
            - name: SCRIPT
              value: |
                echo \${HOME}`,
        ),
      );
      expect(lintYaml(yaml).findings).toEqual([]);
    });

    it('keeps Helm templates parse errors, and a wrong value beside a placeholder an error', () => {
      const helm = findingsOf('parse-error', deployment('{{ .Values.replicas }}', '8080'));
      expect(helm.map(brief)).toEqual([
        { ruleId: 'parse-error', severity: 'error', line: 6, column: 13, endLine: 6, endColumn: 35, path: null },
      ]);
      const wrong = lintYaml(deployment('${REPLICAS}', '"8080"'));
      expect(wrong.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([
        ['placeholder', 6, 13],
        ['schema', 19, 30],
      ]);
    });

    it('does not read `{{ end }}`, a Go template keyword, or a lower-case word where a number must be as a placeholder', () => {
      expect(lintYaml(deployment('two', '8080')).findings.map((f) => [f.ruleId, f.line])).toEqual([['schema', 6]]);
      const ended = lintYaml(deployment('2', '8080').replace('image: nginx:1.27', 'image: "{{ end }}"'));
      expect(ended.findings).toEqual([]);
    });
  });
});
