// svclint reach: the JSON contract (schemas/reach.schema.json) and the other formats, on examples/broken's clinic.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const schema = JSON.parse(readFileSync(new URL('../schemas/reach.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const reach = (...args: string[]) =>
  cli(['reach', 'examples/broken/clinic.yaml', '--no-config', ...args], { cwd: repoRoot });

describe('svclint reach', () => {
  it('prints JSON that satisfies its schema, with a verdict and reason for every known call', async () => {
    const run = await reach('--format', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.policies).toBe(4);
    expect(
      report.calls.map(
        (c: {
          from: { name: string };
          to: { name: string };
          targetPort: number;
          via: string;
          allowed: boolean | null;
        }) => [c.from.name, c.to.name, c.targetPort, c.via, c.allowed],
      ),
    ).toEqual([
      ['reception', 'appointments', 8080, 'env APPOINTMENTS_URL', false],
      ['reminders', 'appointments', 8080, 'env APPOINTMENTS_URL', true],
    ]);
    expect(report.calls[0]).toMatchObject({
      service: { namespace: 'clinic', name: 'appointments', port: 80, protocol: 'TCP' },
      reason:
        'NetworkPolicies clinic/default-deny and clinic/appointments isolate the pods of Deployment/appointments for ingress and no ingress rule admits Deployment/reception on TCP 8080',
      file: 'examples/broken/clinic.yaml',
      line: 62,
      column: 29,
    });
    expect(report.calls[1].reason).toBe(
      'egress: allowed by NetworkPolicy clinic/reminders spec.egress[0]; ingress: allowed by NetworkPolicy clinic/appointments spec.ingress[0]',
    );
    expect(report.services).toEqual([
      {
        namespace: 'clinic',
        name: 'appointments',
        port: 80,
        protocol: 'TCP',
        isolated: true,
        allowedFrom: [
          'pods app.kubernetes.io/name=billing in clinic',
          'pods app.kubernetes.io/name=reminders in clinic',
        ],
      },
    ]);
  });

  it('prints text by default', async () => {
    const run = await reach();
    expect(run.stdout).toBe(`Services:
  clinic/appointments:80/TCP (isolated)
      ← pods app.kubernetes.io/name=billing in clinic
      ← pods app.kubernetes.io/name=reminders in clinic

Calls:
  blocked Deployment clinic/reception → Deployment clinic/appointments:8080 through Service clinic/appointments:80 (env APPOINTMENTS_URL, examples/broken/clinic.yaml:62:29)
          NetworkPolicies clinic/default-deny and clinic/appointments isolate the pods of Deployment/appointments for ingress and no ingress rule admits Deployment/reception on TCP 8080
  allowed Deployment clinic/reminders → Deployment clinic/appointments:8080 through Service clinic/appointments:80 (env APPOINTMENTS_URL, examples/broken/clinic.yaml:83:29)
          egress: allowed by NetworkPolicy clinic/reminders spec.egress[0]; ingress: allowed by NetworkPolicy clinic/appointments spec.ingress[0]
`);
  });

  it('draws Mermaid and dot graphs: allowed calls solid, blocked ones red and dashed', async () => {
    expect((await reach('--format', 'mermaid')).stdout).toBe(`flowchart LR
  n0["Deployment/reception (clinic)"]
  n1["Deployment/appointments (clinic)"]
  n2["Deployment/reminders (clinic)"]
  n0 -.->|8080 blocked| n1
  n2 -->|8080| n1
  linkStyle 0 stroke:#d00,stroke-dasharray:5 5
`);
    expect((await reach('--format', 'dot')).stdout).toBe(`digraph reach {
  rankdir=LR;
  node [shape=box];
  n0 [label="Deployment/reception (clinic)"];
  n1 [label="Deployment/appointments (clinic)"];
  n2 [label="Deployment/reminders (clinic)"];
  n0 -> n1 [label="8080 blocked", color=red, fontcolor=red, style=dashed];
  n2 -> n1 [label="8080"];
}
`);
    const markdown = (await reach('--format', 'markdown')).stdout;
    expect(markdown).toContain(
      '| clinic/appointments:80/TCP | yes | pods app.kubernetes.io/name=billing in clinic; pods app.kubernetes.io/name=reminders in clinic |',
    );
    expect(markdown).toContain(
      '| blocked | Deployment clinic/reception | Deployment clinic/appointments:8080 through Service clinic/appointments:80 | env APPOINTMENTS_URL | examples/broken/clinic.yaml:62 |',
    );
  });

  it('rejects the lint formats', async () => {
    const run = await reach('--format', 'sarif');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'svclint: --format sarif does not apply to svclint reach: it prints text, json, markdown, mermaid, dot (see svclint help reach)\n',
    );
  });
});
