// Finds the deployable sets in the input: kustomizations, Helm charts, folders a GitOps object deploys, and plain
// manifests grouped by folder. Two definitions of one object never apply together, so each set is analysed alone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileModel } from '../model/build.js';
import type { Severity } from '../model/types.js';
import { gitOpsSources, mayHoldGitOps, type GitOpsSource } from './gitops.js';
import { groupPlainFiles, objectKey } from './group-plain.js';
import type { ChartRelease } from './helm.js';
import type { KustomizeRoot, Layout } from './layout.js';

export type SetKind = 'kustomize' | 'helm' | 'folder' | 'alternative' | 'gitops' | 'configured' | 'stdin';

const KIND_LABELS: Record<SetKind, string> = {
  kustomize: 'kustomization',
  helm: 'Helm chart',
  folder: 'folder',
  alternative: 'alternative',
  gitops: 'GitOps folder',
  configured: 'configured set',
  stdin: 'standard input',
};

/** "kustomization overlays/prod": how endpoint maps and reports name a set. */
export function describeSet(set: { kind: SetKind; root: string }): string {
  return `${KIND_LABELS[set.kind]} ${set.root}`;
}

/** A note about a set, at a file of the input (offsets into it; null: its start). */
export interface SetNote {
  file: string;
  start: number;
  end: number;
  severity: Severity;
  message: string;
}

export interface DeployableSet {
  kind: SetKind;
  /** Absolute folder or file the set is named after ("-" for standard input). */
  root: string;
  /** The file that defines it (kustomization, Chart.yaml, GitOps object), or null. */
  definedBy: string | null;
  /** Absolute paths of its manifest files, in apply order, each with the namespace its objects get (null: as written). */
  files: Map<string, string | null>;
  /** The kustomize build, for a kustomization (rendered when a renderer is found). */
  kustomize: KustomizeRoot | null;
  /** How a Helm chart is rendered (one set per configured release), or null when the set is no chart. */
  chart: ChartRelease | null;
  /** The namespace a GitOps object puts the set's namespaced objects in, also after rendering; null: none. */
  targetNamespace?: string | null;
  why: string;
}

export interface DetectInput {
  layout: Layout;
  /** Models of every file read, by absolute path. */
  models: ReadonlyMap<string, FileModel>;
  /** Keys in `models` of standard input's parts (one per Helm template), or null without standard input. */
  stdin: readonly string[] | null;
  /** Sets the configuration names, with the files their globs match. */
  configured: readonly { name: string; files: ReadonlySet<string> }[];
  /** The working directory: GitOps source paths fall back to it as the repository root. */
  cwd: string;
  /** The releases the configuration gives each chart folder (absolute), by folder. */
  releases: ReadonlyMap<string, ChartRelease[]>;
}

/** The sets, and notes on GitOps objects whose sources cannot be analysed. */
export async function detectSets({
  layout,
  models,
  stdin,
  configured,
  releases,
  cwd,
}: DetectInput): Promise<{ sets: DeployableSet[]; notes: SetNote[] }> {
  const sets: DeployableSet[] = [];
  const notes: SetNote[] = [];
  const gitops = await gitOpsSourcesIn(layout, models, cwd);
  const rootByDir = new Map(layout.roots.map((r) => [r.kustomization.dir, r]));
  const claimed = new Set<string>();
  const deployedBy = new Map<KustomizeRoot, GitOpsSource>();
  // Sets the configuration names come first: the files they match are grouped by nothing else.
  for (const set of configured) {
    const files = new Map<string, string | null>();
    for (const file of layout.plain) {
      if (set.files.has(file) && !claimed.has(file)) {
        files.set(file, null);
        claimed.add(file);
      }
    }
    sets.push({
      kind: 'configured',
      root: set.name,
      definedBy: null,
      files,
      kustomize: null,
      chart: null,
      why: `named in the configuration (sets: ${set.name})`,
    });
  }
  // A GitOps folder without a kustomization is one set of every plain manifest below it (Flux generates the kustomization).
  const gitopsSets = new Map<string, DeployableSet>();
  for (const source of gitops) {
    if (source.unknown) {
      notes.push({
        file: source.file,
        start: source.start,
        end: source.end,
        severity: 'note',
        message: `${source.kind} ${source.name}: ${source.unknown}`,
      });
      continue;
    }
    const folder = source.folder!;
    const root = rootByDir.get(folder);
    if (root) {
      deployedBy.set(root, source);
      continue;
    }
    if (gitopsSets.has(folder)) continue;
    const files = new Map<string, string | null>();
    for (const file of layout.plain) {
      if (!claimed.has(file) && (source.recursive ? isInside(file, folder) : path.dirname(file) === folder)) {
        files.set(file, source.targetNamespace);
        claimed.add(file);
      }
    }
    if (files.size === 0) continue;
    const set: DeployableSet = {
      kind: 'gitops',
      root: folder,
      definedBy: source.file,
      files,
      kustomize: null,
      chart: null,
      why: `deployed by ${source.kind} ${source.name}${source.targetNamespace ? ` into namespace ${source.targetNamespace}` : ''}: ${source.recursive ? 'every manifest below the folder' : 'the manifests of the folder (not its subfolders: no directory.recurse)'}`,
    };
    gitopsSets.set(folder, set);
    sets.push(set);
  }
  for (const root of layout.roots) {
    sets.push({
      kind: 'kustomize',
      root: root.kustomization.dir,
      definedBy: root.kustomization.file,
      kustomize: root,
      chart: null,
      // A GitOps object's target namespace overrides kustomize's, as Flux's kustomize-controller sets it last.
      files: new Map(
        [...root.members].map(([file, namespace]) => [file, deployedBy.get(root)?.targetNamespace ?? namespace]),
      ),
      targetNamespace: deployedBy.get(root)?.targetNamespace ?? null,
      why: `a kustomization that no other kustomization in the input uses${root.kustomizations.length > 1 ? `, with ${root.kustomizations.length - 1} base(s) and component(s)` : ''}${describeDeployer(deployedBy.get(root))}`,
    });
  }
  for (const [chart, files] of layout.charts) {
    const chartFile = path.join(chart, 'Chart.yaml');
    for (const release of releases.get(chart) ?? [{ release: path.basename(chart), namespace: null, values: [] }]) {
      const named = release.values.length ? ` with ${release.values.map((v) => path.basename(v)).join(', ')}` : '';
      sets.push({
        kind: 'helm',
        root: chart,
        definedBy: chartFile,
        files: new Map(),
        kustomize: null,
        chart: release,
        why: `a Helm chart of ${files.length} file(s), release ${release.release}${named}; its templates are read only as helm template renders them`,
      });
    }
  }
  const plain = layout.plain.filter((f) => !claimed.has(f));
  for (const group of groupPlainFiles(plain.map((file) => ({ file, keys: keysOf(models.get(file)) })))) {
    const files = new Map(group.files.map((f) => [f, null]));
    // A set named after a file is an alternative, also when its folder's other files join it.
    sets.push({
      kind: group.files.includes(group.root) ? 'alternative' : 'folder',
      root: group.root,
      definedBy: null,
      files,
      kustomize: null,
      chart: null,
      why: group.why,
    });
  }
  if (stdin)
    sets.push({
      kind: 'stdin',
      root: '-',
      definedBy: null,
      files: new Map(stdin.map((key) => [key, null])),
      kustomize: null,
      chart: null,
      why:
        stdin.length > 1
          ? `standard input: rendered Helm output of ${stdin.length} templates (# Source: comments)`
          : 'standard input',
    });
  // Only one with resources of its own hides anything: patches alone are consumed wherever it is used.
  for (const { component, files } of layout.unusedComponents.filter((c) => c.files.length > 0)) {
    const at = component.keys.get('kind') ?? [0, 0];
    notes.push({
      file: component.file,
      start: at[0],
      end: at[1],
      severity: 'note',
      message: `This kustomize Component is used by no kustomization in the input, so its ${files.length} resource file(s) were not analysed: a component applies only inside the kustomization that lists it under components`,
    });
  }
  return { sets, notes };
}

/** ", deployed by Kustomization apps into namespace shop" for a kustomization a GitOps object deploys. */
function describeDeployer(source: GitOpsSource | undefined): string {
  if (!source) return '';
  return `; deployed by ${source.kind} ${source.name}${source.targetNamespace ? ` into namespace ${source.targetNamespace}` : ''}`;
}

/** Identities that make two files alternatives. A Namespace may be declared in every part of an app: applying it twice is harmless. */
function keysOf(model: FileModel | undefined): string[] {
  if (!model) return [];
  return model.objects
    .filter((o) => o.kind !== 'Namespace' && o.name !== '')
    .map((o) => objectKey(o.kind, o.namespace, o.name));
}

async function gitOpsSourcesIn(
  layout: Layout,
  models: ReadonlyMap<string, FileModel>,
  cwd: string,
): Promise<GitOpsSource[]> {
  const candidates = [...layout.plain, ...layout.roots.flatMap((r) => [...r.members.keys()])].filter((file) =>
    models.get(file)?.objects.some((o) => /(toolkit\.fluxcd\.io|argoproj\.io)\//.test(o.apiVersion)),
  );
  const sources: GitOpsSource[] = [];
  for (const file of new Set(candidates)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (mayHoldGitOps(text)) sources.push(...gitOpsSources(file, text, cwd));
  }
  return sources;
}

export function isInside(file: string, folder: string): boolean {
  return file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
