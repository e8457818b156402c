// String values traced back to the file: findings inside a value point at the exact characters.
import { describe, expect, it } from 'vitest';
import { rangeInValue } from '../src/model/text.js';
import type { ConfigMapModel, WorkloadModel } from '../src/model/types.js';
import { lintYaml } from './rule-tester.js';
import { rangeEnd, rangeStart } from '../src/position/range.js';

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx
data:
${data}`;

/** The source text a traced range covers. */
function covered(yaml: string, from: number, to: number, valueIndex = 0): string {
  const model = lintYaml(yaml, { rules: [] }).model;
  const text = (model.objects[0] as ConfigMapModel).data[valueIndex]!.value;
  const range = rangeInValue(text, from, to);
  return yaml.slice(rangeStart(range), rangeEnd(range));
}

describe('TextValue', () => {
  it('traces plain, single- and double-quoted one-line values', () => {
    expect(covered(configMap('  url: http://api.shop:8080/v1\n'), 7, 15)).toBe('api.shop');
    expect(covered(configMap("  url: 'http://api.shop:8080'\n"), 7, 15)).toBe('api.shop');
    expect(covered(configMap('  url: "http://api.shop:8080"\n'), 7, 15)).toBe('api.shop');
  });

  it('traces every line of a literal block, wherever its indentation is', () => {
    const yaml = configMap(`  nginx.conf: |
    upstream api {
      server api.shop.svc.cluster.local:8080;
    }
`);
    const model = lintYaml(yaml, { rules: [] }).model;
    const value = (model.objects[0] as ConfigMapModel).data[0]!.value.value;
    const at = value.indexOf('api.shop.svc');
    expect(covered(yaml, at, at + 'api.shop.svc.cluster.local'.length)).toBe('api.shop.svc.cluster.local');
  });

  it('falls back to the whole value where characters are not verbatim (escapes, folded blocks)', () => {
    const escaped = configMap('  url: "http://api\\u002eshop:8080"\n');
    expect(covered(escaped, 7, 15)).toBe('"http://api\\u002eshop:8080"');
    const folded = configMap('  text: >\n    one\n    two\n');
    expect(covered(folded, 0, 3)).toBe('>\n    one\n    two\n');
  });

  it('models env values, command and args of containers', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  enableServiceLinks: false
  containers:
    - name: app
      image: example/app:1.0
      command: ["/bin/sh", "-c"]
      args:
        - |
          exec app --db=db.shop:5432
      env:
        - name: API
          value: http://api:8080
        - name: SECRET
          valueFrom:
            secretKeyRef: { name: s, key: k }
      envFrom:
        - prefix: CFG_
          configMapRef:
            name: settings
`;
    const pod = lintYaml(yaml, { rules: [] }).model.objects[0] as WorkloadModel;
    const container = pod.containers[0]!;
    expect(container.command.map((c) => c.value)).toEqual(['/bin/sh', '-c']);
    expect(container.env.map((e) => [e.name, e.value?.value ?? null, e.valueFrom])).toEqual([
      ['API', 'http://api:8080', false],
      ['SECRET', null, true],
    ]);
    expect(container.envFrom).toMatchObject([
      { source: 'configMap', name: 'settings', prefix: 'CFG_', optional: false },
    ]);
    expect(pod.enableServiceLinks?.value).toBe(false);
    const script = container.args[0]!;
    const at = script.value.indexOf('db.shop');
    const range = rangeInValue(script, at, at + 7);
    expect(yaml.slice(rangeStart(range), rangeEnd(range))).toBe('db.shop');
  });
});
