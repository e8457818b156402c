// A Helm chart's set: rendered with `helm template` when helm is on PATH, each template's output linted together and
// its findings placed in the template; otherwise one note on how to lint it.
import path from 'node:path';
import { displayPath } from '../input/inputs.js';
import { lintModel, type Finding, type LintOptions, type LintResult } from '../lint.js';
import { assembleModel } from '../model/build.js';
import { modelFile } from '../input/model-file.js';
import type { DeployableSet, SetNote } from './detect.js';
import {
  placeInTemplate,
  templateLinesOf,
  type ChartOutcome,
  type RenderedTemplate,
  type TemplateLines,
} from './helm.js';
import type { RenderMode } from './render.js';

export function lintChart(
  templates: readonly RenderedTemplate[],
  options: LintOptions,
  cwd: string,
): { result: LintResult; objects: number } {
  // Rendered positions are kept apart from the template files' own: each part is named by a key of its own.
  const parts = templates.map((t, id) => {
    const shown = displayPath(t.file, cwd);
    const key = `${shown}\0rendered`;
    return {
      ...t,
      shown,
      key,
      model: modelFile({ displayPath: key, text: t.text }, id, options),
      lines: null as TemplateLines | null,
    };
  });
  const setModel = assembleModel(
    parts.map((p) => p.model),
    options,
  );
  const result = lintModel(setModel, options);
  const byKey = new Map(parts.map((p) => [p.key, p]));
  const place = <T extends Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>>(f: T): T => {
    const part = byKey.get(f.file);
    if (!part) return f;
    part.lines ??= templateLinesOf(part.text, part.file);
    return placeInTemplate(f, part.lines, part.shown);
  };
  const placeAll = (findings: readonly Finding[]) =>
    findings.map((f) => ({ ...place(f), related: f.related.map(place) }));
  return {
    result: { ...result, findings: placeAll(result.findings), suppressed: placeAll(result.suppressed) },
    objects: setModel.objects.length,
  };
}

/** The note on a chart that was not rendered, or the warning on one helm could not render. */
export function chartNotes(
  set: DeployableSet,
  helm: string | null,
  outcome: ChartOutcome | null,
  mode: RenderMode,
  cwd: string,
): SetNote[] {
  const chart = set.chart;
  if (!chart || outcome?.ok) return [];
  const at = { file: set.definedBy!, start: 0, end: 0 };
  const name = path.basename(set.root);
  if (outcome && !outcome.ok) {
    return [
      {
        ...at,
        severity: 'warning',
        message: `helm template could not render chart ${name} (release ${chart.release}): ${outcome.message}; it was not analysed`,
      },
    ];
  }
  const why =
    mode === 'never' ? 'rendering is off: --render never' : helm === null ? 'helm is not on PATH' : 'not rendered';
  return [
    {
      ...at,
      severity: 'note',
      message: `Helm chart ${name} was not analysed (${why}): its templates are not manifests until rendered; install helm, or lint the rendered chart with \`helm template ${chart.release} ${displayPath(set.root, cwd)} | svclint -\``,
    },
  ];
}
