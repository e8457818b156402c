// Exclusions (the configuration's `exclude`): files that are never read, whether named, found in a folder or a glob,
// or loaded as context.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'globby';
import { globFiles, type InputFile } from './inputs.js';

const IGNORED = ['**/node_modules/**', '**/.git/**'];

/**
 * Files, folders or globs relative to cwd (the configuration's exclude and sets) as globs: a folder stands for
 * everything under it, a literal path matches only itself; globs are used as they are.
 */
export async function patternGlobs(patterns: readonly string[], cwd: string): Promise<string[]> {
  return Promise.all(
    patterns.map(async (pattern) => {
      if (isDynamicPattern(pattern)) return pattern;
      const info = await stat(path.resolve(cwd, pattern)).catch(() => null);
      return info?.isDirectory() ? `${escapeGlob(pattern.replace(/\/+$/, ''))}/**` : escapeGlob(pattern);
    }),
  );
}

/** `files` without the excluded ones (standard input is never excluded). */
export async function withoutExcluded(
  files: readonly InputFile[],
  globs: readonly string[],
  cwd: string,
): Promise<InputFile[]> {
  if (globs.length === 0 || files.every((f) => f.path === '-')) return [...files];
  // globFiles does not follow links to folders: a link loop under an excluded folder made globby's walk endless.
  const excluded = new Set(
    await globFiles([...globs], {
      cwd,
      absolute: true,
      dot: true,
      ignore: IGNORED,
      suppressErrors: true,
      expandDirectories: false,
    }),
  );
  return files.filter((f) => f.path === '-' || !excluded.has(f.path));
}

/** A literal path as a glob that matches only it: glob characters escaped, forward slashes. */
export function escapeGlob(literal: string): string {
  return literal
    .split(path.sep)
    .join('/')
    .replace(/[*?[\]{}()!+@]/g, '\\$&');
}
