// Turns the user's paths, folders, globs and "-" into a sorted list of files to read.
import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { globby, isDynamicPattern } from 'globby';

/** A problem with what the user asked for (exit code 2). */
export class UsageError extends Error {}

export interface InputFile {
  /** Absolute path, or "-" for standard input. */
  path: string;
  /** Relative to cwd with forward slashes, or "-" for standard input: what findings print. */
  displayPath: string;
}

const MANIFEST_GLOB = '**/*.{yaml,yml,json}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];

export async function resolveInputs(args: readonly string[], cwd: string): Promise<InputFile[]> {
  const files = new Map<string, InputFile>();
  const add = (absolute: string) => files.set(absolute, { path: absolute, displayPath: displayPath(absolute, cwd) });
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      stdin = true;
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) {
      const found = await globby(MANIFEST_GLOB, { cwd: absolute, absolute: true, ignore: IGNORED, dot: false, suppressErrors: true });
      if (found.length === 0) throw new UsageError(`${arg}: no *.yaml, *.yml or *.json files in this folder`);
      found.forEach((f) => add(path.normalize(f)));
    } else if (info) {
      add(absolute);
    } else if (isDynamicPattern(arg)) {
      const found = await globby(arg, { cwd, absolute: true, ignore: IGNORED, suppressErrors: true });
      if (found.length === 0) throw new UsageError(`${arg}: no files match this pattern`);
      found.forEach((f) => add(path.normalize(f)));
    } else {
      throw new UsageError(`${arg}: no such file or directory`);
    }
  }
  // Sorted path order is the apply order later rules rely on; stdin comes last.
  const sorted = [...files.values()].sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  if (stdin) sorted.push({ path: '-', displayPath: '-' });
  return sorted;
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative === '' ? path.basename(absolute) : relative).split(path.sep).join('/');
}

export interface ReadResult {
  text: string;
  /** Set when the bytes are not clean UTF-8 text. */
  encodingProblem: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

export async function readInput(file: InputFile, readStdin: () => Promise<Buffer> = readAllStdin): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = file.path === '-' ? await readStdin() : await readFile(file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : ((error as Error).message ?? String(error));
    throw new UsageError(`${file.displayPath}: cannot read file: ${reason}`);
  }
  return decode(bytes);
}

export function decode(bytes: Uint8Array): ReadResult {
  if (bytes.includes(0)) return { text: '', encodingProblem: 'binary file (it contains NUL bytes), not YAML or JSON; not analysed' };
  try {
    return { text: utf8.decode(bytes), encodingProblem: null };
  } catch {
    return { text: lossyUtf8.decode(bytes), encodingProblem: 'file is not valid UTF-8; invalid bytes were read as U+FFFD' };
  }
}

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
