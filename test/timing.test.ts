// TIMING=1 (as in ESLint): the time of each stage and of the slowest rules, on standard error.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { formatTimings, timingRows } from '../src/report/timing.js';
import { cli, lint } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('TIMING values', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['1', 10],
    ['true', 10],
    ['5', 10],
    ['25', 25],
    ['all', Number.POSITIVE_INFINITY],
    ['ALL', Number.POSITIVE_INFINITY],
  ])('TIMING=%j lists %s rules', (value, rows) => {
    expect(timingRows(value)).toBe(rows);
  });
});

describe('the table', () => {
  it('lists the stages in order, then the slowest rules first, and sums up the rest', () => {
    const table = formatTimings(
      [
        { kind: 'stage', name: 'read and model 2 files (1 thread)', ms: 60 },
        { kind: 'stage', name: 'analysis', ms: 10 },
        { kind: 'rule', name: 'port-name', ms: 5 },
        { kind: 'rule', name: 'dns-reference', ms: 20 },
        { kind: 'rule', name: 'schema', ms: 2 },
        { kind: 'rule', name: 'parse-error', ms: 3 },
      ],
      2,
    );
    expect(table).toBe(
      [
        'Stage or rule                     | Time (ms) | Relative',
        ':---------------------------------|----------:|--------:',
        'read and model 2 files (1 thread) |    60.000 |    60.0%',
        'analysis                          |    10.000 |    10.0%',
        'rule dns-reference                |    20.000 |    20.0%',
        'rule port-name                    |     5.000 |     5.0%',
        '2 other rules                     |     5.000 |     5.0%',
        '',
      ].join('\n'),
    );
  });
});

describe('lintSources and lintPaths with timing', () => {
  it('time analysis, every rule in the order it ran, and the suppressions; nothing without the option', () => {
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
    const timed = lint(yaml, { timing: true });
    expect(timed.timings!.map((t) => `${t.kind} ${t.name}`)).toEqual([
      'stage analysis',
      ...rules.map((r) => `rule ${r.meta.id}`),
      'stage suppressions',
    ]);
    expect(timed.timings!.every((t) => t.ms >= 0)).toBe(true);
    expect(lint(yaml).timings).toBeUndefined();
    expect(timed.findings).toEqual(lint(yaml).findings);
  });
});

describe('the CLI with TIMING', () => {
  it('prints the table on standard error and leaves the report on standard output as it was', async () => {
    const plain = await cli(['-f', 'json', 'examples/broken'], { cwd: repoRoot });
    const timed = await cli(['-f', 'json', 'examples/broken'], { cwd: repoRoot, env: { TIMING: '1' } });
    expect({ code: timed.code, stdout: timed.stdout }).toEqual({ code: plain.code, stdout: plain.stdout });
    const lines = timed.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^Stage or rule +\| Time \(ms\) \| Relative$/),
      expect.stringMatching(/^:-+\|-+:\|-+:$/),
    ]);
    expect(lines.slice(2, 6).map((l) => l.split(' | ')[0]!.trim())).toEqual([
      `read and model ${plain.stdout ? JSON.parse(plain.stdout).summary.files : 0} files (1 thread)`,
      'analysis',
      'suppressions',
      'report (json)',
    ]);
    // Ten rules, then the others summed up.
    expect(lines.slice(6, 16).every((l) => l.startsWith('rule '))).toBe(true);
    expect(lines[16]).toMatch(new RegExp(`^${rules.length - 10} other rules +\\| +\\d+\\.\\d{3} \\| +\\d+\\.\\d%$`));
    expect(lines).toHaveLength(17);
  });

  it('TIMING=all lists every rule', async () => {
    const run = await cli(['-f', 'compact', 'examples/clean'], { cwd: repoRoot, env: { TIMING: 'all' } });
    const listed = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('rule '))
      .map((l) => l.slice(5).split(' ')[0]);
    expect(listed.sort()).toEqual(rules.map((r) => r.meta.id).sort());
  });
});
