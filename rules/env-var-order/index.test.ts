import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string | Record<string, string>) => findingsOf('env-var-order', yaml, options);

/** A Deployment shop/web whose one container gets `body` (indented 10 spaces). Line 17 is the first body line. */
const deployment = (body: string, podSpec = '') => `apiVersion: apps/v1
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
    spec:${podSpec}
      containers:
        - name: app
${body}`;

const configMap = (name: string, data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: shop
data:
${data}`;

describe('env-var-order', () => {
  it('reports a variable used before it is defined, at the $(VAR) inside the value', () => {
    const yaml = deployment(`          env:
            - name: DB_URL
              value: postgres://$(DB_USER)@db/shop
            - name: DB_USER
              value: shop
`);
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 19,
        column: 33,
        endLine: 19,
        endColumn: 43,
        path: 'spec.template.spec.containers[0].env[0].value',
      },
    ]);
    expect(found[0]!.message).toBe(
      'Deployment shop/web container app env DB_URL uses $(DB_USER) before env[1] defines it; Kubernetes expands only variables defined earlier, so DB_URL is literally "postgres://$(DB_USER)@db/shop"; define DB_USER above DB_URL',
    );
    expect(found[0]!.related).toEqual([
      {
        file: 'test.yaml',
        line: 20,
        column: 21,
        endLine: 20,
        endColumn: 28,
        message: 'DB_USER is defined here, after its use',
      },
    ]);
  });

  it('shows the literal value with the references that do resolve expanded, and points inside quoted values', () => {
    const yaml = deployment(`          envFrom:
            - configMapRef:
                name: settings
              prefix: CFG_
          env:
            - name: HOST
              value: db
            - name: URL
              value: "$(CFG_SCHEME)://$(HOST):$(PORT)"
            - name: PORT
              value: "5432"
`);
    const found = findings(docs(configMap('settings', '  SCHEME: postgres\n'), yaml));
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 33,
        column: 47,
        endLine: 33,
        endColumn: 54,
        path: 'spec.template.spec.containers[0].env[1].value',
      },
    ]);
    expect(found[0]!.message).toContain('so URL is literally "postgres://db:$(PORT)"');
  });

  it('reports a variable defined nowhere, and a variable that refers to itself (the image env is not visible)', () => {
    const yaml = deployment(`          env:
            - name: PATH
              value: $(PATH):/opt/app/bin
            - name: GREETING
              value: hello $(USER_NAME) and $(OTHER)
`);
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 19,
        column: 22,
        endLine: 19,
        endColumn: 29,
        path: 'spec.template.spec.containers[0].env[0].value',
      },
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 21,
        column: 28,
        endLine: 21,
        endColumn: 40,
        path: 'spec.template.spec.containers[0].env[1].value',
      },
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 21,
        column: 45,
        endLine: 21,
        endColumn: 53,
        path: 'spec.template.spec.containers[0].env[1].value',
      },
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'Deployment shop/web container app env PATH uses $(PATH), but no earlier env or envFrom entry defines PATH (the image\'s variables are not visible to $(...)), so PATH is literally "$(PATH):/opt/app/bin"',
      'Deployment shop/web container app env GREETING uses $(USER_NAME), which no env or envFrom entry of the container defines, so GREETING is literally "hello $(USER_NAME) and $(OTHER)"',
      'Deployment shop/web container app env GREETING uses $(OTHER), which no env or envFrom entry of the container defines, so GREETING is literally "hello $(USER_NAME) and $(OTHER)"',
    ]);
    expect(found[0]!.related).toEqual([]);
  });

  it('reports $(VAR) in command and args only when the container defines the variable nowhere', () => {
    const yaml = deployment(`          command: ["/app", "--pod=$(POD_NAME)"]
          args:
            - --zone=$(ZONE)
            - --namespace=$(POD_NAMESPACE)
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
`);
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 17,
        column: 36,
        endLine: 17,
        endColumn: 47,
        path: 'spec.template.spec.containers[0].command[1]',
      },
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 19,
        column: 22,
        endLine: 19,
        endColumn: 29,
        path: 'spec.template.spec.containers[0].args[0]',
      },
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'Deployment shop/web container app command[1] uses $(POD_NAME), which no env or envFrom entry of the container defines, so the argument is literally "--pod=$(POD_NAME)"',
      'Deployment shop/web container app args[0] uses $(ZONE), which no env or envFrom entry of the container defines, so the argument is literally "--zone=$(ZONE)"',
    ]);
  });

  it('points into a literal block script and says the reference stays there when the value is not quotable', () => {
    const yaml = deployment(`          command: ["/bin/sh", "-c"]
          args:
            - |
              echo starting on $(hostname)
              exec /app --id=$(INSTANCE_ID)
`);
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'env-var-order',
        severity: 'warning',
        line: 21,
        column: 30,
        endLine: 21,
        endColumn: 44,
        path: 'spec.template.spec.containers[0].args[0]',
      },
    ]);
    expect(found[0]!.message).toBe(
      'Deployment shop/web container app args[0] uses $(INSTANCE_ID), which no env or envFrom entry of the container defines, so "$(INSTANCE_ID)" stays in the argument as literal text',
    );
  });

  it('names init containers as such', () => {
    const yaml = deployment(
      `          image: example/app:1.0
`,
      `
      initContainers:
        - name: migrate
          image: example/migrate:1.0
          args: ["--to=$(VERSION)"]`,
    );
    expect(findings(yaml).map((f) => f.message)).toEqual([
      'Deployment shop/web init container migrate args[0] uses $(VERSION), which no env or envFrom entry of the container defines, so the argument is literally "--to=$(VERSION)"',
    ]);
  });

  it('accepts a variable defined earlier, from envFrom of a ConfigMap in the input, and $$(VAR) escapes', () => {
    const yaml = deployment(`          envFrom:
            - configMapRef:
                name: settings
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: ID
              value: $(POD_NAME)-$(REGION)
            - name: TEMPLATE
              value: "{{ .Name }} $$(LATER) $$$$(LATER)"
            - name: LATER
              value: x
`);
    expect(findings(docs(configMap('settings', '  REGION: eu-west-1\n'), yaml))).toEqual([]);
  });

  it('accepts PATH=$(PATH):/x after an earlier PATH, and args using a variable defined later in env', () => {
    const yaml = deployment(`          args: ["--url=$(URL)", "$(PATH)"]
          env:
            - name: PATH
              value: /usr/bin:/bin
            - name: PATH
              value: $(PATH):/opt/app/bin
            - name: URL
              value: http://example.com
`);
    expect(findings(yaml)).toEqual([]);
  });

  it('stays silent when an envFrom source is not in the input (a ConfigMap elsewhere, a Secret): its keys are unknown', () => {
    const elsewhere = deployment(`          envFrom:
            - configMapRef:
                name: settings
          env:
            - name: URL
              value: $(SCHEME)://example.com
`);
    expect(findings(elsewhere)).toEqual([]);
    const secret = docs(
      `apiVersion: v1
kind: Secret
metadata:
  name: credentials
  namespace: shop
stringData:
  PASSWORD: hunter2
`,
      deployment(`          envFrom:
            - secretRef:
                name: credentials
          args: ["--password=$(PASSWORD)"]
`),
    );
    expect(findings(secret)).toEqual([]);
  });

  it('still reports names an unknown source cannot define: its prefix does not match', () => {
    const yaml = deployment(`          envFrom:
            - prefix: DB_
              secretRef:
                name: db
          args: ["--user=$(DB_USER)", "--zone=$(ZONE)"]
`);
    expect(findings(yaml).map((f) => f.path)).toEqual(['spec.template.spec.containers[0].args[1]']);
  });

  it('reports an envFrom key of a ConfigMap in the input only when the ConfigMap lacks it', () => {
    const yaml = docs(
      configMap('settings', '  REGION: eu\n'),
      deployment(`          envFrom:
            - configMapRef:
                name: settings
          args: ["--region=$(REGION)", "--zone=$(ZONE)"]
`),
    );
    expect(findings(yaml).map((f) => f.message)).toEqual([
      'Deployment shop/web container app args[1] uses $(ZONE), which no env or envFrom entry of the container defines, so the argument is literally "--zone=$(ZONE)"',
    ]);
    // The ConfigMap must be in the pod's namespace.
    const otherNamespace = docs(
      configMap('settings', '  REGION: eu\n').replace('namespace: shop', 'namespace: other'),
      yaml.split('---\n')[1]!,
    );
    expect(findings(otherNamespace)).toEqual([]);
  });

  it('leaves Service link names to service-env-order, unless the container defines them later', () => {
    const undefinedLink = deployment(`          env:
            - name: API
              value: http://$(API_SERVICE_HOST):$(API_SERVICE_PORT)
`);
    expect(findings(undefinedLink)).toEqual([]);
    const definedLater = deployment(`          env:
            - name: API
              value: http://$(API_SERVICE_HOST)
            - name: API_SERVICE_HOST
              value: api.example.com
`);
    expect(findings(definedLater).map((f) => f.message)).toEqual([
      'Deployment shop/web container app env API uses $(API_SERVICE_HOST) before env[1] defines it; Kubernetes expands only variables defined earlier, so "$(API_SERVICE_HOST)" stays in API as literal text; define API_SERVICE_HOST above API',
    ]);
  });

  it('says when a later-defined name resolves to a Service link variable instead', () => {
    const yaml = docs(
      `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
`,
      deployment(`          ports:
            - containerPort: 80
          env:
            - name: API
              value: $(API_PORT)
            - name: API_PORT
              value: "8080"
`),
    );
    expect(findings(yaml).map((f) => f.message)).toEqual([
      'Deployment shop/web container app env API uses $(API_PORT) before env[1] defines it; Kubernetes expands only variables defined earlier, so $(API_PORT) takes the link variable of Service shop/api instead; define API_PORT above API',
    ]);
    const master = deployment(`          env:
            - name: API
              value: https://$(KUBERNETES_SERVICE_HOST)
            - name: KUBERNETES_SERVICE_HOST
              value: api.internal.example.com
`);
    expect(findings(master).map((f) => f.message)).toEqual([
      'Deployment shop/web container app env API uses $(KUBERNETES_SERVICE_HOST) before env[1] defines it; Kubernetes expands only variables defined earlier, so $(KUBERNETES_SERVICE_HOST) takes the link variable of Service default/kubernetes instead; define KUBERNETES_SERVICE_HOST above API',
    ]);
  });

  it('ignores what cannot be a variable: shell command substitution, arithmetic, unterminated references', () => {
    const yaml = deployment(`          command: ["/bin/sh", "-c"]
          args:
            - 'echo $(date +%s) $(hostname) $((1 + 2)) $(whoami'
          env:
            - name: STAMP
              value: $(date) $(
`);
    expect(findings(yaml)).toEqual([]);
  });

  it('lints its examples: valid ones give no finding at all, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['env-var-order']);
    }
  });
});
