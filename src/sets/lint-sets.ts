// Lints each deployable set on its own (rendered with kustomize where it can be) and joins their reports.
import path from 'node:path';
import type { Analysis } from '../analysis/analysis.js';
import type { ConfiguredChart, ConfiguredSet } from '../config/types.js';
import { patternGlobs } from '../input/exclude.js';
import { displayPath, globFiles, sortInputs, type InputFile } from '../input/inputs.js';
import {
  compareFindings,
  countFindings,
  lintModel,
  type Finding,
  type LintOptions,
  type LintResult,
  type Timing,
} from '../lint.js';
import { assembleModel, type FileModel, type Model } from '../model/build.js';
import { modelFile } from '../input/model-file.js';
import { modelFiles, type ModelFilesOptions } from '../input/parallel.js';
import { modelStandardInput } from '../input/stdin.js';
import type { ManifestObject } from '../model/types.js';
import { DEFAULT_SETTINGS, formatKubernetesVersion } from '../settings.js';
import { describeSet, detectSets, type DeployableSet, type SetKind, type SetNote } from './detect.js';
import { findHelm, renderChart, type ChartOutcome, type ChartRelease } from './helm.js';
import { joinAnalyses, unique } from './join.js';
import { kustomizationNotes } from './kustomization-notes.js';
import { layOut, type Layout } from './layout.js';
import { chartNotes, lintChart } from './lint-chart.js';
import { findRenderer, renderKustomization, type Renderer, type RenderMode, type RenderOutcome } from './render.js';
import { traceFindings } from './trace.js';

/** How the input is split into deployable sets and how they are rendered. */
export interface SetDetectionOptions {
  /** Build kustomizations with kustomize or kubectl when one is on PATH ("auto", the default), or never. */
  render?: RenderMode;
  /** The environment renderers are looked up in (PATH); the process's by default. */
  env?: Record<string, string | undefined>;
  /** The name findings on standard input carry when it has no `# Source:` comments (default "-"). */
  stdinFilename?: string;
  /** Deployable sets named in the configuration (globs relative to cwd): their plain manifests are linted together. */
  sets?: readonly ConfiguredSet[];
  /** How helm renders the charts of the input (paths relative to cwd); a chart not listed: its own values. */
  charts?: readonly ConfiguredChart[];
}

export interface SetsOptions extends LintOptions, ModelFilesOptions, SetDetectionOptions {
  cwd: string;
}

/** A set as `svclint sets` lists it. */
export interface SetSummary {
  kind: SetKind;
  /** Display paths, relative to the working directory. */
  root: string;
  definedBy: string | null;
  files: string[];
  objects: number;
  /** The renderer that built it, or null when its files were linted as written. */
  renderedBy: string | null;
  why: string;
}

export interface SetsOutcome {
  result: LintResult;
  sets: SetSummary[];
  threads: number;
  /** Display paths that findings on standard input carry ("-", --stdin-filename, or its `# Source:` templates). */
  stdinPaths: string[];
  /**
   * Display paths of files read only because a kustomization that was not named builds on them (a patch named
   * alone brings in its overlay's bases): analysed, not reported on.
   */
  unnamed: string[];
}

/** How many kustomizations are built at once (each is a process of its own). */
const PARALLEL_RENDERS = 4;

export async function lintInSets(inputs: readonly InputFile[], options: SetsOptions): Promise<SetsOutcome> {
  const { cwd } = options;
  const stdin = inputs.find((f) => f.path === '-') ?? null;
  const layout = layOut(inputs.filter((f) => f.path !== '-').map((f) => f.path));
  const renderer = options.render === 'never' ? null : findRenderer(options.env ?? process.env);
  const renders = startRenders(layout, renderer);
  const toRead = new Map<string, InputFile>();
  const add = (file: string) =>
    toRead.has(file) || toRead.set(file, { path: file, displayPath: displayPath(file, cwd) });
  for (const file of layout.plain) add(file);
  for (const root of layout.roots) {
    add(root.kustomization.file);
    for (const file of root.members.keys()) add(file);
  }
  for (const chart of layout.charts.keys()) add(path.join(chart, 'Chart.yaml'));
  for (const { component } of layout.unusedComponents) add(component.file);
  const ordered = sortInputs(toRead.values());
  const { models: fileModels, threads } = await modelFiles(ordered, options);
  const models = new Map(ordered.map((input, i) => [input.path, fileModels[i]!]));
  const stdinKeys: string[] = [];
  if (stdin) {
    for (const part of await modelStandardInput(fileModels.length, options)) {
      const key = `${STDIN_KEY}${part.file.path}`;
      stdinKeys.push(key);
      models.set(key, part);
      fileModels.push(part);
    }
  }
  const configured = await configuredSets(options.sets ?? [], cwd);
  const { sets, notes: gitOpsNotes } = await detectSets({
    layout,
    models,
    stdin: stdin ? stdinKeys : null,
    configured,
    releases: chartReleases(options, cwd),
    cwd,
  });

  const helm = options.render === 'never' ? null : findHelm(options.env ?? process.env);
  const kubeVersion = `v${formatKubernetesVersion(options.settings?.kubernetesVersion ?? DEFAULT_SETTINGS.kubernetesVersion)}.0`;
  const charted = await renderCharts(sets, helm, options.defaultNamespace ?? null, kubeVersion);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const analyses: Analysis[] = [];
  const setModels: Model[] = [];
  const summaries: SetSummary[] = [];
  const notes: SetNote[] = [...gitOpsNotes];
  let lastModel: Model | null = null;
  const timings = new Map<string, Timing>();
  const addTimings = (result: LintResult) => {
    for (const t of result.timings ?? []) {
      const key = `${t.kind}:${t.name}`;
      const sum = timings.get(key);
      if (sum) sum.ms += t.ms;
      else timings.set(key, { ...t });
    }
  };
  for (const set of sets) {
    const render = (set.kustomize && (await renders.get(set.root))) || null;
    const mode = options.render ?? 'auto';
    const chart = charted.get(set) ?? null;
    notes.push(
      ...(set.chart ? chartNotes(set, helm, chart, mode, cwd) : kustomizationNotes(set, renderer, render, mode, cwd)),
    );
    const outcome = chart?.ok
      ? lintChart(chart.templates, options, cwd)
      : render?.ok
        ? lintRendered(set, render.text, render.base, models, options)
        : lintAsWritten(set, models, options);
    addTimings(outcome.result);
    // One push per finding: spreading a set's many thousand findings would overflow the call stack.
    for (const f of outcome.result.findings) findings.push(f);
    for (const f of outcome.result.suppressed) suppressed.push(f);
    analyses.push(outcome.result.analysis);
    setModels.push(outcome.result.model);
    lastModel = outcome.result.model;
    summaries.push({
      kind: set.kind,
      root:
        set.kind === 'stdin' || set.kind === 'configured'
          ? set.root
          : set.root === cwd
            ? '.'
            : displayPath(set.root, cwd),
      definedBy: set.definedBy && displayPath(set.definedBy, cwd),
      files: chart?.ok
        ? chart.templates.map((t) => displayPath(t.file, cwd))
        : [...set.files.keys()].map((f) => models.get(f)?.file.path ?? displayPath(f, cwd)),
      objects: outcome.objects,
      renderedBy: chart?.ok ? 'helm template' : render?.ok ? renderer!.name : null,
      why: set.why,
    });
  }
  const notesResult = lintNotes(notes, models, options);
  if (notesResult) {
    addTimings(notesResult);
    for (const f of notesResult.findings) findings.push(f);
    for (const f of notesResult.suppressed) suppressed.push(f);
  }
  // One set of every file, as written (most inputs): its model and analysis are the input's.
  const whole =
    sets.length === 1 &&
    lastModel?.files.length === fileModels.length &&
    lastModel.files.every((f, i) => f === fileModels[i]!.file)
      ? lastModel
      : null;
  const model = whole ?? assembleModel(fileModels, options);
  const shown = unique(findings).sort(compareFindings);
  const hidden = unique(suppressed).sort(compareFindings);
  const result: LintResult = {
    findings: shown,
    suppressed: hidden,
    model,
    analysis: whole ? analyses[0]! : joinAnalyses(analyses, summaries.map(describeSet), model, setModels),
    summary: { ...model.stats, ...countFindings(shown, hidden) },
    // Each stage and rule over all sets together.
    ...(options.timing && { timings: [...timings.values()] }),
  };
  return {
    result,
    sets: summaries,
    threads,
    stdinPaths: stdinKeys.map((k) => models.get(k)!.file.path),
    unnamed: unnamedFiles(inputs, layout, cwd),
  };
}

/**
 * The files read beyond the input whose kustomization is not in the input either: a kustomization named (its file,
 * or its folder for a `Kustomization` file, which no folder search finds) reports on all it builds.
 */
function unnamedFiles(inputs: readonly InputFile[], layout: Layout, cwd: string): string[] {
  const named = new Set(inputs.map((f) => f.path));
  const reported = new Set(named);
  for (const root of layout.roots) {
    const file = root.kustomization.file;
    const isNamed =
      named.has(file) ||
      (path.basename(file) === 'Kustomization' && inputs.some((f) => path.dirname(f.path) === root.kustomization.dir));
    if (isNamed) for (const member of [file, ...root.members.keys()]) reported.add(member);
  }
  const unnamed = new Set<string>();
  for (const root of layout.roots)
    for (const file of [root.kustomization.file, ...root.members.keys()])
      if (!reported.has(file)) unnamed.add(displayPath(file, cwd));
  return [...unnamed];
}

/** The files each configured set's globs match (absolute paths). */
async function configuredSets(
  sets: readonly ConfiguredSet[],
  cwd: string,
): Promise<{ name: string; files: Set<string> }[]> {
  const found = [];
  for (const set of sets) {
    const files = await globFiles(await patternGlobs(set.include, cwd), {
      cwd,
      absolute: true,
      dot: true,
      suppressErrors: true,
    });
    found.push({ name: set.name, files: new Set(files) });
  }
  return found;
}

/** Keys of standard input's parts among the models (never a file path). */
const STDIN_KEY = '\0stdin:';

/**
 * Starts building every kustomization that can be built, a few at a time, while the files are read: kustomize needs
 * only the folders, not svclint's models.
 */
function startRenders(layout: Layout, renderer: Renderer | null): Map<string, Promise<RenderOutcome>> {
  const renders = new Map<string, Promise<RenderOutcome>>();
  if (!renderer) return renders;
  const buildable = layout.roots.filter((r) =>
    r.kustomizations.every((k) => k.unsafe.length === 0 && k.remote.length === 0 && !k.problem),
  );
  const slots = new Limiter(PARALLEL_RENDERS);
  for (const root of buildable) {
    // Never a rejection left unhandled while the files are read: a failure to start the renderer is a failed build.
    const render = slots
      .run(() => renderKustomization(renderer, root.kustomization.dir))
      .catch((error: Error): RenderOutcome => ({ ok: false, message: error.message }));
    renders.set(root.kustomization.dir, render);
  }
  return renders;
}

/** Renders the charts of the sets with helm, a few at a time; a release without a namespace goes where objects that name none go. */
async function renderCharts(
  sets: readonly DeployableSet[],
  helm: string | null,
  namespace: string | null,
  kubeVersion: string,
): Promise<Map<DeployableSet, ChartOutcome>> {
  const charted = new Map<DeployableSet, ChartOutcome>();
  if (!helm) return charted;
  const slots = new Limiter(PARALLEL_RENDERS);
  await Promise.all(
    sets
      .filter((s) => s.chart)
      .map(async (set) =>
        charted.set(
          set,
          await slots.run(() =>
            renderChart(helm, set.root, { ...set.chart!, namespace: set.chart!.namespace ?? namespace }, kubeVersion),
          ),
        ),
      ),
  );
  return charted;
}

/** Runs at most `size` tasks at once (each renderer is a process of its own). */
class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** The releases the configuration gives each chart folder (absolute): value files absolute, the namespace defaulted. */
function chartReleases(options: SetsOptions, cwd: string): Map<string, ChartRelease[]> {
  const releases = new Map<string, ChartRelease[]>();
  for (const chart of options.charts ?? []) {
    const dir = path.resolve(cwd, chart.path);
    const release: ChartRelease = {
      release: chart.release ?? path.basename(dir),
      namespace: chart.namespace ?? null,
      values: (chart.values ?? []).map((v) => path.resolve(cwd, v)),
    };
    releases.set(dir, [...(releases.get(dir) ?? []), release]);
  }
  return releases;
}

interface SetOutcome {
  result: LintResult;
  objects: number;
}

/** Lints the set's files as written, with the namespace its kustomization or GitOps object gives them. */
function lintAsWritten(set: DeployableSet, models: ReadonlyMap<string, FileModel>, options: SetsOptions): SetOutcome {
  const members: FileModel[] = [];
  for (const [file, namespace] of set.files) {
    const model = models.get(file);
    if (model) members.push(relocated(model, members.length, namespace));
  }
  const setModel = assembleModel(members, options);
  // Unrendered, the ConfigMaps and Secrets its generators make are not in the files, but they will exist.
  const generated = set.kustomize?.kustomizations.flatMap((k) => k.generated.map((g) => `${g.kind}/${g.name}`)) ?? [];
  if (generated.length > 0) setModel.generatedNames = new Set(generated);
  const result = lintModel(setModel, options);
  // kustomize substitutes its vars when it builds: unrendered, `$(NAME)` is not the kubelet's to expand.
  const vars = set.kustomize?.kustomizations.flatMap((k) => k.vars) ?? [];
  if (vars.length === 0) return { result, objects: setModel.objects.length };
  const references = vars.map((name) => `$(${name})`);
  const isVarFinding = (f: Finding) => f.ruleId === 'env-var-order' && references.some((r) => f.message.includes(r));
  return {
    result: { ...result, findings: result.findings.filter((f) => !isVarFinding(f)) },
    objects: setModel.objects.length,
  };
}

/** Lints the rendered build, then points each finding at the source file and node it came from. */
function lintRendered(
  set: DeployableSet,
  text: string,
  base: string,
  models: ReadonlyMap<string, FileModel>,
  options: SetsOptions,
): SetOutcome {
  const kustomizationFile = models.get(set.kustomize!.kustomization.file)!.file;
  const rendered = relocated(
    modelFile({ displayPath: `${kustomizationFile.path} (rendered)`, text }, 0, options),
    0,
    set.targetNamespace ?? null,
  );
  const setModel = assembleModel([rendered], options);
  const result = lintModel(setModel, options);
  const sources = new Map([...set.files.keys()].flatMap((f) => (models.has(f) ? [[f, models.get(f)!] as const] : [])));
  const context = { rendered, renderedText: text, originBase: base, sources, fallback: kustomizationFile };
  return {
    result: {
      ...result,
      findings: traceFindings(result.findings, context),
      suppressed: traceFindings(result.suppressed, context),
    },
    objects: setModel.objects.length,
  };
}

/** The notes about every set, as findings of the deployable-set rule (and the suppressions of the files they are in). */
function lintNotes(
  notes: readonly SetNote[],
  models: ReadonlyMap<string, FileModel>,
  options: SetsOptions,
): LintResult | null {
  if (notes.length === 0) return null;
  const files = new Map<string, FileModel>();
  for (const note of notes) {
    const model = models.get(note.file);
    // Only the file (its lines and directives) matters: no objects, no problems.
    if (model && !files.has(note.file))
      files.set(note.file, { ...model, file: { ...model.file, id: files.size }, objects: [], problems: [] });
  }
  const notesModel = assembleModel([...files.values()], options);
  const ids = new Map([...files.keys()].map((file, id) => [file, id]));
  notesModel.notices = notes.flatMap((n) => (ids.has(n.file) ? [{ ...n, fileId: ids.get(n.file)! }] : []));
  return lintModel(notesModel, options);
}

/**
 * A file's model as file `fileId` of one set: each set numbers its own files (so no set's model is as large as the
 * input), and its objects are copies, in the namespace the set gives them (kustomize's namespace transformer moves
 * namespaced objects; cluster-scoped ones stay).
 */
function relocated(model: FileModel, fileId: number, namespace: string | null): FileModel {
  if (fileId === model.file.id && namespace === null) return model; // the common case of one set: no copy
  const move = <T extends ManifestObject>(o: T): T => ({
    ...o,
    fileId,
    ...(namespace !== null && o.namespace !== null && { namespace }),
  });
  return {
    ...model,
    file: { ...model.file, id: fileId },
    objects: model.objects.map((o) =>
      o.category === 'workload' && o.leaderPods ? { ...move(o), leaderPods: move(o.leaderPods) } : move(o),
    ),
    problems: model.problems.map((p) => ({ ...p, fileId })),
  };
}
