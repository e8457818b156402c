import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';

const service = (selector: string, extra = '', namespace = '') => `apiVersion: v1
kind: Service
metadata:
  name: api${namespace ? `\n  namespace: ${namespace}` : ''}
spec:${extra}
  selector:
${selector}
  ports:
    - port: 80
`;

const deployment = (
  name: string,
  podLabels: string,
  opts: { namespace?: string; objectLabels?: string } = {},
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${opts.namespace ? `\n  namespace: ${opts.namespace}` : ''}${opts.objectLabels ? `\n  labels:\n${opts.objectLabels}` : ''}
spec:
  selector:
    matchLabels:
${podLabels.replace(/^ {8}/gm, '      ')}
  template:
    metadata:
      labels:
${podLabels}
    spec:
      containers:
        - name: app
          image: example/app:1.0
`;

describe('orphan-service', () => {
  it('reports a selector that matches no pod template, at the differing value, naming the nearest workload', () => {
    const yaml = docs(
      service(`    app: api-sever
    tier: backend`),
      deployment(
        'api',
        `        app: api-server
        tier: backend`,
      ),
    );
    const findings = findingsOf('orphan-service', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 19,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/api selects app=api-sever,tier=backend, but no pod template in namespace default has these labels, so it has no endpoints; nearest is Deployment/api, whose pods have app=api-server (not api-sever); did you mean app=api-server,tier=backend?',
    );
    expect(findings[0]!.related).toEqual([
      { file: 'test.yaml', line: 23, column: 7, endLine: 23, endColumn: 13, message: 'pod labels of Deployment/api' },
    ]);
  });

  it('points at the value of a differing label (selector.name: simple-webap), not at the selector key', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    name: simple-webap
    tier: web`),
        deployment(
          'simple-webapp',
          `        name: simple-webapp
        tier: web`,
        ),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: 23,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toContain(
      'nearest is Deployment/simple-webapp, whose pods have name=simple-webapp (not simple-webap); did you mean name=simple-webapp,tier=web?',
    );
  });

  it('finds short typos: two swapped letters are one edit (wbe for web)', () => {
    const findings = findingsOf('orphan-service', docs(service(`    app: wbe`), deployment('web', `        app: web`)));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 13,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/api selects app=wbe, but no pod template in namespace default has these labels, so it has no endpoints; nearest is Deployment/web, whose pods have app=web (not wbe); did you mean app=web?',
    );
  });

  it('finds key typos (ap: web for app: web) and points at the key', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    ap: web
    tier: frontend`),
        deployment(
          'web',
          `        app: web
        tier: frontend`,
        ),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 7,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/api selects ap=web,tier=frontend, but no pod template in namespace default has these labels, so it has no endpoints; nearest is Deployment/web, whose pods have app=web (not ap=web); did you mean app=web,tier=frontend?',
    );
    // A key typo alone is found too, and a key one edit away with another value is no typo.
    expect(
      findingsOf('orphan-service', docs(service(`    ap: web`), deployment('web', `        app: web`)))[0]!.message,
    ).toContain('did you mean app=web?');
    expect(
      findingsOf('orphan-service', docs(service(`    ap: web`), deployment('api', `        app: api`)))[0]!.message,
    ).not.toContain('nearest');
  });

  it('points at the key of a label the nearest pods lack', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: api
    tier: backend`),
        deployment('api', `        app: api`),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 9,
        path: 'spec.selector',
      },
    ]);
  });

  it('counts only one edit as a typo: two edits are another value', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: payments-wbe
    tier: web`),
        deployment(
          'payments',
          `        app: payments-api
        tier: web`,
        ),
      ),
    );
    expect(findings[0]!.message).toContain(
      'nearest is Deployment/payments, whose pods have app=payments-api (not payments-wbe)',
    );
    expect(findings[0]!.message).not.toContain('did you mean');
  });

  it('finds the nearest workload among hundreds with the same labels, through the index', () => {
    // Every template shares part-of and tier; only one has a name one edit from the selector's.
    const many = Array.from({ length: 600 }, (_, i) =>
      deployment(
        `app-${i}`,
        `        part-of: shop
        tier: web
        name: app-${i}`,
      ),
    );
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    part-of: shop
    tier: web
    name: app-123x`),
        ...many,
      ),
    );
    expect(findings[0]!.message).toContain(
      'nearest is Deployment/app-123, whose pods have name=app-123 (not app-123x); did you mean',
    );
    // With no typo among them, the first by name of the equally near ones.
    const none = findingsOf(
      'orphan-service',
      docs(
        service(`    part-of: shop
    tier: web
    name: zzz`),
        ...many,
      ),
    );
    expect(none[0]!.message).toContain('nearest is Deployment/app-0, whose pods have name=app-0 (not zzz)');
  });

  it('names the first by kind and name among equally near workloads, whatever the file order', () => {
    // web-b and web-a share tier=backend and a typo of app with the selector: a tie, broken by name.
    const files = {
      'a.yaml': deployment(
        'web-b',
        `        app: api-serverb
        tier: backend`,
      ),
      'b.yaml': service(`    app: api-servera
    tier: backend`),
      'c.yaml': deployment(
        'web-a',
        `        app: api-serverc
        tier: backend`,
      ),
      'd.yaml': deployment(
        'web-z',
        `        app: other
        tier: frontend`,
      ),
    };
    const message = (input: Record<string, string>) => findingsOf('orphan-service', input)[0]!.message;
    expect(message(files)).toContain('nearest is Deployment/web-a, whose pods have app=api-serverc (not api-servera)');
    const reordered = {
      'a.yaml': files['c.yaml'],
      'b.yaml': files['b.yaml'],
      'c.yaml': files['a.yaml'],
      'd.yaml': files['d.yaml'],
    };
    expect(message(reordered)).toBe(message(files));
  });

  it('names the same one of two equally near definitions of one name, whatever the file order', () => {
    // Two Deployments named web (alternatives side by side): the one whose labels sort first, not the one read first.
    const first = deployment(
      'web',
      `        app: api-server
        tier: backend`,
    );
    const second = deployment(
      'web',
      `        app: api-server
        tier: frontend`,
    );
    const selector = service(`    app: api-sever
    tier: none`);
    const message = (input: Record<string, string>) =>
      findingsOf('orphan-service', input).find((f) => f.message.includes('nearest'))!.message;
    const inOrder = message({ 'a.yaml': selector, 'b.yaml': first, 'c.yaml': second });
    expect(inOrder).toContain(
      'nearest is Deployment/web, whose pods have app=api-server (not api-sever) and tier=backend (not none)',
    );
    expect(message({ 'a.yaml': selector, 'b.yaml': second, 'c.yaml': first })).toBe(inOrder);
  });

  it("never suggests another app's labels: a different value that is no typo gets no 'did you mean'", () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: orders
    tier: web`),
        deployment(
          'storefront',
          `        app: storefront
        tier: web`,
        ),
      ),
    );
    expect(findings[0]!.message).toContain(
      'nearest is Deployment/storefront, whose pods have app=storefront (not orders)',
    );
    expect(findings[0]!.message).not.toContain('did you mean');
    const unrelated = findingsOf(
      'orphan-service',
      docs(service(`    app: orders`), deployment('storefront', `        app: storefront`)),
    );
    expect(unrelated[0]!.message).toBe(
      'Service default/api selects app=orders, but no pod template in namespace default has these labels, so it has no endpoints',
    );
  });

  it('prefers the workload whose metadata.labels match over a nearest template of another app', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: orders`),
        deployment('orders', `        app.kubernetes.io/name: orders`, { objectLabels: '    app: orders' }),
        deployment('storefront', `        app: storefront`),
      ),
    );
    expect(findings[0]!.message).toContain('Deployment/orders carries them in metadata.labels');
  });

  it('does not count a partial match: every selector label must be on the pod', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: api
    tier: backend`),
        deployment('api', `        app: api`),
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('nearest is Deployment/api, whose pods have no tier label');
    expect(findings[0]!.message).not.toContain('did you mean');
  });

  it('explains a selector that matches only the workload metadata.labels', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    component: api`),
        deployment('api', `        app: api`, { objectLabels: '    component: api' }),
      ),
    );
    expect(findings[0]!.message).toContain(
      'Deployment/api carries them in metadata.labels, but a Service selects pod template labels (spec.template.metadata.labels)',
    );
  });

  it('never matches across namespaces, and says where the pods are', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(service(`    app: api`, '', 'shop'), deployment('api', `        app: api`, { namespace: 'billing' })),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('no pod template in namespace shop');
    expect(findings[0]!.message).toContain(
      'Deployment/api in namespace billing has them, but a Service selects pods in its own namespace only',
    );
  });

  it('accepts selectors that match several workloads, bare Pods, and workloads in later files', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: api-debug
  labels:
    app: api
spec:
  containers:
    - name: app
      image: example/app:1.0
`;
    const files = {
      'a-service.yaml': service(`    app: api`),
      'b-workloads.yaml': docs(
        deployment(
          'api-v1',
          `        app: api
        version: v1`,
        ),
        deployment(
          'api-v2',
          `        app: api
        version: v2`,
        ),
        pod,
      ),
    };
    expect(findingsOf('orphan-service', files)).toEqual([]);
  });

  it('ignores Services without a selector, ExternalName Services, and pods an operator makes', () => {
    const selectorless = `apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
    - port: 5432
`;
    const externalName = service(
      `    app: nothing`,
      `
  type: ExternalName
  externalName: db.example.com`,
    );
    const operated = docs(
      service(`    app.kubernetes.io/name: alertmanager`),
      `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  podMetadata:
    labels:
      app.kubernetes.io/name: alertmanager
`,
    );
    expect(findingsOf('orphan-service', selectorless)).toEqual([]);
    expect(findingsOf('orphan-service', externalName)).toEqual([]);
    expect(findingsOf('orphan-service', operated)).toEqual([]);
  });

  it('reports every orphan in a file, each at its own selector', () => {
    const yaml = docs(service(`    app: one`), service(`    app: two`));
    expect(findingsOf('orphan-service', yaml).map((f) => f.line)).toEqual([6, 16]);
  });
  describe('labels controllers add to the pods they make', () => {
    const workload = (kind: string, name: string, spec: string, apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
spec:
${spec}
`;
    const podTemplate = (labels: string, extra = '') => `  template:
    metadata:
      labels:
${labels}
    spec:${extra}
      containers:
        - name: app
          image: example/app:1.0
          ports:
            - name: http
              containerPort: 8080`;
    const selecting = (selector: string) => service(selector.replace(/^/gm, '    '));
    const statefulSet = (extra = '') =>
      workload(
        'StatefulSet',
        'web',
        `  replicas: 3${extra}
  serviceName: web
  selector:
    matchLabels:
      app: web
${podTemplate('        app: web')}`,
      );
    const endpointsOf = (yaml: string) =>
      lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints.map((e) => ({
        workload: `${e.workload.kind}/${e.workload.name}`,
        replicas: e.replicas,
      }));

    it("selects a Job's pods by job-name and controller-uid (generateSelector), a CronJob's by any job name", () => {
      const job = workload(
        'Job',
        'migrate',
        podTemplate('        app: migrate', '\n      restartPolicy: Never'),
        'batch/v1',
      );
      const cronJob = workload(
        'CronJob',
        'report',
        `  schedule: "0 * * * *"
  jobTemplate:
    spec:
${podTemplate('        app: report', '\n      restartPolicy: Never').replace(/^/gm, '    ')}`,
        'batch/v1',
      );
      expect(findingsOf('orphan-service', docs(selecting('job-name: migrate'), job))).toEqual([]);
      expect(findingsOf('orphan-service', docs(selecting('batch.kubernetes.io/job-name: migrate'), job))).toEqual([]);
      expect(
        findingsOf('orphan-service', docs(selecting('batch.kubernetes.io/controller-uid: 7c2e083b-f1c7'), job)),
      ).toEqual([]);
      expect(findingsOf('orphan-service', docs(selecting('job-name: report-28950000'), cronJob))).toEqual([]);
    });

    it('reports a job-name no Job has, and a Job whose manualSelector or own template label means no job-name of its name', () => {
      const job = (extra: string, labels = '        app: migrate') =>
        workload('Job', 'migrate', `${extra}${podTemplate(labels, '\n      restartPolicy: Never')}`, 'batch/v1');
      const other = findingsOf('orphan-service', docs(selecting('job-name: migrat'), job('')));
      expect(other.map(brief)).toEqual([
        {
          ruleId: 'orphan-service',
          severity: 'warning',
          line: 7,
          column: 15,
          endLine: 7,
          endColumn: 21,
          path: 'spec.selector',
        },
      ]);
      expect(other[0]!.message).toBe(
        'Service default/api selects job-name=migrat, but no pod template in namespace default has these labels, so it has no endpoints; nearest is Job/migrate, whose pods have job-name=migrate (not migrat); did you mean job-name=migrate?',
      );
      const manual = job(`  manualSelector: true
  selector:
    matchLabels:
      app: migrate
`);
      expect(findingsOf('orphan-service', docs(selecting('job-name: migrate'), manual))).toHaveLength(1);
      // The template's own job-name wins: generateSelector adds only the labels the template does not set.
      const own = job(
        '',
        `        app: migrate
        job-name: schema`,
      );
      expect(findingsOf('orphan-service', docs(selecting('job-name: migrate'), own)).map((f) => f.message)).toEqual([
        'Service default/api selects job-name=migrate, but no pod template in namespace default has these labels, so it has no endpoints',
      ]);
    });

    it('selects one StatefulSet pod by statefulset.kubernetes.io/pod-name or apps.kubernetes.io/pod-index, and counts one replica', () => {
      expect(
        findingsOf('orphan-service', docs(selecting('statefulset.kubernetes.io/pod-name: web-0'), statefulSet())),
      ).toEqual([]);
      expect(endpointsOf(docs(selecting('statefulset.kubernetes.io/pod-name: web-2'), statefulSet()))).toEqual([
        { workload: 'StatefulSet/web', replicas: 1 },
      ]);
      expect(endpointsOf(docs(selecting('apps.kubernetes.io/pod-index: "1"\napp: web'), statefulSet()))).toEqual([
        { workload: 'StatefulSet/web', replicas: 1 },
      ]);
      expect(endpointsOf(docs(selecting('app: web'), statefulSet()))).toEqual([
        { workload: 'StatefulSet/web', replicas: 3 },
      ]);
      // web-5 appears only when the StatefulSet is scaled (an HPA may do it): selected, with no pod at 3 replicas.
      expect(
        findingsOf('orphan-service', docs(selecting('statefulset.kubernetes.io/pod-name: web-5'), statefulSet())),
      ).toEqual([]);
      expect(endpointsOf(docs(selecting('statefulset.kubernetes.io/pod-name: web-5'), statefulSet()))).toEqual([
        { workload: 'StatefulSet/web', replicas: 0 },
      ]);
    });

    it('reports a pod name no StatefulSet pod can have: another set, below spec.ordinals.start, not a decimal ordinal', () => {
      const message = (value: string, set = statefulSet()) =>
        findingsOf('orphan-service', docs(selecting(`statefulset.kubernetes.io/pod-name: ${value}\napp: web`), set))[0]
          ?.message;
      expect(message('db-0')).toBe(
        'Service default/api selects statefulset.kubernetes.io/pod-name=db-0,app=web, but no pod template in namespace default has these labels, so it has no endpoints; nearest is StatefulSet/web, whose pods have statefulset.kubernetes.io/pod-name=web-0…web-2 (not db-0)',
      );
      expect(message('web-0', statefulSet('\n  ordinals:\n    start: 1'))).toContain(
        'whose pods have statefulset.kubernetes.io/pod-name=web-1…web-3 (not web-0)',
      );
      expect(message('web-01')).toContain('(not web-01)');
    });

    it("selects by the hashes the Deployment, DaemonSet and StatefulSet controllers add, but a bare ReplicaSet's pods get none", () => {
      const deployment = workload(
        'Deployment',
        'web',
        `  selector:
    matchLabels:
      app: web
${podTemplate('        app: web')}`,
      );
      const daemonSet = workload(
        'DaemonSet',
        'agent',
        `  selector:
    matchLabels:
      app: agent
${podTemplate('        app: agent')}`,
      );
      const replicaSet = workload(
        'ReplicaSet',
        'web',
        `  selector:
    matchLabels:
      app: web
${podTemplate('        app: web')}`,
      );
      expect(
        findingsOf('orphan-service', docs(selecting('app: web\npod-template-hash: 5d4f8c7b9'), deployment)),
      ).toEqual([]);
      expect(findingsOf('orphan-service', docs(selecting('controller-revision-hash: 6b9c'), daemonSet))).toEqual([]);
      expect(findingsOf('orphan-service', docs(selecting('pod-template-generation: "3"'), daemonSet))).toEqual([]);
      expect(
        findingsOf('orphan-service', docs(selecting('app: web\ncontroller-revision-hash: web-6b9c'), statefulSet())),
      ).toEqual([]);
      expect(
        findingsOf('orphan-service', docs(selecting('app: web\npod-template-hash: 5d4f8c7b9'), replicaSet))[0]!.message,
      ).toContain('nearest is ReplicaSet/web, whose pods have no pod-template-hash label');
      expect(
        findingsOf('orphan-service', docs(selecting('app: agent\npod-template-hash: 5d4f8c7b9'), daemonSet)),
      ).toHaveLength(1);
    });

    it("selects an OpenShift DeploymentConfig's pods by deploymentconfig and deployment", () => {
      const config = workload(
        'DeploymentConfig',
        'frontend',
        `  replicas: 2
  selector:
    app: frontend
${podTemplate('        app: frontend')}`,
        'apps.openshift.io/v1',
      );
      expect(findingsOf('orphan-service', docs(selecting('deploymentconfig: frontend'), config))).toEqual([]);
      expect(endpointsOf(docs(selecting('deployment: frontend-3'), config))).toEqual([
        { workload: 'DeploymentConfig/frontend', replicas: 2 },
      ]);
      expect(findingsOf('orphan-service', docs(selecting('deploymentconfig: backend'), config))).toHaveLength(1);
    });
  });

  describe('LeaderWorkerSet', () => {
    const lws = (leader: boolean) => `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 2
  leaderWorkerTemplate:
    size: 4${
      leader
        ? `
    leaderTemplate:
      metadata:
        labels:
          role: leader
      spec:
        containers:
          - name: leader
            image: example/vllm:1.0
            ports:
              - name: api
                containerPort: 8000`
        : ''
    }
    workerTemplate:
      metadata:
        labels:
          app: vllm
      spec:
        containers:
          - name: worker
            image: example/vllm:1.0
            ports:
              - name: ray
                containerPort: 6379
`;
    const svc = (selector: string, targetPort: string) => `apiVersion: v1
kind: Service
metadata:
  name: vllm-leader
spec:
  selector:
${selector}
  ports:
    - port: 80
      targetPort: ${targetPort}
`;
    const endpointsOf = (yaml: string) =>
      lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints.map((e) => ({
        container: e.container,
        replicas: e.replicas,
      }));

    it("selects the leaders by name and worker-index 0, resolving targetPort against the leader template's containers", () => {
      const yaml = docs(
        svc(
          `    leaderworkerset.sigs.k8s.io/name: vllm
    leaderworkerset.sigs.k8s.io/worker-index: "0"`,
          'api',
        ),
        lws(true),
      );
      expect(lintYaml(yaml).findings).toEqual([]);
      expect(endpointsOf(yaml)).toEqual([{ container: 'leader', replicas: 2 }]);
    });

    it('counts groups × size pods, and one per group for a worker index', () => {
      const all = docs(svc('    leaderworkerset.sigs.k8s.io/name: vllm', '6379'), lws(false));
      expect(endpointsOf(all)).toEqual([{ container: 'worker', replicas: 8 }]);
      const second = docs(
        svc(
          `    app: vllm
    leaderworkerset.sigs.k8s.io/worker-index: "2"`,
          '6379',
        ),
        lws(true),
      );
      expect(endpointsOf(second)).toEqual([{ container: 'worker', replicas: 2 }]);
      const group = docs(
        svc(
          `    leaderworkerset.sigs.k8s.io/group-index: "1"
    leaderworkerset.sigs.k8s.io/name: vllm`,
          '6379',
        ),
        lws(true),
      );
      expect(endpointsOf(group)).toEqual([
        { container: 'worker', replicas: 3 },
        { container: null, replicas: 1 },
      ]);
      expect(
        findingsOf('orphan-service', docs(svc('    leaderworkerset.sigs.k8s.io/group-key: 9f1c', '6379'), lws(true))),
      ).toEqual([]);
    });

    it('reports a worker index beyond the group size and a name of another LeaderWorkerSet', () => {
      const beyond = findingsOf(
        'orphan-service',
        docs(
          svc(
            `    app: vllm
    leaderworkerset.sigs.k8s.io/worker-index: "4"`,
            'ray',
          ),
          lws(true),
        ),
      );
      expect(beyond[0]!.message).toContain(
        'nearest is LeaderWorkerSet/vllm, whose pods have leaderworkerset.sigs.k8s.io/worker-index=1…3 (not 4)',
      );
      expect(
        findingsOf('orphan-service', docs(svc('    leaderworkerset.sigs.k8s.io/name: sglang', 'ray'), lws(true))),
      ).toHaveLength(1);
    });

    it("reports a named targetPort that only the other template's containers declare", () => {
      const findings = lintYaml(docs(svc('    leaderworkerset.sigs.k8s.io/name: vllm', 'api'), lws(true))).findings;
      expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([['target-port-mismatch', 'error', 10]]);
    });
  });

  describe('pods an operator makes from a custom resource', () => {
    const cluster = `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: pg-main
spec:
  instances: 3
`;

    it('notes a Service whose selector value names a custom resource in its namespace, pointing at externalWorkloads', () => {
      const findings = findingsOf(
        'orphan-service',
        docs(
          service(`    cnpg.io/cluster: pg-main
    role: primary`),
          cluster,
        ),
      );
      expect(findings.map(brief)).toEqual([
        {
          ruleId: 'orphan-service',
          severity: 'note',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          path: 'spec.selector',
        },
      ]);
      expect(findings[0]!.message).toBe(
        "Service default/api selects cnpg.io/cluster=pg-main,role=primary, which no pod template in these files has; custom resource Cluster/pg-main (postgresql.cnpg.io/v1) in namespace default is named pg-main, as cnpg.io/cluster=pg-main is, so its pods likely come from an operator: declare them in the configuration's externalWorkloads to have this Service and its ports checked",
      );
      expect(findings[0]!.related).toEqual([
        {
          file: 'test.yaml',
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 16,
          message: 'custom resource Cluster/pg-main',
        },
      ]);
    });

    it('notes a selector key under a prefix no pod template uses and no Kubernetes controller sets, and a foreign managed-by', () => {
      const ray = findingsOf(
        'orphan-service',
        docs(service(`    ray.io/node-type: head`), deployment('web', '        app: web')),
      );
      expect(ray.map((f) => [f.severity, f.message])).toEqual([
        [
          'note',
          "Service default/api selects ray.io/node-type=head, which no pod template in these files has; no pod template in these files has a label under ray.io/, and no Kubernetes controller sets one, so its pods likely come from an operator: declare them in the configuration's externalWorkloads to have this Service and its ports checked",
        ],
      ]);
      const managed = findingsOf(
        'orphan-service',
        service(`    app.kubernetes.io/managed-by: percona-server-mongodb-operator
    app.kubernetes.io/instance: mongo`),
      );
      expect(managed[0]!.severity).toBe('note');
      expect(managed[0]!.message).toContain(
        'no pod template in these files has app.kubernetes.io/managed-by=percona-server-mongodb-operator',
      );
      expect(findingsOf('orphan-service', docs(service(`    ray.io/node-type: head`), cluster))[0]!.related).toEqual(
        [],
      );
    });

    it('is quiet once externalWorkloads declares the pods', () => {
      const externalWorkloads = {
        file: 'svclint.config.yaml',
        workloads: [
          { name: 'pg', namespace: null, labels: { 'cnpg.io/cluster': 'pg-main', role: 'primary' }, ports: null },
        ],
      };
      expect(
        findingsOf(
          'orphan-service',
          docs(
            service(`    cnpg.io/cluster: pg-main
    role: primary`),
            cluster,
          ),
          { externalWorkloads },
        ),
      ).toEqual([]);
    });

    it('still warns when the files explain the orphan: a typo of a pod template, a prefix the templates use, Kubernetes prefixes, Helm', () => {
      const typo = findingsOf(
        'orphan-service',
        docs(
          service(`    app: api-sever`),
          deployment('api', '        app: api-server'),
          cluster.replace('pg-main', 'api-sever'),
        ),
      );
      expect(typo.map((f) => f.severity)).toEqual(['warning']);
      expect(typo[0]!.message).toContain('did you mean app=api-server?');
      const usedPrefix = findingsOf(
        'orphan-service',
        docs(service(`    example.com/app: api`), deployment('web', '        example.com/app: web')),
      );
      expect(usedPrefix.map((f) => f.severity)).toEqual(['warning']);
      expect(findingsOf('orphan-service', service(`    app.kubernetes.io/name: api`)).map((f) => f.severity)).toEqual([
        'warning',
      ]);
      expect(
        findingsOf('orphan-service', service(`    app.kubernetes.io/managed-by: Helm`)).map((f) => f.severity),
      ).toEqual(['warning']);
      // A custom resource in another namespace is no evidence for this one.
      const elsewhere = cluster.replace('  name: pg-main', '  name: pg-main\n  namespace: data');
      expect(
        findingsOf('orphan-service', docs(service(`    cluster: pg-main`), elsewhere)).map((f) => f.severity),
      ).toEqual(['warning']);
    });
  });
});

describe('orphan-service and workloads the cluster rejects', () => {
  const web = (spec: string, head = 'apiVersion: apps/v1') => `${head}
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
${spec}`;
  const selectsWeb = service('    app: web');
  const messageOf = (deployment: string) =>
    findingsOf('orphan-service', docs(selectsWeb, deployment)).map((f) => f.message);
  const rejected = (why: string) => [
    `Service default/api selects app=web, but its only pods would come from Deployment/web, which the cluster rejects: ${why}, so it has no endpoints`,
  ];

  it('names why: duplicate container names, an invalid container port name', () => {
    expect(
      messageOf(
        web(
          '      containers:\n        - name: web\n          image: nginx:1.27\n      initContainers:\n        - name: web\n          image: busybox:1.36\n',
        ),
      ),
    ).toEqual(rejected('spec.template.spec.initContainers[0].name is invalid'));
    expect(
      messageOf(
        web(
          '      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - name: Http_Port\n              containerPort: 8080\n',
        ),
      ),
    ).toEqual(rejected('container web port name "Http_Port" is invalid'));
  });

  it('names why: a selector that does not match the template', () => {
    const mismatched = web('      containers:\n        - name: web\n          image: nginx:1.27\n').replace(
      'matchLabels:\n      app: web',
      'matchLabels:\n      app: web\n      tier: front',
    );
    expect(messageOf(mismatched)).toEqual(rejected('its selector does not match its pod template labels'));
  });

  it('keeps a workload whose container port name is a placeholder as a pod source', () => {
    expect(
      messageOf(
        web(
          '      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - name: ${PORT_NAME}\n              containerPort: 8080\n',
        ),
      ),
    ).toEqual([]);
  });
});
