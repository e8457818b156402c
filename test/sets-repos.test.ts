// The shared real repositories (../shared/repos, read-only), linted whole at their roots as a new user would: no
// error, and exactly the warnings their INDEX.md calls genuine, without a renderer and with one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRenderer } from '../src/sets/render.js';
import { cli } from './helpers.js';

const REPOS = path.resolve(import.meta.dirname, '../../shared/repos');
const renderer = findRenderer(process.env);

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The frontend names a Service only the optional shopping-assistant component adds: genuine, once per set that has it. */
const shoppingAssistant = (file: string, line: number) => ({
  ruleId: 'dns-reference',
  severity: 'warning',
  file,
  line,
  column: 21,
  endLine: line,
  endColumn: 45,
  message:
    'Deployment default/frontend container server env SHOPPING_ASSISTANT_SERVICE_ADDR names shoppingassistantservice:80, but there is no Service shoppingassistantservice in namespace default, so shoppingassistantservice.default.svc.cluster.local does not exist',
});

/**
 * The kustomize tests that combine the network-policies component (deny-all for Ingress and Egress, then one policy
 * per service) with google-cloud-operations: no policy admits the OpenTelemetry collector it adds, so the services'
 * traces to opentelemetrycollector:4317 are dropped. Genuine, as the components are written.
 */
const closedCollector = {
  ruleId: 'network-policy-blocks',
  severity: 'warning',
  file: 'kustomize/components/google-cloud-operations/otel-collector.yaml',
  line: 94,
  column: 11,
  endLine: 94,
  endColumn: 15,
  message:
    'Service default/opentelemetrycollector port 4317/TCP goes to Deployment/opentelemetrycollector port 4317, but NetworkPolicy default/deny-all isolates these pods for ingress and no ingress rule admits TCP 4317 from any peer, so no client can connect',
};

const GENUINE: Record<string, (typeof closedCollector)[]> = {
  podinfo: [],
  'microservices-demo': [
    shoppingAssistant('kubernetes-manifests/frontend.yaml', 84),
    shoppingAssistant('kustomize/base/frontend.yaml', 84),
    closedCollector,
    shoppingAssistant('release/kubernetes-manifests.yaml', 90),
  ],
  kustomize: [],
  'flux2-kustomize-helm-example': [],
};

/**
 * Only in the rendered builds: the spanner test kustomization deletes the redis-cart Deployment and Service
 * (`$patch: delete`) but keeps the network-policies component's redis-cart policy, which then selects no pod.
 */
const GENUINE_RENDERED: Record<string, (typeof closedCollector)[]> = {
  'microservices-demo': [
    {
      ruleId: 'network-policy-selector',
      severity: 'warning',
      file: 'kustomize/components/network-policies/network-policy-redis.yaml',
      line: 20,
      column: 3,
      endLine: 20,
      endColumn: 14,
      message:
        'NetworkPolicy default/redis-cart spec.podSelector app=redis-cart selects no pod template in namespace default, so the policy applies to no pod',
    },
  ],
};

const modes = [
  { name: '--render never', args: ['--render', 'never'], env: {} },
  ...(renderer ? [{ name: `rendered by ${renderer.name}`, args: [], env: { PATH: process.env.PATH } }] : []),
];

describe.skipIf(!existsSync(REPOS))('the shared repositories, linted at their roots', () => {
  describe.each(modes)('$name', ({ name, args, env }) => {
    it.each(Object.keys(GENUINE))('%s: no error, only the genuine warnings, no parse-error', async (repo) => {
      const started = performance.now();
      const run = await cli(['.', '-f', 'json', ...args], { cwd: path.join(REPOS, repo), env });
      const ms = performance.now() - started;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
      expect(
        findings
          .filter((f) => f.severity !== 'note')
          .map((f) => ({
            ruleId: f.ruleId,
            severity: f.severity,
            file: f.file,
            line: f.line,
            column: f.column,
            endLine: f.endLine,
            endColumn: f.endColumn,
            message: f.message,
          })),
      ).toEqual(
        // In report order: by file, then line.
        [...GENUINE[repo]!, ...(name === '--render never' ? [] : (GENUINE_RENDERED[repo] ?? []))].sort((a, b) =>
          a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line,
        ),
      );
      // Helm templates, patches and placeholders are never read as broken manifests, not even as notes.
      expect(findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
      expect(ms).toBeLessThan(15_000);
    });
  });
});
