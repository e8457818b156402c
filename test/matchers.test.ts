// The problem matchers (GitHub Actions matchers/svclint-compact.json and the VS Code tasks.json example) applied
// to real compact output: every line of the broken examples must come out with the right file, line, column,
// severity, message and rule id.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/lint-paths.js';
import { formatters } from '../src/report/index.js';
import { rules } from '../rules/index.js';
import { WATCH_BEGIN, WATCH_END } from '../src/cli/watch.js';
import type { Finding } from '../src/lint.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

interface Pattern {
  regexp: string;
  file?: number;
  line?: number;
  column?: number;
  severity?: number;
  message?: number;
  code?: number;
}

interface Matcher {
  owner: string;
  severity?: string;
  fileLocation?: unknown;
  pattern: Pattern | Pattern[];
  background?: { activeBegin?: boolean; beginsPattern: string; endsPattern: string };
}

interface Problem {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/** Applies a single-line matcher to a line as both runners do; the severity falls back to the matcher's default. */
function apply(
  matcher: Matcher,
  line: string,
  severityOf: (captured: string | undefined, fallback: string | undefined) => string | null,
): Problem | null {
  const patterns = Array.isArray(matcher.pattern) ? matcher.pattern : [matcher.pattern];
  expect(patterns).toHaveLength(1);
  const p = patterns[0]!;
  const m = new RegExp(p.regexp).exec(line);
  if (!m) return null;
  const group = (i: number | undefined) => (i === undefined ? undefined : m[i]);
  const severity = severityOf(group(p.severity), matcher.severity);
  if (severity === null) return null;
  return {
    file: group(p.file)!,
    line: Number(group(p.line)),
    column: Number(group(p.column)),
    severity,
    message: group(p.message)!,
    code: group(p.code)!,
  };
}

/** The Actions runner (OutputManager.ConvertToIssue): error, warning or notice, else the line is skipped. */
function actionsSeverity(captured: string | undefined, fallback: string | undefined): string | null {
  const value = (captured ?? fallback ?? 'error').toLowerCase();
  return ['error', 'warning', 'notice'].includes(value) ? value : null;
}

/** VS Code (ProblemMatcher.getMarkerSeverity): error, warning (warn), info; anything else takes the matcher's default. */
function vscodeSeverity(captured: string | undefined, fallback: string | undefined): string {
  const value = captured?.toLowerCase();
  if (value === 'error' || value === 'info') return value;
  if (value === 'warning' || value === 'warn') return 'warning';
  return fallback ?? 'error';
}

/** tasks.json is JSON with comments (here only whole-line // comments). */
function readJsonc(file: string): unknown {
  return JSON.parse(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*\/\//.test(l))
      .join('\n'),
  );
}

const actionsMatchers = (
  JSON.parse(readFileSync(path.join(repoRoot, 'matchers', 'svclint-compact.json'), 'utf8')) as {
    problemMatcher: Matcher[];
  }
).problemMatcher;
const tasks = (
  readJsonc(path.join(repoRoot, 'docs', 'integrations', 'vscode', 'tasks.json')) as {
    tasks: { label: string; args: string[]; isBackground?: boolean; problemMatcher: Matcher }[];
  }
).tasks;

const result = await lintPaths(['examples/broken'], { cwd: repoRoot });
const compact = formatters.compact(result, { color: false, toolVersion: '0.0.0' });
const lines = compact.trimEnd().split('\n');

describe('the compact output of examples/broken', () => {
  it('has every severity, so each matcher is exercised', () => {
    expect(new Set(result.findings.map((f) => f.severity))).toEqual(new Set(['error', 'warning', 'note']));
    expect(lines).toHaveLength(result.findings.length);
  });
});

function expected(f: Finding, severity: string): Problem {
  return { file: f.file, line: f.line, column: f.column, severity, message: f.message, code: f.ruleId };
}

describe('GitHub Actions matcher (matchers/svclint-compact.json)', () => {
  it('has unique owners and no VS Code-only keys', () => {
    expect(new Set(actionsMatchers.map((m) => m.owner)).size).toBe(actionsMatchers.length);
    for (const m of actionsMatchers) expect(m.fileLocation).toBeUndefined();
  });

  it('turns every line into exactly one annotation; note becomes notice', () => {
    lines.forEach((line, i) => {
      const problems = actionsMatchers.map((m) => apply(m, line, actionsSeverity)).filter((p) => p !== null);
      const f = result.findings[i]!;
      expect(problems, line).toEqual([expected(f, f.severity === 'note' ? 'notice' : f.severity)]);
    });
  });
});

describe('VS Code tasks.json example', () => {
  it('has a one-shot task and a background --watch task, both with --format compact', () => {
    expect(tasks.map((t) => t.label)).toEqual(['svclint', 'svclint: watch']);
    for (const t of tasks) expect(t.args.join(' ')).toContain('--format compact');
    expect(tasks[1]!.isBackground).toBe(true);
    expect(tasks[1]!.args).toContain('--watch');
  });

  for (const task of tasks) {
    it(`"${task.label}" matches every line; note takes the default severity info`, () => {
      expect(task.problemMatcher.fileLocation).toEqual(['relative', '${workspaceFolder}']);
      lines.forEach((line, i) => {
        const f = result.findings[i]!;
        expect(apply(task.problemMatcher, line, vscodeSeverity), line).toEqual(
          expected(f, f.severity === 'note' ? 'info' : f.severity),
        );
      });
    });
  }

  it('recognises the --watch begin and end lines, and neither is taken for a problem', () => {
    const background = tasks[1]!.problemMatcher.background!;
    const begin = WATCH_BEGIN;
    const end = `${WATCH_END}: 15 errors, 4 warnings, 1 note in 20 files; watching for changes (Ctrl-C to stop)`;
    expect(new RegExp(background.beginsPattern).test(begin)).toBe(true);
    expect(new RegExp(background.endsPattern).test(end)).toBe(true);
    expect(new RegExp(background.beginsPattern).test(end)).toBe(false);
    expect(new RegExp(background.endsPattern).test(begin)).toBe(false);
    for (const line of lines) {
      expect(new RegExp(background.beginsPattern).test(line) || new RegExp(background.endsPattern).test(line)).toBe(
        false,
      );
    }
    for (const m of [...actionsMatchers, ...tasks.map((t) => t.problemMatcher)]) {
      expect(apply(m, begin, () => 'error')).toBeNull();
      expect(apply(m, end, () => 'error')).toBeNull();
    }
  });
});

describe('edge cases of the compact layout', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    ruleId: 'orphan-service',
    severity: 'warning',
    message: 'm',
    file: 'k8s/a.yaml',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    object: null,
    path: null,
    related: [],
    ...over,
  });

  it('keeps brackets, colons and "error:" inside messages, and odd file names', () => {
    const odd = [
      finding({ message: 'selector [app=web] matches nothing: see k8s/b.yaml:4:1: error: [x]' }),
      finding({ file: 'dir with spaces/a:b.yaml', severity: 'error', message: 'x  y' }),
      finding({ file: '-', severity: 'note', line: 120, column: 33, message: 'from standard input' }),
    ];
    const text = formatters.compact({ ...result, findings: odd }, { color: false, toolVersion: '0.0.0' });
    text
      .trimEnd()
      .split('\n')
      .forEach((line, i) => {
        const f = odd[i]!;
        const vscode = apply(tasks[0]!.problemMatcher, line, vscodeSeverity);
        expect(vscode, line).toEqual(expected(f, f.severity === 'note' ? 'info' : f.severity));
        const actions = actionsMatchers.map((m) => apply(m, line, actionsSeverity)).filter((p) => p !== null);
        expect(actions, line).toEqual([expected(f, f.severity === 'note' ? 'notice' : f.severity)]);
      });
  });

  it('captures every registered rule id as the code', () => {
    for (const rule of rules) {
      const line = `a.yaml:1:1: error: m [${rule.meta.id}]`;
      expect(apply(actionsMatchers[0]!, line, actionsSeverity)?.code, rule.meta.id).toBe(rule.meta.id);
    }
  });
});

describe('README', () => {
  it('shows the VS Code matcher of the example file', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const matcher = tasks[1]!.problemMatcher;
    const pattern = matcher.pattern as Pattern;
    expect(readme).toContain(`"regexp": ${JSON.stringify(pattern.regexp)}`);
    expect(readme).toContain(`"beginsPattern": ${JSON.stringify(matcher.background!.beginsPattern)}`);
    expect(readme).toContain(`"endsPattern": ${JSON.stringify(matcher.background!.endsPattern)}`);
    expect(readme).toContain('echo "::add-matcher::');
  });
});
