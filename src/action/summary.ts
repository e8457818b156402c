// The job summary: counts, a findings table, the Ingress -> Service -> workload graph, the reach graph (with
// NetworkPolicies) and the endpoint map.
import type { LintResult } from '../lint.js';
import { formatEndpoints } from '../report/endpoints-table.js';
import { endpointGraph } from './graph.js';
import { formatReach, reachReport } from '../report/reach.js';

export interface SummaryOptions {
  toolVersion: string;
  /** https://github.com/OWNER/REPO/blob/SHA/ to link findings to their lines; null for plain text. */
  blobUrl: string | null;
  /** Rows of the findings table at most (the job summary is limited to 1 MiB). */
  maxFindings?: number;
  /** Lines of the endpoint map at most. */
  maxEndpointLines?: number;
  maxGraphNodes?: number;
  /** Where the full list is, e.g. "svclint.sarif". */
  sarifFile?: string | null;
}

const SEVERITY_ICON = { error: '❌', warning: '⚠️', note: 'ℹ️' } as const;

/** The summary as GitHub-flavoured Markdown with inline HTML (what core.summary writes). */
export function summaryMarkdown(result: LintResult, options: SummaryOptions): string {
  const maxFindings = options.maxFindings ?? 200;
  const maxEndpointLines = options.maxEndpointLines ?? 400;
  const { errors, warnings, notes, files, objects } = result.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
  const out: string[] = [];
  out.push(`<h2>svclint ${escapeHtml(options.toolVersion)}</h2>`);
  const total = errors + warnings + notes;
  const verdict =
    total === 0
      ? '✅ No problems found'
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')}`;
  out.push(
    `<p>${verdict} in ${plural(files, 'file')} (${plural(objects, 'object')}, ${plural(result.model.services.length, 'Service')}).</p>`,
  );

  if (total > 0) {
    const rows = result.findings.slice(0, maxFindings).map((f) => {
      const where = `${f.file}:${f.line}:${f.column}`;
      const location =
        options.blobUrl && f.file !== '-'
          ? `<a href="${escapeHtml(`${options.blobUrl}${encodePath(f.file)}#L${f.line}`)}">${escapeHtml(where)}</a>`
          : escapeHtml(where);
      return `<tr><td>${SEVERITY_ICON[f.severity]} ${f.severity}</td><td><code>${escapeHtml(f.ruleId)}</code></td><td>${location}</td><td>${escapeHtml(f.message)}</td></tr>`;
    });
    out.push(`<h3>Findings</h3>`);
    out.push(`<table><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Message</th></tr>${rows.join('')}</table>`);
    if (result.findings.length > maxFindings) {
      const where = options.sarifFile
        ? ` (all of them are in ${escapeHtml(options.sarifFile)} and in code scanning once it is uploaded)`
        : '';
      out.push(`<p>… and ${result.findings.length - maxFindings} more${where}.</p>`);
    }
  }

  const graph = endpointGraph(result, options.maxGraphNodes === undefined ? {} : { maxNodes: options.maxGraphNodes });
  if (graph.mermaid) {
    out.push(`<h3>Wiring</h3>`);
    const partial =
      graph.services.shown < graph.services.total || graph.ingresses.shown < graph.ingresses.total
        ? ` Showing ${graph.ingresses.shown} of ${plural(graph.ingresses.total, 'Ingress')} and ${graph.services.shown} of ${plural(graph.services.total, 'Service')}; the endpoint map below lists them all.`
        : '';
    out.push(
      `<p>Ingress → Service → workload; red: no endpoints or a missing Service, dashed: no port of the workload serves it.${partial}</p>`,
    );
    // A fenced block (blank lines around it), not <pre>: only fenced mermaid blocks are rendered as diagrams.
    out.push(`\n\`\`\`mermaid\n${graph.mermaid}\`\`\`\n`);
  }

  // The reach graph only when the input has NetworkPolicies: without them every call is allowed.
  const reach = result.model.objects.some((o) => o.category === 'network-policy')
    ? reachReport(result.model, result.analysis)
    : null;
  if (reach && reach.calls.length > 0) {
    const maxCalls = 300;
    const shown = { ...reach, calls: reach.calls.slice(0, maxCalls) };
    const blocked = reach.calls.filter((c) => c.allowed === false).length;
    out.push(`<h3>Reachability</h3>`);
    const more = reach.calls.length > maxCalls ? ` Showing the first ${maxCalls} of ${reach.calls.length} calls.` : '';
    out.push(
      `<p>Calls under the NetworkPolicies (${plural(blocked, 'blocked call')}); red, dashed: blocked, grey: unknown. <code>svclint reach</code> says why.${more}</p>`,
    );
    out.push(`\n\`\`\`mermaid\n${formatReach(shown, 'mermaid')}\`\`\`\n`);
  }

  if (result.analysis.endpoints.length > 0) {
    const lines = formatEndpoints(result, { color: false, toolVersion: options.toolVersion }, { verbose: true })
      .trimEnd()
      .split('\n');
    const shown = lines.slice(0, maxEndpointLines);
    if (lines.length > maxEndpointLines)
      shown.push(`… ${lines.length - maxEndpointLines} more lines (run svclint endpoints for all of them)`);
    out.push(
      `<details><summary>Endpoint map (${plural(result.analysis.endpoints.length, 'Service')})</summary>\n\n\`\`\`text\n${shown.join('\n').replace(/```/g, '`\u200b``')}\n\`\`\`\n\n</details>`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
