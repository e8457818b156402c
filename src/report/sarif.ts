// SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).
//
// Locations: `uri` is the finding's path (relative to the directory svclint ran in, which in CI is the repository
// root) percent-encoded where a URI needs it, with uriBaseId %SRCROOT%. Standard input has no path: its findings
// use the relative uri "stdin" without a uriBaseId, described as "standard input". The log gives no
// originalUriBaseIds (a formatter does no I/O); code scanning reads a relative uri from the repository root.
//
// partialFingerprints["svclint/v1"]: see findingFingerprints below; it never includes a line or column, so alerts
// stay the same alerts when lines move.
import { createHash } from 'node:crypto';
import type { Log, PhysicalLocation, ReportingDescriptor, Result, Suppression as SarifSuppression } from 'sarif';
import { compareFindings, type Finding, type LintResult } from '../lint.js';
import { IGNORE_ANNOTATION, type Suppression } from '../suppress/types.js';
import type { Severity } from '../model/types.js';
import { DEFAULT_RULE_TAGS, REPOSITORY_URL, type Rule } from '../rule.js';
import { rules as allRules } from '../../rules/index.js';
import type { FormatContext } from './context.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'svclint/v1';
/** The run's category for code scanning; one repository can upload several svclint runs with other categories. */
export const AUTOMATION_ID = 'svclint/';
/** What the report formats call standard input ("-" on the command line). */
export const STDIN_NAME = 'stdin';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };
/** GitHub's problem.severity for rules that are not security rules. */
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

/** "target-port-mismatch" -> "TargetPortMismatch". */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Markdown to readable plain text: code spans, emphasis and links lose their markup. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, '$1 ($2)')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?=$|[^\w*])/g, '$1$2')
    .trim();
}

function ruleDescriptor(rule: Rule): ReportingDescriptor {
  const { meta } = rule;
  const rationale = meta.rationale.trim();
  const example = meta.examples.invalid[0];
  const exampleMarkdown = example
    ? `\n\n#### Example: ${example.title}\n\n\`\`\`yaml\n${example.yaml.trimEnd()}\n\`\`\``
    : '';
  const name = pascalCase(meta.id);
  return {
    id: meta.id,
    // SARIF wants a name that differs from the id (SARIF1001 compares them ignoring case) or none: "schema" has none.
    ...(name.toLowerCase() !== meta.id.toLowerCase() && { name }),
    shortDescription: { text: meta.description },
    fullDescription: { text: plainText(rationale), markdown: rationale },
    helpUri: meta.url,
    // GitHub shows help, not helpUri: the link goes into both.
    help: {
      text: `${meta.description}\n\n${plainText(rationale)}\n\nDocumentation: ${meta.url}`,
      markdown: `**${meta.description}**\n\n${rationale}${exampleMarkdown}\n\n[Documentation of ${meta.id}](${meta.url})`,
    },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: [...(meta.sarif?.tags ?? DEFAULT_RULE_TAGS)],
      precision: meta.sarif?.precision ?? 'very-high',
      'problem.severity': PROBLEM_SEVERITY[meta.severity],
    },
  };
}

/** A rule the findings name that is not one of svclint's own (a caller's custom rule): what is known of it. */
function unknownRuleDescriptor(id: string): ReportingDescriptor {
  const name = pascalCase(id);
  return {
    id,
    ...(name.toLowerCase() !== id.toLowerCase() && { name }),
    shortDescription: { text: `Rule ${id}.` },
    properties: { tags: [...DEFAULT_RULE_TAGS] },
  };
}

/**
 * A path segment as URI text: RFC 3986 pchar, so spaces, "#", "?", "%" and non-ASCII are percent-encoded; ":" is
 * encoded too so that a first segment never reads as a scheme.
 */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(2[146789ABC]|3[BD]|40)/g, (escape) => decodeURIComponent(escape));
}

/** Where a finding's file is, as a SARIF artifactLocation. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string; description?: { text: string } } {
  if (file === '-') return { uri: STDIN_NAME, description: { text: 'standard input' } };
  // Off the current drive (Windows) or otherwise absolute: a file URI, no base.
  const drive = /^[A-Za-z]:\//.test(file);
  if (drive || file.startsWith('/')) {
    const segments = file.split('/').map((s, i) => (drive && i === 0 ? s : encodeSegment(s)));
    return { uri: `file://${drive ? '/' : ''}${segments.join('/')}` };
  }
  return { uri: file.split('/').map(encodeSegment).join('/'), uriBaseId: '%SRCROOT%' };
}

function physicalLocation(
  file: string,
  span: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>,
): PhysicalLocation {
  return {
    artifactLocation: artifactLocation(file),
    region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
  };
}

/**
 * Stable identities of findings, one per finding in the same order: the sha256 (hex) of the rule id, the file, the
 * object (kind, namespace, name) and the YAML path of the node the finding is at. No line or column goes in, so a
 * finding keeps its fingerprint when lines are inserted or removed above it or the objects are reordered; nor does
 * the message of an object's finding, so rewording a message (or a detail it quotes from another object, such as
 * the ports a Deployment declares) does not turn an alert, and its dismissal, into a new one. A finding that belongs
 * to no object (a parse error) has only its message to tell it apart; positions are stripped from it.
 *
 * Several findings of one rule at one node (two undefined variables in one env value) share that hash: the second
 * in report order gets ":2", the third ":3", and so on. Report order at one node is by position within the node,
 * which moving lines does not change.
 */
export function findingFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const identity = f.object
      ? [f.ruleId, f.file, f.object.kind, f.object.namespace, f.object.name, f.path]
      : [f.ruleId, f.file, null, null, null, f.path, f.message.replace(/\b(line|column|col)s? \d+/gi, '$1')];
    const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
    const count = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, count);
    return count === 1 ? hash : `${hash}:${count}`;
  });
}

/** A directive, annotation or baseline entry as a SARIF suppression ("inSource" or "external", no status: accepted). */
function sarifSuppression(s: Suppression): SarifSuppression {
  const { file, line, column, endLine, endColumn } = s.location;
  const where =
    s.source === 'baseline'
      ? 'the baseline'
      : s.source === 'annotation'
        ? `the ${IGNORE_ANNOTATION} annotation`
        : `a ${s.source} comment`;
  return {
    kind: s.kind,
    ...(s.justification !== null && { justification: s.justification }),
    location: {
      physicalLocation:
        line !== undefined && column !== undefined && endLine !== undefined && endColumn !== undefined
          ? physicalLocation(file, { line, column, endLine, endColumn })
          : { artifactLocation: artifactLocation(file) },
      message: { text: `Suppressed by ${where}` },
    },
  };
}

function sarifLog(result: LintResult, context: FormatContext): Log {
  const descriptors = allRules.map(ruleDescriptor);
  const index = new Map(allRules.map((r, i) => [r.meta.id, i]));
  // Suppressed findings are results too, with their suppressions, in report order: fingerprints do not change
  // when a finding is suppressed or no longer is.
  const findings =
    result.suppressed.length > 0 ? [...result.findings, ...result.suppressed].sort(compareFindings) : result.findings;
  // Custom rules (not svclint's own) are appended in order of id so that every result has a ruleIndex.
  const unknown = [...new Set(findings.map((f) => f.ruleId).filter((id) => !index.has(id)))].sort();
  for (const id of unknown) {
    index.set(id, descriptors.length);
    descriptors.push(unknownRuleDescriptor(id));
  }
  const fingerprints = findingFingerprints(findings);
  const results: Result[] = findings.map((f, i) => {
    const entry: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: physicalLocation(f.file, f) }],
    };
    if (f.related.length > 0) {
      entry.relatedLocations = f.related.map((r, j) => ({
        id: j + 1,
        physicalLocation: physicalLocation(r.file, r),
        message: { text: r.message },
      }));
    }
    entry.partialFingerprints = { [FINGERPRINT_KEY]: fingerprints[i]! };
    if (f.suppressions?.length) entry.suppressions = f.suppressions.map(sarifSuppression);
    return entry;
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'svclint',
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            informationUri: REPOSITORY_URL,
            rules: descriptors,
          },
        },
        automationDetails: { id: AUTOMATION_ID },
        // Columns count UTF-16 code units (JavaScript string offsets).
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(result: LintResult, context: FormatContext): string {
  return `${JSON.stringify(sarifLog(result, context), null, 2)}\n`;
}
