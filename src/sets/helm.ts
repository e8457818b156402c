// Renders a Helm chart with `helm template`, as the user would before installing it, and points findings on the
// rendered output at the template each object came from (its `# Source:` comment). Nothing from the repository runs:
// no shell, a time limit, no plugins (HELM_PLUGINS is an empty folder), no post-renderer, no dependency download.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../lint.js';
import { splitHelmSources } from '../load/helm-sources.js';
import { onPath } from './render.js';

/** How a chart is rendered: a release name, its namespace and value files (absolute), as `helm template` takes them. */
export interface ChartRelease {
  release: string;
  namespace: string | null;
  values: string[];
}

export interface RenderedTemplate {
  /** Absolute path of the template file, and its display path. */
  file: string;
  text: string;
}

const HELM_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 256 << 20;

export function findHelm(env: Record<string, string | undefined>): string | null {
  return onPath('helm', env);
}

export type ChartOutcome = { ok: true; templates: RenderedTemplate[] } | { ok: false; message: string };

/** `kubeVersion` (e.g. v1.34.0) is the cluster's: charts pick their apiVersions from Capabilities.KubeVersion. */
export async function renderChart(
  helm: string,
  chartDir: string,
  release: ChartRelease,
  kubeVersion: string,
): Promise<ChartOutcome> {
  const plugins = await mkdtemp(path.join(tmpdir(), 'svclint-helm-plugins-'));
  try {
    const args = [
      'template',
      release.release,
      chartDir,
      ...(release.namespace ? ['--namespace', release.namespace] : []),
      ...release.values.flatMap((v) => ['--values', v]),
      '--kube-version',
      kubeVersion,
    ];
    const output = await new Promise<{ ok: true; text: string } | { ok: false; message: string }>((resolve) => {
      execFile(
        helm,
        args,
        {
          timeout: HELM_TIMEOUT_MS,
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), HELM_PLUGINS: plugins },
        },
        (error, stdout, stderr) => {
          if (!error) return resolve({ ok: true, text: stdout });
          const killed = (error as { killed?: boolean }).killed;
          const line =
            (stderr || error.message)
              .trim()
              .split('\n')
              .filter((l) => l.trim() !== '')
              .pop() ?? 'failed';
          resolve({
            ok: false,
            message: killed
              ? `helm template did not finish within ${HELM_TIMEOUT_MS / 1000} s`
              : line.replace(/^Error:\s*/, ''),
          });
        },
      );
    });
    if (!output.ok) return output;
    return { ok: true, templates: templatesOf(output.text, chartDir) };
  } finally {
    await rm(plugins, { recursive: true, force: true });
  }
}

/**
 * The rendered text of each template. `# Source: podinfo/templates/service.yaml` names the chart (from Chart.yaml,
 * not the folder) and then the path inside it, subcharts as `podinfo/charts/redis/templates/x.yaml`.
 */
function templatesOf(text: string, chartDir: string): RenderedTemplate[] {
  return splitHelmSources(text).map((part) => {
    const inside = part.source?.split('/').slice(1).join('/');
    return { file: inside ? path.join(chartDir, inside) : path.join(chartDir, 'Chart.yaml'), text: part.text };
  });
}

/** A template's rendered text and its source, line by line: what a finding on the rendered text is placed by. */
export interface TemplateLines {
  rendered: readonly string[];
  template: readonly string[];
}

/** Reads them once per template (a chart's findings come many to a template). */
export function templateLinesOf(renderedText: string, templateFile: string): TemplateLines {
  const split = (text: string) => text.split('\n').map((line) => line.replace(/\r$/, ''));
  return {
    rendered: split(renderedText),
    template: existsSync(templateFile) ? split(readFileSync(templateFile, 'utf8')) : [],
  };
}

/**
 * A finding on a template's rendered text, at the template's line that reads the same (the one line of the template
 * whose text, without indentation, is the rendered line's), else at the template's first line: a template's lines
 * are not its output's.
 */
export function placeInTemplate<T extends Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>>(
  finding: T,
  lines: TemplateLines,
  displayPath: string,
): T {
  const rendered = lines.rendered[finding.line - 1] ?? '';
  const wanted = rendered.trim();
  const matches = wanted === '' ? [] : lines.template.flatMap((line, i) => (line.trim() === wanted ? [i] : []));
  if (matches.length !== 1) return { ...finding, file: displayPath, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const matched = lines.template[matches[0]!]!;
  const shift = indentOf(matched) - indentOf(rendered);
  const line = matches[0]! + 1;
  // A finding over several rendered lines ends with the matched template line.
  const endColumn = finding.endLine === finding.line ? Math.max(1, finding.endColumn + shift) : matched.length + 1;
  return { ...finding, file: displayPath, line, column: Math.max(1, finding.column + shift), endLine: line, endColumn };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
