// --format sarif: valid SARIF 2.1.0 (the official OASIS schema, and sarif-multitool's SARIF and GitHub rules), the
// shape GitHub code scanning needs, URI encoding, and fingerprints that survive moved lines.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintSources, type LintResult } from '../src/lint.js';
import { lintPaths } from '../src/lint-paths.js';
import { at, defineRule } from '../src/rule.js';
import { formatters } from '../src/report/index.js';
import { artifactLocation, FINGERPRINT_KEY, findingFingerprints, pascalCase } from '../src/report/sarif.js';
import { formatGitlab } from '../src/report/gitlab.js';
import { rules } from '../rules/index.js';
import { docs, writeFixture, type TempDir } from './helpers.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const context = { color: false, toolVersion: '1.2.3' };

const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
const sarifSchema = JSON.parse(readFileSync(new URL('../schemas/sarif-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

function sarif(result: LintResult): Log {
  return JSON.parse(formatters.sarif(result, context)) as Log;
}

function expectValid(log: unknown): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
}

const WEB = docs(
  `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: admin
      port: 81
      targetPort: admin`,
  `apiVersion: apps/v1
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
    spec:
      containers:
        - name: app
          image: example/web:1.0
          ports:
            - name: web
              containerPort: 8080`,
  `apiVersion: v1
kind: Service
metadata:
  name: lonely
  namespace: shop
spec:
  selector:
    app: nobody
  ports:
    - port: 80`,
);

describe('the vendored schema', () => {
  it('is the official OASIS SARIF 2.1.0 schema (errata 01)', () => {
    expect(sarifSchema.id).toBe(
      'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    );
    expect(sarifSchema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(readFileSync(new URL('../schemas/sarif-2.1.0.json', import.meta.url), 'utf8')).toHaveLength(112768);
  });

  it('is enforced: a result at line 0 fails validation', () => {
    const log = sarif(lint());
    (log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region as { startLine: number }).startLine = 0;
    expect(validateSarif(log)).toBe(false);
  });
});

function lint(text = WEB, displayPath = 'k8s/web.yaml'): LintResult {
  return lintSources([{ displayPath, text }]);
}

describe('SARIF for examples/broken', () => {
  let log: Log;
  let result: LintResult;
  beforeAll(async () => {
    result = await lintPaths(['examples/broken'], { cwd: repoRoot });
    log = sarif(result);
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    expectValid(log);
  });

  it('has the tool, every rule in a stable order, the category, and one result per finding', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const driver = run.tool.driver;
    expect(driver).toMatchObject({
      name: 'svclint',
      version: '1.2.3',
      semanticVersion: '1.2.3',
      informationUri: 'https://github.com/svclint/svclint',
    });
    expect(driver.rules!.map((r) => r.id)).toEqual(rules.map((r) => r.meta.id));
    expect(run.automationDetails).toEqual({ id: 'svclint/' });
    expect(run.results).toHaveLength(result.findings.length);
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it('describes each rule: name, descriptions, help with the docs link, level, tags and precision', () => {
    for (const [i, descriptor] of log.runs[0]!.tool.driver.rules!.entries()) {
      const meta = rules[i]!.meta;
      expect(descriptor.id).toBe(meta.id);
      // PascalCase of the id, or none where that would only differ in case (SARIF1001).
      if (pascalCase(meta.id).toLowerCase() === meta.id.toLowerCase()) expect(descriptor.name).toBeUndefined();
      else expect(descriptor.name).toBe(pascalCase(meta.id));
      expect(descriptor.shortDescription?.text).toBe(meta.description);
      expect(descriptor.fullDescription?.markdown).toBe(meta.rationale.trim());
      expect(descriptor.fullDescription?.text).not.toMatch(/`|\*\*/);
      expect(descriptor.helpUri).toBe(meta.url);
      expect(descriptor.help?.text).toContain(meta.url);
      expect(descriptor.help?.markdown).toContain(`](${meta.url})`);
      expect(descriptor.defaultConfiguration?.level).toBe(meta.severity);
      expect(descriptor.properties?.tags).toContain('kubernetes');
      expect(descriptor.properties?.tags).not.toContain('security');
      expect(['very-high', 'high', 'medium', 'low']).toContain(descriptor.properties?.precision);
    }
  });

  it('gives each result its rule index, level, message, a 1-based region, related locations and a fingerprint', () => {
    const run = log.runs[0]!;
    for (const [i, r] of run.results!.entries()) {
      const f = result.findings[i]!;
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r).toMatchObject({ ruleId: f.ruleId, level: f.severity, message: { text: f.message } });
      expect(r.locations).toEqual([
        {
          physicalLocation: {
            artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ]);
      expect(r.relatedLocations ?? []).toEqual(
        f.related.map((rel, j) => ({
          id: j + 1,
          physicalLocation: {
            artifactLocation: { uri: rel.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: rel.line, startColumn: rel.column, endLine: rel.endLine, endColumn: rel.endColumn },
          },
          message: { text: rel.message },
        })),
      );
      expect(r.partialFingerprints![FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
    }
    const fingerprints = run.results!.map((r) => r.partialFingerprints![FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(run.results!.some((r) => (r.relatedLocations?.length ?? 0) > 0)).toBe(true);
  });
});

describe('an empty result', () => {
  it('still has the rules and an empty results array, and validates', () => {
    const log = sarif(lintSources([]));
    expectValid(log);
    expect(log.runs[0]!.results).toEqual([]);
    expect(formatters.sarif(lintSources([]), context)).toContain('"results": []');
    expect(log.runs[0]!.tool.driver.rules).toHaveLength(rules.length);
  });

  it('is the same for clean input', () => {
    const log = sarif(
      lintSources([{ displayPath: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' }]),
    );
    expectValid(log);
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('artifact locations', () => {
  it('percent-encodes what a URI cannot carry, segment by segment', () => {
    expect(artifactLocation('k8s/web.yaml')).toEqual({ uri: 'k8s/web.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('my dir/a#b?.yaml').uri).toBe('my%20dir/a%23b%3F.yaml');
    expect(artifactLocation('100%/x.yaml').uri).toBe('100%25/x.yaml');
    expect(artifactLocation('déploiement/web.yaml').uri).toBe('d%C3%A9ploiement/web.yaml');
    // A colon would make the first segment read as a URI scheme.
    expect(artifactLocation('c:d/web.yaml').uri).toBe('c%3Ad/web.yaml');
    // Characters a path segment may hold stay readable.
    expect(artifactLocation("a+b/c@d/e=f,g;h$i&j!k'l(m)n*o~p_q.r-s.yaml").uri).toBe(
      "a+b/c@d/e=f,g;h$i&j!k'l(m)n*o~p_q.r-s.yaml",
    );
    expect(artifactLocation('../shared/web.yaml')).toEqual({ uri: '../shared/web.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('gives standard input the uri "stdin", without a base, described as standard input', () => {
    expect(artifactLocation('-')).toEqual({ uri: 'stdin', description: { text: 'standard input' } });
  });

  it('makes a file URI of a path on another drive (Windows)', () => {
    expect(artifactLocation('D:/k8s/my app.yaml')).toEqual({ uri: 'file:///D:/k8s/my%20app.yaml' });
  });

  it('keeps the whole log valid with such paths', () => {
    const result = lintSources([
      { displayPath: 'my dir/a#b.yaml', text: WEB },
      { displayPath: 'ünï cödé/ä.yaml', text: WEB },
      { displayPath: '-', text: WEB },
    ]);
    const log = sarif(result);
    expectValid(log);
    const uris = new Set(log.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri));
    expect([...uris].sort()).toEqual(
      ['my%20dir/a%23b.yaml', 'stdin', '%C3%BCn%C3%AF%20c%C3%B6d%C3%A9/%C3%A4.yaml'].sort(),
    );
  });
});

describe('rules that are not svclint’s own', () => {
  it('are appended after svclint’s rules so that every result has a valid ruleIndex', () => {
    const custom = defineRule({
      meta: {
        id: 'my-team-rule',
        severity: 'note',
        description: 'Notes ConfigMaps.',
        rationale: 'For tests.',
        examples: { valid: [], invalid: [] },
      },
      check({ model, report }) {
        for (const o of model.objects)
          if (o.kind === 'ConfigMap') report(at(o, o.nameRange, 'metadata.name', `ConfigMap ${o.name} is noted`));
      },
    });
    const result = lintSources(
      [{ displayPath: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' }],
      { rules: [custom] },
    );
    const log = sarif(result);
    expectValid(log);
    const driverRules = log.runs[0]!.tool.driver.rules!;
    expect(driverRules).toHaveLength(rules.length + 1);
    expect(driverRules.at(-1)).toMatchObject({ id: 'my-team-rule', name: 'MyTeamRule' });
    expect(log.runs[0]!.results![0]).toMatchObject({ ruleId: 'my-team-rule', ruleIndex: rules.length, level: 'note' });
  });
});

describe('fingerprints', () => {
  const fingerprintsOf = (log: Log) =>
    log.runs[0]!.results!.map((r: Result) => r.partialFingerprints![FINGERPRINT_KEY]);
  const regionsOf = (log: Log) =>
    log.runs[0]!.results!.map((r: Result) => r.locations![0]!.physicalLocation!.region!.startLine);

  it('stay the same when lines are inserted above and between the findings', () => {
    const before = sarif(lint());
    const moved = WEB.replace(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely',
      '\n\n# a comment\n\napiVersion: v1\nkind: Service\nmetadata:\n  name: lonely',
    );
    const after = sarif(lint(`# header\n\n\n${moved}`));
    expect(before.runs[0]!.results!.length).toBeGreaterThanOrEqual(2);
    expect(regionsOf(after)).not.toEqual(regionsOf(before));
    expect(fingerprintsOf(after)).toEqual(fingerprintsOf(before));
    // GitLab's report uses the same ones.
    const gitlab = (text: string) =>
      (JSON.parse(formatGitlab(lint(text))) as { fingerprint: string }[]).map((i) => i.fingerprint);
    expect(gitlab(`# header\n\n\n${moved}`)).toEqual(fingerprintsOf(before));
  });

  it('stay the same when the objects are reordered within the file', () => {
    const [service, deployment, lonely] = WEB.split('---\n');
    const before = sarif(lint());
    const after = sarif(lint(docs(lonely!, deployment!, service!)));
    expect([...fingerprintsOf(after)].sort()).toEqual([...fingerprintsOf(before)].sort());
  });

  it('differ for different findings: another port, another object, another file', () => {
    const log = sarif(lint());
    const fingerprints = fingerprintsOf(log);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    const otherFile = fingerprintsOf(sarif(lint(WEB, 'k8s/copy.yaml')));
    for (const f of otherFile) expect(fingerprints).not.toContain(f);
    const renamed = fingerprintsOf(sarif(lint(WEB.replaceAll('name: lonely', 'name: alone'))));
    expect(renamed.filter((f) => !fingerprints.includes(f))).toHaveLength(1);
  });

  it('do not depend on the message of an object’s finding, nor on its apiVersion', () => {
    const base = {
      ruleId: 'target-port-mismatch',
      severity: 'error' as const,
      file: 'a.yaml',
      path: 'spec.ports[0].targetPort',
      related: [],
    };
    const object = { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' };
    const [a, b, c] = findingFingerprints([
      {
        ...base,
        object,
        message: 'no container port named "http" (its ports: web:8080/TCP)',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 5,
      },
    ]).concat(
      findingFingerprints([
        {
          ...base,
          object: { ...object, apiVersion: 'v2' },
          message: 'reworded (its ports: web:8080/TCP, metrics:9100/TCP)',
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 9,
        },
      ]),
      findingFingerprints([
        {
          ...base,
          object: { ...object, namespace: 'other' },
          message: 'x',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 5,
        },
      ]),
    );
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('tell apart several findings of one rule at one node by their order there (":2", ":3")', () => {
    const base = {
      ruleId: 'env-var-order',
      severity: 'warning' as const,
      file: 'a.yaml',
      path: 'spec.containers[0].env[1].value',
      related: [],
    };
    const object = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' };
    const prints = findingFingerprints([
      { ...base, object, message: '$(A) is not defined', line: 3, column: 10, endLine: 3, endColumn: 14 },
      { ...base, object, message: '$(B) is not defined', line: 3, column: 20, endLine: 3, endColumn: 24 },
    ]);
    expect(prints[1]).toBe(`${prints[0]}:2`);
  });

  it('number findings that are identical in everything but position (":2", ":3")', () => {
    const base = {
      ruleId: 'parse-error',
      severity: 'error' as const,
      message: 'YAML syntax error: bad',
      file: 'a.yaml',
      object: null,
      path: null,
      related: [],
    };
    const prints = findingFingerprints([
      { ...base, line: 1, column: 1, endLine: 1, endColumn: 2 },
      { ...base, line: 5, column: 1, endLine: 5, endColumn: 2 },
      { ...base, message: 'other', line: 6, column: 1, endLine: 6, endColumn: 2 },
      { ...base, line: 9, column: 1, endLine: 9, endColumn: 2 },
    ]);
    expect(prints[1]).toBe(`${prints[0]}:2`);
    expect(prints[3]).toBe(`${prints[0]}:3`);
    expect(prints[2]).not.toContain(':');
  });

  it('ignore line and column numbers in a message', () => {
    const base = {
      ruleId: 'parse-error',
      severity: 'error' as const,
      file: 'a.yaml',
      object: null,
      path: null,
      related: [],
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    };
    const [a, b] = findingFingerprints([
      { ...base, message: 'bad at line 3, column 7' },
      { ...base, message: 'bad at line 9, column 1' },
    ]);
    expect(b).toBe(`${a}:2`);
  });
});

describe('pascalCase', () => {
  it('turns a kebab-case id into a name', () => {
    expect(pascalCase('target-port-mismatch')).toBe('TargetPortMismatch');
    expect(pascalCase('dns-name')).toBe('DnsName');
    expect(pascalCase('schema')).toBe('Schema');
  });
});

/** sarif-multitool's binary for this platform, or why it cannot run here. */
function multitool(): { binary: string } | { reason: string } {
  let binary: string;
  try {
    binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  } catch (error) {
    return {
      reason: `@microsoft/sarif-multitool has no package for ${process.platform}/${process.arch}: ${(error as Error).message}`,
    };
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.error) return { reason: `${binary} cannot run: ${probe.error.message}` };
  if (probe.status !== 0)
    return { reason: `${binary} --version exited ${probe.status}: ${probe.stderr || probe.stdout}` };
  return { binary };
}

describe('@microsoft/sarif-multitool validate --rule-kind "Sarif;Ghas"', () => {
  let fixture: TempDir;
  beforeAll(() => {
    // SARIF2006 (UrisShouldBeReachable) fetches every URI in the log; tests do not use the network.
    fixture = writeFixture({
      'policy.xml': `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`,
    });
  });
  afterAll(() => fixture.remove());

  /** Validates a log; returns the validator's results at warning level and above, as "RULE: message" lines. */
  function validate(name: string, text: string, binary: string): string[] {
    writeFileSync(fixture.path(name), text);
    const out = fixture.path(`${name}.validation.sarif`);
    const run = spawnSync(
      binary,
      // The file first: options that take lists (--log, --level) would swallow it.
      [
        'validate',
        fixture.path(name),
        '--rule-kind',
        'Sarif;Ghas',
        '--config',
        fixture.path('policy.xml'),
        '--output',
        out,
      ],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
    );
    expect(run.error).toBeUndefined();
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Log;
    const run0 = report.runs[0]!;
    expect(run0.invocations?.[0]?.executionSuccessful, run.stdout + run.stderr).toBe(true);
    return (run0.results ?? [])
      .filter((r) => r.level === undefined || r.level === 'error' || r.level === 'warning')
      .map((r) => `${r.ruleId}: ${r.message.text ?? JSON.stringify(r.message)}`);
  }

  it('reports nothing at warning or error level for examples/broken, an empty result, odd paths and stdin', async (ctx) => {
    const tool = multitool();
    if ('reason' in tool) {
      console.warn(`skipping the sarif-multitool check: ${tool.reason}`);
      ctx.skip(tool.reason);
      return;
    }
    const broken = await lintPaths(['examples/broken'], { cwd: repoRoot });
    expect(validate('broken.sarif', formatters.sarif(broken, context), tool.binary)).toEqual([]);
    expect(validate('empty.sarif', formatters.sarif(lintSources([]), context), tool.binary)).toEqual([]);
    // Encoded paths and standard input.
    const odd = lintSources([
      { displayPath: 'my dir/a#b.yaml', text: WEB },
      { displayPath: 'ünï/ä.yaml', text: WEB },
      { displayPath: '-', text: WEB },
    ]);
    expect(validate('odd.sarif', formatters.sarif(odd, context), tool.binary)).toEqual([]);
  });
});
