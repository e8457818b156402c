// What svclint says about a kustomization it could not render, or could render only in part.
import path from 'node:path';
import type { DeployableSet, SetNote } from './detect.js';
import {
  failedOnMissingFile,
  failedOnUnknownFeature,
  type Renderer,
  type RenderMode,
  type RenderOutcome,
} from './render.js';

/** What svclint says about a set it could not render or analyse in full. */
export function kustomizationNotes(
  set: DeployableSet,
  renderer: Renderer | null,
  failed: RenderOutcome | null,
  mode: RenderMode,
  cwd: string,
): SetNote[] {
  const notes: SetNote[] = [];
  const build = set.kustomize;
  if (!build || failed?.ok) return notes;
  const root = build.kustomization;
  // At the root's first key that only kustomize can apply, else at its start.
  const field = root.transforms.map((t) => root.keys.get(t)).find((range) => range !== undefined) ?? [0, 0];
  const at = { file: root.file, start: field[0], end: field[1] };
  for (const k of build.kustomizations) {
    if (k.problem)
      notes.push({ ...at, file: k.file, severity: 'warning', message: `${k.problem}; kustomize cannot build it` });
  }
  const transforms = [...new Set(build.kustomizations.flatMap((k) => k.transforms))];
  const unsafe = [...new Set(build.kustomizations.flatMap((k) => k.unsafe))];
  const remote = [...new Set(build.kustomizations.flatMap((k) => k.remote))];
  const asWritten = `its ${set.files.size} resource file(s) were linted as written${namespaceOf(set)}`;
  if (failed && !failed.ok) {
    // A file missing from the checkout is not a mistake in the manifests: a note (svclint still lints them as written).
    const missing = failedOnMissingFile(failed.message);
    const because = missing
      ? ' (a file it reads is missing)'
      : failedOnUnknownFeature(failed.message)
        ? ' (the renderer may be older than the kustomization)'
        : '';
    notes.push({
      ...at,
      severity: missing ? 'note' : 'warning',
      message: `${renderer!.name} could not build this kustomization: ${shortenPaths(failed.message, cwd)}; ${asWritten}${because}`,
    });
  } else if (unsafe.length > 0) {
    notes.push({
      ...at,
      severity: 'note',
      message: `This kustomization uses ${unsafe.join(', ')}, which svclint never enables (it would run code from the repository); ${asWritten}${transforms.length ? `; not applied: ${transforms.join(', ')}` : ''}`,
    });
  } else if (remote.length > 0) {
    notes.push({
      ...at,
      severity: 'note',
      message: `This kustomization uses remote resources (${remote.slice(0, 3).join(', ')}${remote.length > 3 ? ', …' : ''}), which are not in the input; ${asWritten}${transforms.length ? `; not applied: ${transforms.join(', ')}` : ''}`,
    });
  } else if (transforms.length > 0) {
    const why = mode === 'never' ? 'rendering is off: --render never' : 'neither kustomize nor kubectl is on PATH';
    const vars = build.kustomizations.flatMap((k) => k.vars.map((name) => `$(${name})`));
    const substituted = vars.length
      ? ` (so ${vars.slice(0, 3).join(', ')}${vars.length > 3 ? ', …' : ''} stay as written and are not judged)`
      : '';
    notes.push({
      ...at,
      severity: 'note',
      message: `This kustomization was not rendered (${why}), so ${asWritten}; not applied: ${transforms.join(', ')}${substituted}`,
    });
  }
  return notes;
}

/** Absolute paths in a renderer's message, relative to the working directory as every path svclint prints. */
function shortenPaths(message: string, cwd: string): string {
  return message.replace(/\/[^\s':"\]]+/g, (absolute) =>
    absolute.startsWith(cwd + path.sep) ? path.relative(cwd, absolute) : absolute,
  );
}

function namespaceOf(set: DeployableSet): string {
  const namespaces = new Set([...set.files.values()].filter((n) => n !== null));
  return namespaces.size === 1 ? ` in namespace ${[...namespaces][0]}` : '';
}
