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
  ruleId: 'dns-reference', severity: 'warning', file, line, column: 21, endLine: line, endColumn: 45,
  message: 'Deployment default/frontend container server env SHOPPING_ASSISTANT_SERVICE_ADDR names shoppingassistantservice:80, but there is no Service shoppingassistantservice in namespace default, so shoppingassistantservice.default.svc.cluster.local does not exist',
});

const GENUINE: Record<string, ReturnType<typeof shoppingAssistant>[]> = {
  podinfo: [],
  'microservices-demo': [
    shoppingAssistant('kubernetes-manifests/frontend.yaml', 84),
    shoppingAssistant('kustomize/base/frontend.yaml', 84),
    shoppingAssistant('release/kubernetes-manifests.yaml', 90),
  ],
  kustomize: [],
  'flux2-kustomize-helm-example': [],
};

const modes = [
  { name: '--render never', args: ['--render', 'never'], env: {} },
  ...(renderer ? [{ name: `rendered by ${renderer.name}`, args: [], env: { PATH: process.env.PATH } }] : []),
];

describe.skipIf(!existsSync(REPOS))('the shared repositories, linted at their roots', () => {
  describe.each(modes)('$name', ({ args, env }) => {
    it.each(Object.keys(GENUINE))('%s: no error, only the genuine warnings, no parse-error', async (repo) => {
      const started = performance.now();
      const run = await cli(['.', '-f', 'json', ...args], { cwd: path.join(REPOS, repo), env });
      const ms = performance.now() - started;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
      expect(findings.filter((f) => f.severity !== 'note').map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, message: f.message }))).toEqual(GENUINE[repo]);
      // Helm templates, patches and placeholders are never read as broken manifests, not even as notes.
      expect(findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
      expect(ms).toBeLessThan(15_000);
    });
  });
});
