// Turns the user's paths, folders, globs and "-" into a sorted list of files to read.
import { statSync } from 'node:fs';
import { stat, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { globby, isDynamicPattern, type Options } from 'globby';
import { compareText } from '../strings.js';
import { ChartFolders } from './charts.js';

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
    let code: string | undefined;
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => ((code = error.code), null));
    if (info?.isDirectory()) {
      const found = await globFiles(MANIFEST_GLOB, {
        cwd: absolute,
        absolute: true,
        ignore: IGNORED,
        dot: false,
        suppressErrors: true,
      });
      if (found.length === 0) {
        // suppressErrors hides a folder that cannot be listed: say so rather than "no files".
        const unreadable = await readdir(absolute).then(
          () => null,
          (error: NodeJS.ErrnoException) => error.code,
        );
        if (unreadable)
          throw new UsageError(
            `${arg}: cannot read folder: ${unreadable === 'EACCES' ? 'permission denied' : unreadable}`,
          );
        throw new UsageError(`${arg}: no *.yaml, *.yml or *.json files in this folder`);
      }
      found.forEach((f) => add(f));
    } else if (info) {
      add(absolute);
    } else if (isDynamicPattern(arg)) {
      const found = await globFiles(arg, { cwd, absolute: true, ignore: IGNORED, suppressErrors: true });
      if (found.length === 0) throw new UsageError(`${arg}: no files match this pattern`);
      found.forEach((f) => add(f));
    } else if (code === 'EACCES') {
      throw new UsageError(`${arg}: cannot read: permission denied`);
    } else if (code === 'ELOOP') {
      throw new UsageError(`${arg}: cannot read: symbolic link loop`);
    } else {
      throw new UsageError(`${arg}: no such file or directory`);
    }
  }
  // Sorted path order is the apply order later rules rely on; stdin comes last.
  const sorted = [...files.values()].sort((a, b) => compareText(a.displayPath, b.displayPath));
  if (stdin) sorted.push({ path: '-', displayPath: '-' });
  return sorted;
}

/**
 * The files a glob matches, walking folders as `kubectl apply -R` does: a symbolic link to a file counts, a link to a
 * folder is not followed. Following them, two links back to a parent folder made the walk exponential (it never
 * ended), and one made it list every file once per level until the path was too long.
 */
export async function globFiles(patterns: string | string[], options: Options): Promise<string[]> {
  const entries = await globby(patterns, {
    ...options,
    followSymbolicLinks: false,
    onlyFiles: false,
    objectMode: true,
  });
  const files: string[] = [];
  for (const entry of entries) {
    const { dirent } = entry;
    const file = dirent.isFile() || (dirent.isSymbolicLink() && (await stat(entry.path).catch(() => null))?.isFile());
    if (file) files.push(path.normalize(entry.path));
  }
  return files;
}

/**
 * The files named by --context patterns: loaded for the analysis, reported on only when the command line names them
 * too. Unlike command-line paths a pattern may match nothing (a repository without manifests yet), a pattern
 * starting with "!" excludes files, .gitignore is respected, dot folders, node_modules and .git are skipped, and so
 * are the templates of Helm charts (a templates/ folder beside a Chart.yaml): they are not YAML until rendered.
 */
export async function resolveContext(patterns: readonly string[], cwd: string): Promise<InputFile[]> {
  const include: string[] = [];
  const exclude: string[] = [];
  const literal: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      exclude.push(pattern.slice(1));
      continue;
    }
    const absolute = path.resolve(cwd, pattern);
    const info = isDynamicPattern(pattern) ? null : await stat(absolute).catch(() => null);
    if (info?.isDirectory()) include.push(`${toGlobPath(path.relative(cwd, absolute))}${MANIFEST_GLOB}`);
    else if (info) literal.push(absolute);
    else include.push(pattern);
  }
  const found =
    include.length === 0
      ? []
      : await globFiles(include, {
          cwd,
          absolute: true,
          ignore: [...IGNORED, ...exclude],
          gitignore: true,
          dot: false,
          suppressErrors: true,
        });
  // Named files are not globbed, so the exclusions are applied to them by matching.
  const excluded =
    literal.length === 0 || exclude.length === 0
      ? null
      : new Set(await globFiles(exclude, { cwd, absolute: true, dot: true, suppressErrors: true }));
  const files = new Map<string, InputFile>();
  const charts = new ChartFolders();
  for (const file of [...found.map((f) => path.normalize(f)), ...literal]) {
    if (excluded?.has(file) || charts.inTemplates(file)) continue;
    files.set(file, { path: file, displayPath: displayPath(file, cwd) });
  }
  return [...files.values()];
}

/** A relative folder as a glob prefix ("" for the folder itself), with forward slashes and glob characters escaped. */
function toGlobPath(relative: string): string {
  if (relative === '') return '';
  return `${relative
    .split(path.sep)
    .join('/')
    .replace(/[*?[\]{}()!]/g, '\\$&')}/`;
}

/** Sorted path order (the apply order later rules rely on), standard input last. */
export function sortInputs(files: Iterable<InputFile>): InputFile[] {
  const list = [...files];
  const stdin = list.filter((f) => f.path === '-');
  const sorted = list.filter((f) => f.path !== '-').sort((a, b) => compareText(a.displayPath, b.displayPath));
  return [...sorted, ...stdin.slice(0, 1)];
}

/** Whether the path is a folder (false when it does not exist or cannot be read). */
export function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative === '' ? path.basename(absolute) : relative).split(path.sep).join('/');
}

export interface ReadResult {
  text: string;
  /** Set when the bytes are not clean UTF-8 text. */
  encodingProblem: string | null;
  /** Where in `text` the encoding problem is (the first invalid byte). */
  encodingProblemOffset?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

export async function readInput(file: InputFile, readStdin: () => Promise<Buffer> = readAllStdin): Promise<ReadResult> {
  return decode(await readInputBytes(file, readStdin));
}

/** The bytes of an input file (or standard input); a file that cannot be read is a UsageError naming it. */
export async function readInputBytes(
  file: InputFile,
  readStdin: () => Promise<Buffer> = readAllStdin,
): Promise<Buffer> {
  try {
    return file.path === '-' ? await readStdin() : await readFile(file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : ((error as Error).message ?? String(error));
    throw new UsageError(`${file.displayPath}: cannot read file: ${reason}`);
  }
}

export function decode(bytes: Uint8Array): ReadResult {
  if (bytes.includes(0))
    return { text: '', encodingProblem: 'binary file (it contains NUL bytes), not YAML or JSON; not analysed' };
  try {
    return { text: utf8.decode(bytes), encodingProblem: null };
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    // The text before the bad byte is valid, so its decoded length is the character offset.
    const offset = lossyUtf8.decode(bytes.subarray(0, bad)).length;
    return {
      text: lossyUtf8.decode(bytes),
      encodingProblem: 'file is not valid UTF-8; invalid bytes were read as U+FFFD',
      encodingProblemOffset: offset,
    };
  }
}

/** Index of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0) return i;
    // After E0, ED, F0 and F4 the second byte's range is narrower (no overlong forms, surrogates or code points past
    // U+10FFFF): without this check such a file's problem was placed at its end.
    const second = bytes[i + 1] ?? 0;
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    )
      return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
