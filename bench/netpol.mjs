// NetworkPolicy analysis at scale: writes W workloads (each a Deployment and a Service, calling another app by name)
// and P NetworkPolicies over 10 namespaces (a default deny per namespace, then policies admitting callers by label,
// some by namespace), lints them with TIMING=all and prints how much of the run the NetworkPolicy rules take.
//
//   node bench/netpol.mjs [--workloads 10000] [--policies 1000]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const workloads = arg('workloads', 10000);
const policies = arg('policies', 1000);
const namespaces = Array.from({ length: 10 }, (_, i) => `team-${i}`);
const dir = path.join(ROOT, 'bench', '.out', `netpol-${workloads}-${policies}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const app = (i) => {
  const ns = namespaces[i % namespaces.length];
  const callee = `app-${(i * 7 + 3) % workloads}`;
  const calleeNs = namespaces[((i * 7 + 3) % workloads) % namespaces.length];
  return `---
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  selector:
    app: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
        tier: t${i % 20}
    spec:
      containers:
        - name: app
          image: example/app:1.0
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: UPSTREAM_URL
              value: http://${callee}.${calleeNs}:80
`;
};

const policy = (j) => {
  const ns = namespaces[j % namespaces.length];
  if (j < namespaces.length)
    return `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-${j}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      tier: t${j % 20}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tier: t${(j * 3) % 20}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ${namespaces[(j + 1) % namespaces.length]}
      ports:
        - port: http
`;
};

for (let f = 0; f * 100 < workloads; f++) {
  const parts = [];
  for (let i = f * 100; i < Math.min(workloads, (f + 1) * 100); i++) parts.push(app(i));
  writeFileSync(path.join(dir, `apps-${String(f).padStart(4, '0')}.yaml`), parts.join(''));
}
writeFileSync(path.join(dir, 'policies.yaml'), Array.from({ length: policies }, (_, j) => policy(j)).join(''));

const started = performance.now();
const run = spawnSync(
  process.execPath,
  [
    path.join(ROOT, 'dist/cli/svclint.js'),
    dir,
    '--no-config',
    '--format',
    'compact',
    '-o',
    path.join(dir, '..', 'netpol-report.txt'),
  ],
  {
    env: { ...process.env, TIMING: 'all' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  },
);
const total = performance.now() - started;
const out = run.stderr;
const rows = out.split('\n');
const ms = (pattern) =>
  rows
    .filter((r) => pattern.test(r))
    .reduce((sum, r) => sum + Number(/([\d.]+)\s*ms/.exec(r)?.[1] ?? /\|\s*([\d.]+)/.exec(r)?.[1] ?? 0), 0);
const netpol = ms(/network-policy-/);
console.log(out.trim());
console.log(
  `\n${workloads} workloads, ${policies} NetworkPolicies: run ${(total / 1000).toFixed(2)} s, NetworkPolicy rules (analysis included) ${(netpol / 1000).toFixed(2)} s = ${((100 * netpol) / total).toFixed(1)}% of the run`,
);
