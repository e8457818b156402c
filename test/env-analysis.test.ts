// The kubelet's environment rules as pure functions: expand.go's syntax, envvars.FromServices' names, and
// reading a variable name back to the Service it would come from.
import { describe, expect, it } from 'vitest';
import {
  containerArguments,
  containerEnvironment,
  expandVariables,
  indexConfigMaps,
  indexServiceLinks,
  isServiceLinkName,
  makeEnvVariableName,
  resolveServiceLink,
  scriptAssigns,
  serviceLinkReadings,
  serviceLinkVariables,
  shellScriptPosition,
  shellVariableReferences,
  variableReferences,
} from '../src/analysis/env.js';
import type { ServiceModel, WorkloadModel } from '../src/model/types.js';
import { docs, lintYaml } from './rule-tester.js';
import { rules } from '../rules/index.js';
import envVarOrder from '../rules/env-var-order/index.js';
import duplicateEnvVar from '../rules/duplicate-env-var/index.js';
import serviceEnvOrder from '../rules/service-env-order/index.js';

const service = (name: string, spec: string, namespace = 'default') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;

function servicesOf(yaml: string): ServiceModel[] {
  return lintYaml(yaml, { rules: [] }).model.services;
}

describe('makeEnvVariableName', () => {
  it('uppercases and turns - and . into _, with a _ before a leading digit', () => {
    expect(makeEnvVariableName('my-app')).toBe('MY_APP');
    expect(makeEnvVariableName('my.app')).toBe('MY_APP');
    expect(makeEnvVariableName('9front')).toBe('_9FRONT');
  });
});

describe('serviceLinkVariables', () => {
  it('lists the variables envvars.FromServices makes, in its order', () => {
    const [svc] = servicesOf(
      service(
        'my-cache',
        `  clusterIP: 10.0.0.7
  ports:
    - name: redis
      port: 6379
    - name: metrics-http
      port: 9121
      protocol: TCP
`,
      ),
    );
    expect(serviceLinkVariables(svc!)).toEqual([
      { name: 'MY_CACHE_SERVICE_HOST', value: '10.0.0.7' },
      { name: 'MY_CACHE_SERVICE_PORT', value: '6379' },
      { name: 'MY_CACHE_SERVICE_PORT_REDIS', value: '6379' },
      { name: 'MY_CACHE_SERVICE_PORT_METRICS_HTTP', value: '9121' },
      { name: 'MY_CACHE_PORT', value: 'tcp://10.0.0.7:6379' },
      { name: 'MY_CACHE_PORT_6379_TCP', value: 'tcp://10.0.0.7:6379' },
      { name: 'MY_CACHE_PORT_6379_TCP_PROTO', value: 'tcp' },
      { name: 'MY_CACHE_PORT_6379_TCP_PORT', value: '6379' },
      { name: 'MY_CACHE_PORT_6379_TCP_ADDR', value: '10.0.0.7' },
      { name: 'MY_CACHE_PORT_9121_TCP', value: 'tcp://10.0.0.7:9121' },
      { name: 'MY_CACHE_PORT_9121_TCP_PROTO', value: 'tcp' },
      { name: 'MY_CACHE_PORT_9121_TCP_PORT', value: '9121' },
      { name: 'MY_CACHE_PORT_9121_TCP_ADDR', value: '10.0.0.7' },
    ]);
  });

  it('shows an allocated cluster IP as a placeholder, and UDP in lowercase in URLs', () => {
    const [svc] = servicesOf(service('dns', `  ports:\n    - port: 53\n      protocol: UDP\n`));
    expect(serviceLinkVariables(svc!).map((v) => `${v.name}=${v.value}`)).toEqual([
      'DNS_SERVICE_HOST=<cluster IP>',
      'DNS_SERVICE_PORT=53',
      'DNS_PORT=udp://<cluster IP>:53',
      'DNS_PORT_53_UDP=udp://<cluster IP>:53',
      'DNS_PORT_53_UDP_PROTO=udp',
      'DNS_PORT_53_UDP_PORT=53',
      'DNS_PORT_53_UDP_ADDR=<cluster IP>',
    ]);
  });

  it('is empty for Services without a cluster IP: headless (clusterIP or clusterIPs) and ExternalName', () => {
    const services = servicesOf(
      docs(
        service('a', `  clusterIP: None\n  ports:\n    - port: 80\n`),
        service('b', `  clusterIPs: [None]\n  ports:\n    - port: 80\n`),
        service('c', `  type: ExternalName\n  externalName: db.example.com\n  ports:\n    - port: 80\n`),
      ),
    );
    expect(services.map(serviceLinkVariables)).toEqual([[], [], []]);
  });
});

describe('$(VAR) references (expand.go)', () => {
  const names = (s: string) => variableReferences(s).map((r) => [r.name, r.start, r.end]);

  it('finds each reference with its position', () => {
    expect(names('$(A)-$(B_C)')).toEqual([
      ['A', 0, 4],
      ['B_C', 5, 11],
    ]);
  });

  it('treats $$ as an escaped $, so $$(VAR) is no reference but $$$(VAR) is', () => {
    expect(names('$$(A)')).toEqual([]);
    expect(names('$$$(A)')).toEqual([['A', 2, 6]]);
    expect(names('$$$$(A)')).toEqual([]);
  });

  it('copies an unterminated $( and a $ before any other character', () => {
    expect(names('$(A')).toEqual([]);
    expect(names('$A $(B)')).toEqual([['B', 3, 7]]);
    expect(names('$')).toEqual([]);
    expect(names('a$')).toEqual([]);
  });

  it('reads up to the first ), whatever is between', () => {
    expect(names('$($(A)')).toEqual([['$(A', 0, 6]]);
    expect(names('$()')).toEqual([['', 0, 3]]);
    expect(names('$((1 + 2))')).toEqual([['(1 + 2', 0, 9]]);
  });

  it('expands like expansion.Expand: unknown names stay verbatim, $$ becomes $', () => {
    const lookup = (name: string) => ({ A: 'x', EMPTY: '' })[name];
    expect(expandVariables('$(A)/$(B)/$$(A)/$(EMPTY)/$(A', lookup)).toBe('x/$(B)/$(A)//$(A');
    expect(expandVariables('$A$$$(A)$', lookup)).toBe('$A$x$');
  });
});

describe('Service link names', () => {
  it('reads every form back to the Service part', () => {
    const read = (name: string) => serviceLinkReadings(name).map((r) => `${r.serviceEnvName}:${r.form}`);
    expect(read('API_SERVICE_HOST')).toEqual(['API:host']);
    expect(read('API_SERVICE_PORT_HTTP')).toEqual(['API:named-port']);
    expect(read('API_PORT_8080_TCP_ADDR')).toEqual(['API:link-port']);
    expect(read('API_PORT_53_UDP')).toEqual(['API:link-port']);
    // Service "foo" (_SERVICE_PORT) or Service "foo-service" (Docker link _PORT).
    expect(read('FOO_SERVICE_PORT')).toEqual(['FOO:port', 'FOO_SERVICE:link']);
    expect(read('DB_PORT')).toEqual(['DB:link']);
  });

  it('only counts names Kubernetes can make: uppercase, from a valid Service name', () => {
    expect(isServiceLinkName('api_SERVICE_HOST')).toBe(false);
    expect(isServiceLinkName('_SERVICE_HOST')).toBe(false);
    expect(isServiceLinkName('9API_SERVICE_HOST')).toBe(false);
    expect(isServiceLinkName('API__SERVICE_HOST')).toBe(false);
    expect(isServiceLinkName('API_PORT_80_HTTP')).toBe(false);
    expect(isServiceLinkName('POD_NAME')).toBe(false);
  });

  it('resolves a name to the Service of the pod namespace that injects it, or says why none does', () => {
    const services = servicesOf(
      docs(
        service('foo-service', `  ports:\n    - port: 80\n`, 'shop'),
        service('db', `  clusterIP: None\n  ports:\n    - port: 5432\n`, 'shop'),
        service('cache', `  ports:\n    - name: redis\n      port: 6379\n`, 'shop'),
        service('queue', `  ports:\n    - port: 5672\n`, 'other'),
        service('late', `  ports:\n    - port: 80\n`, 'shop'),
      ),
    );
    const index = indexServiceLinks(services);
    const pod = { namespace: 'shop', order: 3.5, serviceLinks: true };
    const resolve = (name: string, p = pod) => {
      const r = resolveServiceLink(index, name, p);
      return r && [r.service?.name ?? null, r.reading.form, r.problem];
    };
    // FOO_SERVICE_PORT is not Service foo's (there is none) but foo-service's Docker link variable.
    expect(resolve('FOO_SERVICE_PORT')).toEqual(['foo-service', 'link', null]);
    expect(resolve('CACHE_SERVICE_PORT_REDIS')).toEqual(['cache', 'named-port', null]);
    expect(resolve('CACHE_SERVICE_PORT_METRICS')).toEqual(['cache', 'named-port', 'no-such-variable']);
    expect(resolve('DB_SERVICE_HOST')).toEqual(['db', 'host', 'no-cluster-ip']);
    expect(resolve('QUEUE_SERVICE_HOST')).toEqual(['queue', 'host', 'other-namespace']);
    expect(resolve('LATE_SERVICE_HOST')).toEqual(['late', 'host', 'declared-later']);
    expect(resolve('NOPE_SERVICE_HOST')).toEqual([null, 'host', 'missing']);
    expect(resolve('CACHE_SERVICE_HOST', { ...pod, serviceLinks: false })).toEqual(['cache', 'host', 'links-disabled']);
    // The master Service is injected into every pod, links or not.
    expect(resolve('KUBERNETES_SERVICE_HOST', { ...pod, serviceLinks: false })).toEqual([null, 'host', null]);
    expect(resolve('POD_NAME')).toBeNull();
  });
});

describe('container environment', () => {
  it('collects envFrom keys (with prefix) of ConfigMaps in the input and the prefixes of unknown sources', () => {
    const yaml = docs(
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LEVEL: info
`,
      `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: example/app:1.0
      envFrom:
        - configMapRef:
            name: settings
          prefix: APP_
        - configMapRef:
            name: elsewhere
        - prefix: S_
          secretRef:
            name: credentials
      env:
        - name: A
          value: x
        - name: A
          value: y
`,
    );
    const model = lintYaml(yaml, { rules: [] }).model;
    const container = (model.objects[1] as WorkloadModel).containers[0]!;
    const env = containerEnvironment(container, 'default', indexConfigMaps(model.objects));
    expect([...env.fromSources]).toEqual([['APP_LEVEL', 'info']]);
    expect(env.unknownPrefixes).toEqual(['', 'S_']);
    expect([...env.declared]).toEqual([['A', [0, 1]]]);
  });
});

describe('shell scripts', () => {
  const argv = (command: string[], args: string[] = []) => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: example/app:1.0
      command: ${JSON.stringify(command)}
      args: ${JSON.stringify(args)}
`;
    return containerArguments((lintYaml(yaml, { rules: [] }).model.objects[0] as WorkloadModel).containers[0]!);
  };

  it('finds the script a shell runs with -c, after option clusters and wrappers', () => {
    expect(shellScriptPosition(argv(['sh', '-c', 'echo']))).toBe(2);
    expect(shellScriptPosition(argv(['/bin/bash'], ['-o', 'pipefail', '-ec', 'echo']))).toBe(4);
    expect(shellScriptPosition(argv(['tini', '--', '/bin/sh', '-exc', 'echo']))).toBe(4);
    expect(shellScriptPosition(argv(['sh', 'script.sh']))).toBeNull();
    expect(shellScriptPosition(argv(['app', '-c', 'config.yaml']))).toBeNull();
    expect(shellScriptPosition(argv([], ['-c', 'echo']))).toBeNull();
  });

  it("reads $NAME and ${NAME}, not in single quotes, comments or after a backslash; $$ is Kubernetes' escape", () => {
    const refs = (s: string) =>
      shellVariableReferences(s).map((r) => `${r.name}@${s.slice(r.start, r.end)}${r.hasFallback ? '?' : ''}`);
    expect(refs('curl $A_SERVICE_HOST:${A_SERVICE_PORT}/x')).toEqual([
      'A_SERVICE_HOST@$A_SERVICE_HOST',
      'A_SERVICE_PORT@${A_SERVICE_PORT}',
    ]);
    expect(refs(`echo '$A' "$B" \\$C # $D\necho $$E`)).toEqual(['B@$B', 'E@$$E']);
    expect(refs('${A:-x} ${B-y} ${C:+z} ${D%%:*}')).toEqual(['A@${A?', 'B@${B?', 'C@${C', 'D@${D']);
  });

  it('knows when a script sets a variable itself', () => {
    expect(scriptAssigns('export A_SERVICE_HOST=x; echo $A_SERVICE_HOST', 'A_SERVICE_HOST')).toBe(true);
    expect(scriptAssigns('read -r A_PORT_80_TCP < f', 'A_PORT_80_TCP')).toBe(true);
    expect(scriptAssigns('echo $A_SERVICE_HOST', 'A_SERVICE_HOST')).toBe(false);
    expect(scriptAssigns('echo X_A_SERVICE_HOST=1', 'A_SERVICE_HOST')).toBe(false);
  });
});

describe('env rules together', () => {
  const mine = [envVarOrder, duplicateEnvVar, serviceEnvOrder];
  const options = { rules: [...rules.filter((r) => !mine.some((m) => m.meta.id === r.meta.id)), ...mine] };
  const examples = mine.flatMap((rule) =>
    (['valid', 'invalid'] as const).flatMap((kind) =>
      rule.meta.examples[kind].map((e) => [rule.meta.id, kind, e.title, e.yaml] as const),
    ),
  );
  it.each(examples)(
    '%s %s example "%s" gives the expected findings with all three env rules registered',
    (id, kind, _title, yaml) => {
      const findings = lintYaml(yaml, options).findings.map((f) => f.ruleId);
      expect(findings).toEqual(kind === 'valid' ? [] : [id]);
    },
  );
});
