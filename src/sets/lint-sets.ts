// Lints each deployable set on its own (rendered with kustomize where it can be) and joins their reports.
import path from 'node:path';
import { analyse, type Analysis } from '../analysis/analysis.js';
import { statSync } from 'node:fs';
import { isDynamicPattern } from 'globby';
import type { ConfiguredChart, ConfiguredSet } from '../config/types.js';
import { findHelm, renderChart, type ChartOutcome, type ChartRelease } from './helm.js';
import { chartNotes, lintChart } from './lint-chart.js';
import { displayPath, globFiles, readInput, sortInputs, type InputFile } from '../load/inputs.js';
import { splitHelmSources } from '../load/helm-sources.js';
import { compareFindings, countFindings, lintModel, type Finding, type LintOptions, type LintResult, type Timing } from '../lint.js';
import { assembleModel, modelFile, type FileModel, type Model } from '../model/build.js';
import { modelFiles, type ModelFilesOptions } from '../model/parallel.js';
import type { ManifestObject, ServiceModel } from '../model/types.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import { detectSets, type DeployableSet, type SetKind, type SetNote } from './detect.js';
import { layOut, type Layout } from './layout.js';
import { failedOnMissingFile, failedOnUnknownFeature, findRenderer, renderKustomization, type Renderer, type RenderMode } from './render.js';
import { traceFindings } from './trace.js';
import type { ServiceEndpoints } from '../analysis/endpoints.js';

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
  const toRead = new Map<string, InputFile>();
  const add = (file: string) => toRead.has(file) || toRead.set(file, { path: file, displayPath: displayPath(file, cwd) });
  for (const file of layout.plain) add(file);
  for (const root of layout.roots) {
    add(root.kustomization.file);
    for (const file of root.members.keys()) add(file);
  }
  for (const chart of layout.charts.keys()) add(path.join(chart, 'Chart.yaml'));
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
  const sets = await detectSets({ layout, models, stdin: stdin ? stdinKeys : null, configured, releases: chartReleases(options, cwd), cwd });

  const renderer = options.render === 'never' ? null : findRenderer(options.env ?? process.env);
  const helm = options.render === 'never' ? null : findHelm(options.env ?? process.env);
  const { rendered, charted } = await renderAll(sets, renderer, helm, options.defaultNamespace ?? null);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const analyses: Analysis[] = [];
  const summaries: SetSummary[] = [];
  const notes: SetNote[] = [];
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
    const render = rendered.get(set) ?? null;
    const mode = options.render ?? 'auto';
    const chart = charted.get(set) ?? null;
    notes.push(...(set.chart ? chartNotes(set, helm, chart, mode, cwd) : notesFor(set, renderer, render, mode, cwd)));
    const outcome =
      chart?.ok ? lintChart(chart.templates, options, cwd)
      : render?.ok ? lintRendered(set, render.text, render.base, models, options)
      : lintAsWritten(set, models, options);
    addTimings(outcome.result);
    findings.push(...outcome.result.findings);
    suppressed.push(...outcome.result.suppressed);
    analyses.push(outcome.result.analysis);
    summaries.push({
      kind: set.kind,
      root: set.kind === 'stdin' || set.kind === 'configured' ? set.root : set.root === cwd ? '.' : displayPath(set.root, cwd),
      definedBy: set.definedBy && displayPath(set.definedBy, cwd),
      files: chart?.ok ? chart.templates.map((t) => displayPath(t.file, cwd)) : [...set.files.keys()].map((f) => models.get(f)?.file.path ?? displayPath(f, cwd)),
      objects: outcome.objects,
      renderedBy: chart?.ok ? 'helm template' : render?.ok ? renderer!.name : null,
      why: set.why,
    });
  }
  const notesResult = lintNotes(notes, models, options);
  if (notesResult) {
    addTimings(notesResult);
    findings.push(...notesResult.findings);
    suppressed.push(...notesResult.suppressed);
  }
  const model = assembleModel(fileModels, options);
  const shown = unique(findings).sort(compareFindings);
  const hidden = unique(suppressed).sort(compareFindings);
  const result: LintResult = {
    findings: shown,
    suppressed: hidden,
    model,
    analysis: joinAnalyses(analyses, model),
    summary: { ...model.stats, ...countFindings(shown, hidden) },
    // Each stage and rule over all sets together.
    ...(options.timing && { timings: [...timings.values()] }),
  };
  return { result, sets: summaries, threads, stdinPaths: stdinKeys.map((k) => models.get(k)!.file.path), unnamed: unnamedFiles(inputs, layout, cwd) };
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
    const isNamed = named.has(file) || (path.basename(file) === 'Kustomization' && inputs.some((f) => path.dirname(f.path) === root.kustomization.dir));
    if (isNamed) for (const member of [file, ...root.members.keys()]) reported.add(member);
  }
  const unnamed = new Set<string>();
  for (const root of layout.roots) for (const file of [root.kustomization.file, ...root.members.keys()]) if (!reported.has(file)) unnamed.add(displayPath(file, cwd));
  return [...unnamed];
}

/** The files each configured set's globs match (absolute paths). */
async function configuredSets(sets: readonly ConfiguredSet[], cwd: string): Promise<{ name: string; files: Set<string> }[]> {
  const found = [];
  for (const set of sets) {
    // A folder stands for everything below it, as on the command line.
    const patterns = set.include.map((p) => (!isDynamicPattern(p) && isFolder(path.resolve(cwd, p)) ? `${p.replace(/\/+$/, '')}/**` : p));
    const files = await globFiles(patterns, { cwd, absolute: true, dot: true, suppressErrors: true });
    found.push({ name: set.name, files: new Set(files) });
  }
  return found;
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Keys of standard input's parts among the models (never a file path). */
const STDIN_KEY = '\0stdin:';

/**
 * Standard input, one model per template of `helm template` output (its `# Source:` comments), else one model named
 * by --stdin-filename (default "-").
 */
async function modelStandardInput(firstFileId: number, options: SetsOptions): Promise<FileModel[]> {
  const read = await readInput({ path: '-', displayPath: '-' }, options.readStdin);
  const parts = read.encodingProblem ? [{ source: null, text: read.text }] : splitHelmSources(read.text);
  return parts.map((part, i) =>
    modelFile({ displayPath: part.source ?? options.stdinFilename ?? '-', text: part.text, encodingProblem: read.encodingProblem, encodingProblemOffset: read.encodingProblemOffset }, firstFileId + i, options),
  );
}

type Render = { ok: true; text: string; base: string } | { ok: false; message: string };

/** Renders the kustomizations (with kustomize or kubectl) and charts (with helm) that can be rendered, a few at a time. */
async function renderAll(sets: readonly DeployableSet[], renderer: Renderer | null, helm: string | null, namespace: string | null): Promise<{ rendered: Map<DeployableSet, Render>; charted: Map<DeployableSet, ChartOutcome> }> {
  const rendered = new Map<DeployableSet, Render>();
  const charted = new Map<DeployableSet, ChartOutcome>();
  const queue = sets.filter((s) =>
    s.chart ? helm !== null : renderer !== null && s.kustomize !== null && s.kustomize.kustomizations.every((k) => k.unsafe.length === 0 && k.remote.length === 0 && !k.problem),
  );
  const worker = async () => {
    for (let set = queue.shift(); set; set = queue.shift()) {
      // A release without a namespace of its own goes where objects that name none go.
      if (set.chart) charted.set(set, await renderChart(helm!, set.root, { ...set.chart, namespace: set.chart.namespace ?? namespace }));
      else rendered.set(set, await renderKustomization(renderer!, set.root));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_RENDERS }, worker));
  return { rendered, charted };
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

/** What svclint says about a set it could not render or analyse in full. */
function notesFor(set: DeployableSet, renderer: Renderer | null, failed: Render | null, mode: RenderMode, cwd: string): SetNote[] {
  const notes = [...set.notes];
  const build = set.kustomize;
  if (!build || failed?.ok) return notes;
  const root = build.kustomization;
  // At the root's first key that only kustomize can apply, else at its start.
  const field = root.transforms.map((t) => root.keys.get(t)).find((range) => range !== undefined) ?? [0, 0];
  const at = { file: root.file, start: field[0], end: field[1] };
  for (const k of build.kustomizations) {
    if (k.problem) notes.push({ ...at, file: k.file, severity: 'warning', message: `${k.problem}; kustomize cannot build it` });
  }
  const transforms = [...new Set(build.kustomizations.flatMap((k) => k.transforms))];
  const unsafe = [...new Set(build.kustomizations.flatMap((k) => k.unsafe))];
  const remote = [...new Set(build.kustomizations.flatMap((k) => k.remote))];
  const asWritten = `its ${set.files.size} resource file(s) were linted as written${namespaceOf(set)}`;
  if (failed && !failed.ok) {
    // A file missing from the checkout is not a mistake in the manifests: a note (svclint still lints them as written).
    const missing = failedOnMissingFile(failed.message);
    const because = missing ? ' (a file it reads is missing)' : failedOnUnknownFeature(failed.message) ? ' (the renderer may be older than the kustomization)' : '';
    notes.push({ ...at, severity: missing ? 'note' : 'warning', message: `${renderer!.name} could not build this kustomization: ${shortenPaths(failed.message, cwd)}; ${asWritten}${because}` });
  } else if (unsafe.length > 0) {
    notes.push({ ...at, severity: 'note', message: `This kustomization uses ${unsafe.join(', ')}, which svclint never enables (it would run code from the repository); ${asWritten}${transforms.length ? `; not applied: ${transforms.join(', ')}` : ''}` });
  } else if (remote.length > 0) {
    notes.push({ ...at, severity: 'note', message: `This kustomization uses remote resources (${remote.slice(0, 3).join(', ')}${remote.length > 3 ? ', …' : ''}), which are not in the input; ${asWritten}${transforms.length ? `; not applied: ${transforms.join(', ')}` : ''}` });
  } else if (transforms.length > 0) {
    const why = mode === 'never' ? 'rendering is off: --render never' : 'neither kustomize nor kubectl is on PATH';
    const vars = build.kustomizations.flatMap((k) => k.vars.map((name) => `$(${name})`));
    const substituted = vars.length ? ` (so ${vars.slice(0, 3).join(', ')}${vars.length > 3 ? ', …' : ''} stay as written and are not judged)` : '';
    notes.push({ ...at, severity: 'note', message: `This kustomization was not rendered (${why}), so ${asWritten}; not applied: ${transforms.join(', ')}${substituted}` });
  }
  return notes;
}

/** Absolute paths in a renderer's message, relative to the working directory as every path svclint prints. */
function shortenPaths(message: string, cwd: string): string {
  return message.replace(/\/[^\s':"\]]+/g, (absolute) => (absolute.startsWith(cwd + path.sep) ? path.relative(cwd, absolute) : absolute));
}

function namespaceOf(set: DeployableSet): string {
  const namespaces = new Set([...set.files.values()].filter((n) => n !== null));
  return namespaces.size === 1 ? ` in namespace ${[...namespaces][0]}` : '';
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
  const result = lintModel(setModel, options);
  // kustomize substitutes its vars when it builds: unrendered, `$(NAME)` is not the kubelet's to expand.
  const vars = set.kustomize?.kustomizations.flatMap((k) => k.vars) ?? [];
  if (vars.length === 0) return { result, objects: setModel.objects.length };
  const references = vars.map((name) => `$(${name})`);
  const isVarFinding = (f: Finding) => f.ruleId === 'env-var-order' && references.some((r) => f.message.includes(r));
  return { result: { ...result, findings: result.findings.filter((f) => !isVarFinding(f)) }, objects: setModel.objects.length };
}

/** Lints the rendered build, then points each finding at the source file and node it came from. */
function lintRendered(set: DeployableSet, text: string, base: string, models: ReadonlyMap<string, FileModel>, options: SetsOptions): SetOutcome {
  const kustomizationFile = models.get(set.kustomize!.kustomization.file)!.file;
  const rendered = relocated(modelFile({ displayPath: `${kustomizationFile.path} (rendered)`, text }, 0, options), 0, set.targetNamespace ?? null);
  const setModel = assembleModel([rendered], options);
  const result = lintModel(setModel, options);
  const sources = new Map([...set.files.keys()].flatMap((f) => (models.has(f) ? [[f, models.get(f)!] as const] : [])));
  const context = { rendered, renderedText: text, originBase: base, sources, fallback: kustomizationFile };
  return {
    result: { ...result, findings: traceFindings(result.findings, context), suppressed: traceFindings(result.suppressed, context) },
    objects: setModel.objects.length,
  };
}

/** The notes about every set, as findings of the deployable-set rule (and the suppressions of the files they are in). */
function lintNotes(notes: readonly SetNote[], models: ReadonlyMap<string, FileModel>, options: SetsOptions): LintResult | null {
  if (notes.length === 0) return null;
  const files = new Map<string, FileModel>();
  for (const note of notes) {
    const model = models.get(note.file);
    if (model && !files.has(note.file)) files.set(note.file, { ...relocated(model, files.size, null), objects: [], problems: [] });
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
  const move = <T extends ManifestObject>(o: T): T => ({ ...o, fileId, ...(namespace !== null && o.namespace !== null && { namespace }) });
  return {
    ...model,
    file: { ...model.file, id: fileId },
    objects: model.objects.map((o) => (o.category === 'workload' && o.leaderPods ? { ...move(o), leaderPods: move(o.leaderPods) } : move(o))),
    problems: model.problems.map((p) => ({ ...p, fileId })),
  };
}

/** One finding per position, rule and message: a file in several sets gets the same finding from each. */
function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.endLine}\0${f.endColumn}\0${f.ruleId}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The sets' analyses as one, for reports: each Service's endpoints as its own set predicted them. */
function joinAnalyses(analyses: readonly Analysis[], model: Model): Analysis {
  const endpoints: ServiceEndpoints[] = [];
  const owner = new Map<ServiceModel, Analysis>();
  const byName = new Map<string, ServiceModel>();
  for (const analysis of analyses) {
    for (const entry of analysis.endpoints) {
      if (owner.has(entry.service)) continue;
      owner.set(entry.service, analysis);
      endpoints.push(entry);
      const key = `${entry.service.namespace}/${entry.service.name}`;
      if (!byName.has(key)) byName.set(key, entry.service);
    }
  }
  // A Service of a rendered set's source file: reports find its rendered copy by name, else the input analysed whole.
  let whole: Analysis | null = null;
  const analysisOf = (service: ServiceModel) =>
    owner.get(service) ?? owner.get(byName.get(`${service.namespace}/${service.name}`)!) ?? (whole ??= analyse(model, DEFAULT_SETTINGS));
  return {
    endpoints,
    endpointsOf: (service) => { const same = owner.has(service) ? service : byName.get(`${service.namespace}/${service.name}`) ?? service; return analysisOf(service).endpointsOf(same); },
    findService: (namespace, name) => byName.get(`${namespace}/${name}`) ?? null,
    dnsNamesOf: (service) => analysisOf(service).dnsNamesOf(service),
    environmentOf: (service) => analysisOf(service).environmentOf(service),
  };
}

