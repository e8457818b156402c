import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string) => findingsOf('duplicate-env-var', yaml, options);

/** A Pod shop/app; `containers` starts at line 8. */
const pod = (containers: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: shop
spec:${extra}
  containers:
${containers}`;

const container = (name: string, env: string) => `    - name: ${name}
      image: example/${name}:1.0
      env:
${env}`;

describe('duplicate-env-var', () => {
  it('reports the later entry of a name set twice, at its name, with the first as related location', () => {
    const yaml = pod(
      container(
        'app',
        `        - name: LOG_LEVEL
          value: info
        - name: QUEUE
          value: jobs
        - name: LOG_LEVEL
          value: debug
`,
      ),
    );
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'duplicate-env-var',
        severity: 'warning',
        line: 15,
        column: 17,
        endLine: 15,
        endColumn: 26,
        path: 'spec.containers[0].env[2].name',
      },
    ]);
    expect(found[0]!.message).toBe(
      'Pod shop/app container app sets env LOG_LEVEL again at env[2] (first at env[0]); the later entry wins, and the earlier one may be dropped when using apply',
    );
    expect(found[0]!.related).toEqual([
      { file: 'test.yaml', line: 11, column: 17, endLine: 11, endColumn: 26, message: 'first definition of LOG_LEVEL' },
    ]);
  });

  it('reports every later repeat, per container, init containers included', () => {
    const yaml = pod(
      container(
        'app',
        `        - name: A
          value: "1"
        - name: A
          value: "2"
        - name: A
          value: "3"
`,
      ),
      `
  initContainers:
${container(
  'init',
  `        - name: B
          value: x
        - name: B
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
`,
)}`,
    );
    expect(findings(yaml).map((f) => [f.line, f.path, f.message])).toEqual([
      [
        13,
        'spec.initContainers[0].env[1].name',
        'Pod shop/app init container init sets env B again at env[1] (first at env[0]); the later entry wins, and the earlier one may be dropped when using apply',
      ],
      [
        24,
        'spec.containers[0].env[1].name',
        'Pod shop/app container app sets env A again at env[1] (first at env[0]); the later entry wins, and the earlier one may be dropped when using apply',
      ],
      [
        26,
        'spec.containers[0].env[2].name',
        'Pod shop/app container app sets env A again at env[2] (first at env[0]); the later entry wins, and the earlier one may be dropped when using apply',
      ],
    ]);
  });

  it('copies the API server exception: a later value that builds on $(NAME) is not a duplicate', () => {
    const yaml = pod(
      container(
        'app',
        `        - name: PATH
          value: /usr/bin:/bin
        - name: PATH
          value: $(PATH):/opt/app/bin
        - name: JAVA_OPTS
          value: -Xmx1g
        - name: JAVA_OPTS
          value: "-Dfile.encoding=UTF-8 $(JAVA_OPTS)"
`,
      ),
    );
    expect(findings(yaml)).toEqual([]);
  });

  it('still reports a later X=$(X), a later valueFrom, and a later value without $(X) (as warnings.go does)', () => {
    const yaml = pod(
      container(
        'app',
        `        - name: X
          value: a
        - name: X
          value: $(X)
        - name: Y
          value: a
        - name: Y
          value: b-$(Y)
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: Z
          value: a
        - name: Z
          value: $(Y)-$(z)
`,
      ),
    );
    expect(findings(yaml).map((f) => f.path)).toEqual([
      'spec.containers[0].env[1].name',
      'spec.containers[0].env[3].name',
      'spec.containers[0].env[5].name',
    ]);
  });

  it('does not count a name from envFrom that env overrides, nor the same name in two containers', () => {
    const yaml = docs(
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  LOG_LEVEL: info
`,
      pod(`    - name: app
      image: example/app:1.0
      envFrom:
        - configMapRef:
            name: settings
      env:
        - name: LOG_LEVEL
          value: debug
${container(
  'sidecar',
  `        - name: LOG_LEVEL
          value: warn
`,
)}`),
    );
    expect(findings(yaml)).toEqual([]);
  });

  it('lints its examples: valid ones give no finding at all, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['duplicate-env-var']);
    }
  });
});
