// Runs kustomize (or kubectl's built-in kustomize) to build a kustomization, as the user would before applying it.
// It never runs anything from the linted repository: no shell, a time limit, and none of the flags that let a
// kustomization run programs or fetch charts (--enable-alpha-plugins, --enable-exec, --enable-helm).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type { RenderMode } from '../config/types.js';

export interface Renderer {
  /** What messages call it: "kustomize" or "kubectl kustomize". */
  name: string;
  command: string;
  args: string[];
}

const RENDER_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 256 << 20;

/** kustomize on PATH, else kubectl (its `kustomize` subcommand), else null. */
export function findRenderer(env: Record<string, string | undefined> = process.env): Renderer | null {
  const kustomize = onPath('kustomize', env);
  if (kustomize) return { name: 'kustomize', command: kustomize, args: ['build'] };
  const kubectl = onPath('kubectl', env);
  if (kubectl) return { name: 'kubectl kustomize', command: kubectl, args: ['kustomize'] };
  return null;
}

export function onPath(name: string, env: Record<string, string | undefined>): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** `base`: the folder origin annotations are relative to (the wrapper's, gone by then, but paths resolve the same). */
export type RenderOutcome = { ok: true; text: string; base: string } | { ok: false; message: string };

/**
 * Builds the kustomization in `dir`. It is first built through a wrapper kustomization in a temporary folder that
 * asks for origin annotations (buildMetadata: [originAnnotations]), so each object says which file it came from;
 * a renderer too old for buildMetadata builds the folder itself, and objects are then traced by kind and name.
 */
export async function renderKustomization(renderer: Renderer, dir: string): Promise<RenderOutcome> {
  const wrapper = await mkdtemp(path.join(tmpdir(), 'svclint-render-'));
  try {
    // kustomize refuses absolute resource paths ("new root cannot be absolute"): name the folder relative to the wrapper.
    const relative = path.relative(wrapper, dir).split(path.sep).join('/');
    await writeFile(
      path.join(wrapper, 'kustomization.yaml'),
      `resources:\n- ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`,
    );
    const traced = await run(renderer, wrapper);
    if (traced.ok) return { ok: true, text: traced.text, base: wrapper };
    if (!/buildMetadata|unknown field/i.test(traced.message))
      return { ok: false, message: traced.message.split(relative).join(dir) };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
  const plain = await run(renderer, dir);
  return plain.ok ? { ok: true, text: plain.text, base: dir } : plain;
}

function run(renderer: Renderer, dir: string): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    execFile(
      renderer.command,
      [...renderer.args, dir],
      {
        timeout: RENDER_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, text: stdout });
        const killed = (error as NodeJS.ErrnoException & { killed?: boolean }).killed;
        const message = killed
          ? `${renderer.name} did not finish within ${RENDER_TIMEOUT_MS / 1000} s`
          : cleanMessage(stderr || error.message);
        resolve({ ok: false, message });
      },
    );
  });
}

/**
 * kustomize's error without klog's prefix (`E1203 13:14:02.568642 3556 run.go:72] "command failed" err=...`) and
 * without the chain of kustomizations it passed through on the way ("accumulating resources from ...").
 */
function cleanMessage(stderr: string): string {
  const line =
    stderr
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .pop() ?? 'failed';
  const klog = /err="(.*)"\s*$/.exec(line);
  const text = (klog ? klog[1]!.replace(/\\"/g, '"') : line.replace(/^Error:\s*/, ''))
    .replace(
      /accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': /g,
      '',
    )
    .replace(/^(accumulating resources: )+/, '')
    // kustomize tries a resource as a file and then as a folder, and appends the second attempt's failure.
    .replace(/^accumulation err='(.*)': must build at directory: '[^']*': file is not directory$/, '$1');
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** A build that failed on a field or feature the renderer does not know: it may be older than the kustomization. */
export function failedOnUnknownFeature(message: string): boolean {
  return /unknown field|json: cannot unmarshal|invalid Kustomization|no matches for|not supported/i.test(message);
}

/** A build that failed only because a file it reads is missing (a script or data file not in this checkout). */
export function failedOnMissingFile(message: string): boolean {
  return /no such file or directory|does not exist/i.test(message);
}
