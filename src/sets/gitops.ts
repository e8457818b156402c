// GitOps objects that say what to deploy from a folder: a Flux Kustomization or an Argo CD Application whose source
// path is in the input makes that folder a set; a chart source or a path not in the input cannot be analysed and
// gets a note (the deployable-set rule reports HelmReleases from the model).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isDirectory } from '../input/inputs.js';
import { isRecord, stringOr } from './plain-data.js';

export interface GitOpsSource {
  /** The file with the GitOps object, and where the object starts in it (character offsets). */
  file: string;
  start: number;
  end: number;
  kind: string;
  name: string;
  /** The folder it deploys (absolute), when it is in the input. */
  folder: string | null;
  /** The namespace it puts namespaced objects in (Flux spec.targetNamespace, Argo spec.destination.namespace). */
  targetNamespace: string | null;
  /** Why the folder cannot be analysed, when it cannot. */
  unknown: string | null;
  /** Whether the manifests of its subfolders are deployed too. */
  recursive: boolean;
}

const MARKERS = ['toolkit.fluxcd.io', 'argoproj.io'];

/** Whether the file may hold GitOps objects: a cheap test before parsing. */
export function mayHoldGitOps(text: string): boolean {
  return MARKERS.some((m) => text.includes(m));
}

/** The GitOps objects of a file; `top` is the folder paths fall back to as the repository root (the working directory). */
export function gitOpsSources(file: string, text: string, top: string): GitOpsSource[] {
  const sources: GitOpsSource[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch {
    return sources; // the model reports the syntax error
  }
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      continue;
    }
    if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
    const [start, , end] = doc.contents?.range ?? [0, 0, 0];
    const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '';
    const spec = isRecord(value.spec) ? value.spec : {};
    const at = { file, start, end, kind: value.kind, name, recursive: true };
    const group = value.apiVersion.split('/')[0];
    if (group === 'kustomize.toolkit.fluxcd.io' && value.kind === 'Kustomization') {
      const sourcePath = typeof spec.path === 'string' ? spec.path : './';
      sources.push({ ...at, ...resolveFolder(file, sourcePath, top), targetNamespace: stringOr(spec.targetNamespace) });
    } else if (group === 'argoproj.io' && value.kind === 'Application') {
      const source = isRecord(spec.source)
        ? spec.source
        : Array.isArray(spec.sources) && isRecord(spec.sources[0])
          ? spec.sources[0]
          : {};
      const namespace = isRecord(spec.destination) ? stringOr(spec.destination.namespace) : null;
      if (typeof source.chart === 'string' || source.helm !== undefined) {
        sources.push({
          ...at,
          folder: null,
          targetNamespace: namespace,
          unknown:
            'Argo CD renders its Helm chart in the cluster, so svclint cannot see the objects it makes; render it with `helm template` and lint the output (`helm template ... | svclint -`)',
        });
      } else if (typeof source.path === 'string') {
        // Argo CD reads a plain folder's subfolders only with directory.recurse (Flux always does).
        const recursive = isRecord(source.directory) && source.directory.recurse === true;
        sources.push({ ...at, ...resolveFolder(file, source.path, top), targetNamespace: namespace, recursive });
      }
    }
  }
  return sources;
}

/**
 * A source path is relative to the root of the repository the object names, which svclint does not know: it is the
 * nearest folder above the object's file where the path exists (the repository root, for a repository linted whole).
 */
function resolveFolder(
  file: string,
  sourcePath: string,
  top: string,
): { folder: string | null; unknown: string | null } {
  const relative = sourcePath.replace(/^\.\/?/, '').replace(/\/+$/, '');
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    // The root itself ("./") is the repository's root: the folder with .git, else the top of the input.
    const isRoot = existsSync(path.join(dir, '.git')) || dir === top;
    if (relative === '' ? isRoot : isDirectory(candidate)) return { folder: candidate, unknown: null };
    if (isRoot || path.dirname(dir) === dir) break;
  }
  return {
    folder: null,
    unknown: `its source path ${sourcePath} is not in the input (another repository, or a folder not linted), so svclint cannot analyse what it deploys`,
  };
}
