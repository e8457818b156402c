// The first step of set detection, from paths alone: kustomizations and what they use, Helm charts, and the files
// left over as plain manifests.
import path from 'node:path';
import { ChartFolders } from '../input/charts.js';
import {
  isKustomizationFileName,
  kustomizationFileIn,
  readKustomization,
  type Kustomization,
} from './kustomization.js';

export interface KustomizeRoot {
  kustomization: Kustomization;
  /** Resource files of the build (absolute), each with the namespace kustomize gives its objects (null: as written). */
  members: Map<string, string | null>;
  /** Every kustomization of the build, the root first. */
  kustomizations: Kustomization[];
}

export interface Layout {
  roots: KustomizeRoot[];
  /** Kustomizations used by another (bases and components): in the sets of their roots. */
  included: Kustomization[];
  /**
   * Components no kustomization of the input uses, with their resource files: a component applies only inside the
   * kustomization that includes it, so its files are analysed nowhere.
   */
  unusedComponents: { component: Kustomization; files: string[] }[];
  /** Folders with a Chart.yaml, and the input files under each. */
  charts: Map<string, string[]>;
  /** Input files that a kustomization consumes (patches, generator inputs, configs): never objects. */
  consumed: Set<string>;
  /** Input files that are no kustomization's, no chart's and not consumed. */
  plain: string[];
}

/** Lays out the files: `files` are absolute paths (the input's files, standard input excluded). */
export function layOut(files: readonly string[]): Layout {
  const charts = new ChartFolders();
  const kustomizations = new Map<string, Kustomization>();
  const readAt = (dir: string): Kustomization | null => {
    if (kustomizations.has(dir)) return kustomizations.get(dir)!;
    const file = kustomizationFileIn(dir);
    const k = file ? readKustomization(file) : null;
    if (k) kustomizations.set(dir, k);
    return k;
  };
  // Every kustomization beside an input file, and every one they build on (which may lie outside the input).
  const pending = [...new Set(files.map((f) => path.dirname(f)))];
  while (pending.length > 0) {
    const k = readAt(pending.pop()!);
    if (!k) continue;
    for (const base of k.bases) if (!kustomizations.has(base)) pending.push(base);
  }
  const usedAsBase = new Set<string>();
  const consumed = new Set<string>();
  for (const k of kustomizations.values()) {
    for (const base of k.bases) usedAsBase.add(base);
    for (const file of k.consumed) consumed.add(file);
  }
  const roots: KustomizeRoot[] = [];
  const included: Kustomization[] = [];
  const unusedComponents: Layout['unusedComponents'] = [];
  for (const k of [...kustomizations.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1))) {
    if (usedAsBase.has(k.dir)) included.push(k);
    else if (!k.component) roots.push(buildOf(k, kustomizations));
    else unusedComponents.push({ component: k, files: [...buildOf(k, kustomizations).members.keys()] });
  }
  const members = new Set<string>();
  for (const root of roots) for (const file of root.members.keys()) members.add(file);
  for (const { files: componentFiles } of unusedComponents)
    for (const file of componentFiles) if (!members.has(file)) consumed.add(file);
  const chartFiles = new Map<string, string[]>();
  const plain: string[] = [];
  for (const file of files) {
    const chart = charts.chartOf(file);
    if (chart) {
      if (!chartFiles.has(chart)) chartFiles.set(chart, []);
      chartFiles.get(chart)!.push(file);
    } else if (
      !consumed.has(file) &&
      !members.has(file) &&
      !(isKustomizationFileName(file) && kustomizations.has(path.dirname(file)))
    ) {
      plain.push(file);
    }
  }
  return { roots, included, unusedComponents, charts: chartFiles, consumed, plain };
}

/**
 * The resource files of a root's build, each with the namespace its objects get: kustomize's namespace transformer
 * runs in every kustomization on everything below it, so the outermost `namespace:` wins.
 */
function buildOf(root: Kustomization, all: ReadonlyMap<string, Kustomization>): KustomizeRoot {
  const members = new Map<string, string | null>();
  const used: Kustomization[] = [];
  const visiting = new Set<string>();
  const visit = (k: Kustomization, outer: string | null) => {
    if (visiting.has(k.dir)) return; // a cycle: kustomize reports it when it builds
    visiting.add(k.dir);
    if (!used.includes(k)) used.push(k);
    const namespace = outer ?? k.namespace;
    for (const file of k.resourceFiles) if (!members.has(file)) members.set(file, namespace);
    for (const base of k.bases) {
      const inner = all.get(base);
      if (inner) visit(inner, namespace);
    }
    visiting.delete(k.dir);
  };
  visit(root, null);
  return { kustomization: root, members, kustomizations: used };
}
