// Applies comment directives and svclint.dev/ignore annotations to the rules' findings, and reports problems with
// them (and, when asked, the ones that suppressed nothing) as findings of the suppression rule.
import type { Finding } from '../lint.js';
import type { Model } from '../model/build.js';
import { qualifiedName } from '../model/describe.js';
import { positionAt, spanOf } from '../position/positions.js';
import type { ManifestObject, ObjectRef, SourceFile } from '../model/types.js';
import { rangeEnd, rangeStart, type Range } from '../position/range.js';
import type { Report, Rule } from '../rule.js';
import { closest, parseRuleList } from './directives.js';
import { IGNORE_ANNOTATION, SUPPRESSION_RULE_ID, type DirectiveKeyword, type Suppression } from './types.js';

export interface SuppressionInput {
  model: Model;
  /** The rules' findings. */
  findings: readonly Finding[];
  /** The rules that ran: when the suppression rule is one of them, problems with directives are its findings. */
  rules: readonly Rule[];
  /** svclint's own rules: directives may name them (and the rules that ran) without being told the id is unknown. */
  registered: readonly Rule[];
  /** Also report directives and annotations (or rule ids in them) that suppressed nothing. */
  reportUnused: boolean;
  /** Turns a report of the suppression rule into a finding. */
  toFinding(rule: Rule, report: Report): Finding;
}

export interface SuppressionOutcome {
  /** Findings still reported, with the suppression rule's own findings added. */
  findings: Finding[];
  /** Findings a directive or annotation suppressed, each with its `suppressions`. */
  suppressed: Finding[];
}

const ANNOTATION_PATH = `metadata.annotations[${IGNORE_ANNOTATION}]`;

interface ListedRule {
  id: string;
  range: Range;
  used: boolean;
}

/** A directive or annotation that is honoured. */
interface ActiveSuppression {
  source: DirectiveKeyword | 'annotation';
  fileId: number;
  range: Range;
  /** Empty: every rule. */
  rules: ListedRule[];
  used: boolean;
  reason: string | null;
  /** The annotated object (annotations only). */
  object: ManifestObject | null;
  /** Lines it covers (comment directives). */
  fromLine: number;
  toLine: number;
  suppression: Suppression;
}

export function applySuppressions(input: SuppressionInput): SuppressionOutcome {
  const { model } = input;
  const annotated = model.objects.filter((o) => o.annotations[IGNORE_ANNOTATION] !== undefined);
  const hasDirectives = model.files.some((f) => (f.directives?.length ?? 0) > 0);
  if (!hasDirectives && annotated.length === 0) return { findings: [...input.findings], suppressed: [] };

  const problems: Report[] = [];
  const byLine = new Map<string, ActiveSuppression[]>();
  const byDocument = new Map<number, ActiveSuppression[]>();
  const byObject = new Map<string, ActiveSuppression>();
  const all: ActiveSuppression[] = [];

  for (const file of model.files) {
    for (const d of file.directives ?? []) {
      if (d.problem || !d.scope) {
        problems.push({
          object: null,
          fileId: file.id,
          range: d.range,
          path: null,
          message: d.problem ?? 'Directive suppresses nothing',
        });
        continue;
      }
      const source = d.keyword as DirectiveKeyword;
      const fromLine = positionAt(file, rangeStart(d.scope)).line;
      const toLine =
        source === 'svclint-disable'
          ? positionAt(file, Math.max(rangeStart(d.scope), rangeEnd(d.scope) - 1)).line
          : fromLine;
      const active: ActiveSuppression = {
        source,
        fileId: file.id,
        range: d.range,
        rules: d.rules.map((r) => ({ ...r, used: false })),
        used: false,
        reason: d.reason,
        object: null,
        fromLine,
        toLine,
        suppression: inSource(source, d.reason, file, d.range),
      };
      all.push(active);
      if (source === 'svclint-disable') push(byDocument, file.id, active);
      else push(byLine, `${file.id}:${fromLine}`, active);
    }
  }
  for (const object of annotated) {
    const file = model.files[object.fileId];
    if (!file) continue;
    const range = object.ignoreAnnotationRange ?? object.nameRange;
    // Positions inside the value are not kept: problems point at the whole annotation value.
    const { rules, reason } = parseRuleList(object.annotations[IGNORE_ANNOTATION]!, 0);
    const active: ActiveSuppression = {
      source: 'annotation',
      fileId: object.fileId,
      range,
      rules: rules.map((r) => ({ id: r.id, range, used: false })),
      used: false,
      reason,
      object,
      fromLine: 0,
      toLine: 0,
      suppression: inSource('annotation', reason, file, range),
    };
    all.push(active);
    byObject.set(objectKey(object.fileId, object), active);
  }

  const fileIds = new Map(model.files.map((f) => [f.path, f.id]));
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of input.findings) {
    const matched: ActiveSuppression[] = [];
    if (finding.ruleId !== SUPPRESSION_RULE_ID) {
      const fileId = fileIds.get(finding.file);
      for (const s of byLine.get(`${fileId}:${finding.line}`) ?? []) if (covers(s, finding.ruleId)) matched.push(s);
      for (const s of (fileId !== undefined && byDocument.get(fileId)) || []) {
        if (finding.line >= s.fromLine && finding.line <= s.toLine && covers(s, finding.ruleId)) matched.push(s);
      }
      const s = finding.object && byObject.get(objectKey(fileId, finding.object));
      if (s && covers(s, finding.ruleId)) matched.push(s);
    }
    if (matched.length === 0) findings.push(finding);
    else suppressed.push({ ...finding, suppressions: matched.map((s) => s.suppression) });
  }

  const rule = input.rules.find((r) => r.meta.id === SUPPRESSION_RULE_ID);
  if (rule) {
    const known = new Set([...input.registered, ...input.rules].map((r) => r.meta.id));
    for (const s of all) problems.push(...check(s, known, input.reportUnused));
    for (const report of problems) findings.push(input.toFinding(rule, report));
  }
  return { findings, suppressed };
}

/**
 * An object as findings name it: its file and identity (Finding.object). Two objects of one identity in one file are
 * the same object applied twice; the annotation of the later one applies.
 */
function objectKey(fileId: number | undefined, o: ObjectRef): string {
  return JSON.stringify([fileId, o.apiVersion, o.kind, o.namespace, o.name]);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether a suppression covers a rule; marks what matched as used. */
function covers(s: ActiveSuppression, ruleId: string): boolean {
  if (s.rules.length === 0) {
    s.used = true;
    return true;
  }
  let found = false;
  for (const r of s.rules) {
    if (r.id === ruleId) {
      r.used = true;
      found = true;
    }
  }
  if (found) s.used = true;
  return found;
}

function inSource(source: Suppression['source'], reason: string | null, file: SourceFile, range: Range): Suppression {
  return { kind: 'inSource', justification: reason, source, location: { file: file.path, ...spanOf(file, range) } };
}

/** Problems with one honoured directive or annotation: unknown rule ids, no reason, and (when asked) nothing suppressed. */
function check(s: ActiveSuppression, knownRuleIds: ReadonlySet<string>, reportUnused: boolean): Report[] {
  const reports: Report[] = [];
  const annotation = s.source === 'annotation';
  const report = (range: Range, message: string) =>
    reports.push({ object: s.object, fileId: s.fileId, range, path: annotation ? ANNOTATION_PATH : null, message });
  const what = annotation ? `the ${IGNORE_ANNOTATION} annotation` : s.source;
  const unusable = new Set<ListedRule>();
  for (const r of s.rules) {
    if (r.id === SUPPRESSION_RULE_ID) {
      unusable.add(r);
      report(
        r.range,
        `${SUPPRESSION_RULE_ID} findings cannot be suppressed (they are about suppressions); remove "${r.id}" from ${what}`,
      );
    } else if (!knownRuleIds.has(r.id)) {
      unusable.add(r);
      const near = closest(r.id, [...knownRuleIds]);
      report(
        r.range,
        `Unknown rule "${r.id}" in ${what}; ${near ? `did you mean "${near}"?` : '`svclint rules` lists the rules'}`,
      );
    }
  }
  if (s.reason === null) {
    const ids = s.rules.map((r) => r.id).join(', ');
    const example = annotation
      ? `"${ids ? `${ids} ` : ''}-- <why>"`
      : `"# ${s.source}${ids ? ` ${ids}` : ''} -- <why>"`;
    report(
      s.range,
      `${annotation ? `The ${IGNORE_ANNOTATION} annotation` : `${s.source} directive`} gives no reason: add one after " -- ", e.g. ${example}`,
    );
  }
  if (reportUnused) {
    const where = annotation
      ? `${s.object!.kind} ${qualifiedName(s.object!)} has no`
      : s.source === 'svclint-disable'
        ? 'there is no'
        : 'no';
    const tail = annotation
      ? 'finding'
      : s.source === 'svclint-disable'
        ? 'finding in its document'
        : s.source === 'svclint-disable-line'
          ? 'finding starts on its line'
          : 'finding starts on the line it applies to';
    const unused = `Unused ${annotation ? `${IGNORE_ANNOTATION} annotation` : `${s.source} directive`}`;
    if (s.rules.length === 0) {
      if (!s.used) report(s.range, `${unused}: ${where} ${tail}; remove it`);
    } else {
      for (const r of s.rules) {
        if (!r.used && !unusable.has(r))
          report(
            r.range,
            `${unused}: ${where} ${r.id} ${tail}; remove "${r.id}"${s.rules.length === 1 ? ` (the whole ${annotation ? 'annotation' : 'directive'})` : ''}`,
          );
      }
    }
  }
  return reports;
}
