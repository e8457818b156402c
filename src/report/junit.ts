// JUnit XML for CI test reports (GitLab, Jenkins, GitHub test-report actions).
//
// Layout: one <testsuite> per input file (in path order), one <testcase> per Kubernetes object of the file (in file
// order; name "Kind namespace/name", classname the file path without its extension, file the path), plus one
// testcase named "(file)" for the findings that belong to no object (parse errors). Each finding is a <failure>
// with type = rule id and message = the finding's message; an object without findings is a passing testcase.
// tests counts testcases and failures counts the failing ones (a testcase may hold several <failure>s), so
// failures <= tests at every level.
import type { Finding, LintResult } from '../lint.js';
import type { ObjectRef } from '../model/types.js';
import { compareText } from '../strings.js';
import { rules } from '../../rules/index.js';
import { STDIN_NAME } from './sarif.js';

const FILE_CASE = '(file)';

interface TestCase {
  name: string;
  failures: Finding[];
}

interface TestSuite {
  file: string;
  cases: Map<string, TestCase>;
}

/** Characters XML 1.0 cannot carry even as references: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what XML cannot carry
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function replaceNonXml(text: string): string {
  return text.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Escapes element text. */
export function escapeXmlText(text: string): string {
  return replaceNonXml(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); tab, LF and CR as references so that parsers keep them. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

function shownPath(file: string): string {
  return file === '-' ? STDIN_NAME : file;
}

function objectKey(o: ObjectRef): string {
  return JSON.stringify([o.apiVersion, o.kind, o.namespace, o.name]);
}

function objectName(o: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind} ${o.namespace === null ? o.name : `${o.namespace}/${o.name}`}`;
}

function failureBody(f: Finding, docs: Map<string, string>): string {
  const lines = [
    `${f.severity} at ${shownPath(f.file)}:${f.line}:${f.column}${f.path ? ` (${f.path})` : ''}`,
    f.message,
  ];
  for (const r of f.related) lines.push(`related: ${shownPath(r.file)}:${r.line}:${r.column}: ${r.message}`);
  const url = docs.get(f.ruleId);
  lines.push(`rule: ${f.ruleId}${url ? ` ${url}` : ''}`);
  return lines.join('\n');
}

export function formatJunit(result: LintResult): string {
  const suites = new Map<string, TestSuite>();
  const suite = (file: string) => {
    let s = suites.get(file);
    if (!s) suites.set(file, (s = { file, cases: new Map() }));
    return s;
  };
  // Every file, and every object in it, in file order: objects without findings are passing testcases.
  for (const file of result.model.files) suite(file.path);
  for (const o of result.model.objects) {
    const s = suite(result.model.files[o.fileId]!.path);
    const key = objectKey(o);
    if (!s.cases.has(key)) s.cases.set(key, { name: objectName(o), failures: [] });
  }
  for (const f of result.findings) {
    const s = suite(f.file);
    const key = f.object ? objectKey(f.object) : FILE_CASE;
    let c = s.cases.get(key);
    if (!c) {
      c = { name: f.object ? objectName(f.object) : FILE_CASE, failures: [] };
      // The file's own testcase comes first, before its objects.
      if (key === FILE_CASE) s.cases = new Map([[key, c], ...s.cases]);
      else s.cases.set(key, c);
    }
    c.failures.push(f);
  }

  const docs = new Map(rules.map((r) => [r.meta.id, r.meta.url]));
  const ordered = [...suites.values()].sort((a, b) => compareText(a.file, b.file));
  let totalTests = 0;
  let totalFailures = 0;
  const body: string[] = [];
  for (const s of ordered) {
    const cases = [...s.cases.values()];
    const failing = cases.filter((c) => c.failures.length > 0).length;
    totalTests += cases.length;
    totalFailures += failing;
    const path = shownPath(s.file);
    const classname = path.replace(/\.ya?ml$/i, '');
    body.push(
      `  <testsuite${attributes({ name: path, tests: cases.length, failures: failing, errors: 0, skipped: 0, time: 0 })}>`,
    );
    for (const c of cases) {
      const open = `    <testcase${attributes({ name: c.name, classname, file: path, time: 0 })}`;
      if (c.failures.length === 0) {
        body.push(`${open}/>`);
        continue;
      }
      body.push(`${open}>`);
      for (const f of c.failures) {
        body.push(
          `      <failure${attributes({ type: f.ruleId, message: f.message })}>${escapeXmlText(failureBody(f, docs))}</failure>`,
        );
      }
      body.push('    </testcase>');
    }
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'svclint', tests: totalTests, failures: totalFailures, errors: 0, skipped: 0, time: 0 })}>`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
