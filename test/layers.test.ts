// The layers of svclint, lowest first, and a check that no module imports from a layer above its own. A finding's
// trip is input -> load -> model -> analysis -> rules -> report -> cli/action; the orchestration that drives that trip
// (reading files on worker threads, deployable sets) imports the stages it drives, never the other way round.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');

/**
 * Each level is a list of groups; a group is named by path prefixes (a folder ends with "/"). A module may import
 * modules of its own group and of any lower level, never of a higher level nor of another group on its own level.
 */
const LEVELS: readonly (readonly { name: string; paths: readonly string[] }[])[] = [
  [{ name: 'base', paths: ['src/strings.ts', 'src/settings.ts', 'src/version.ts', 'src/position/'] }],
  // Text to YAML documents (and the comment directives in that text).
  [{ name: 'load', paths: ['src/load/', 'src/suppress/types.ts', 'src/suppress/directives.ts'] }],
  // Documents to the compact model; it is handed documents and never reads files.
  [{ name: 'model', paths: ['src/model/'] }],
  // Files, folders, globs and standard input read (on worker threads for large inputs), each file loaded and modelled.
  [{ name: 'input', paths: ['src/input/'] }],
  [{ name: 'analysis', paths: ['src/analysis/'] }],
  [{ name: 'rule API', paths: ['src/rule.ts'] }],
  [{ name: 'rules', paths: ['rules/', 'src/rule-docs.ts'] }],
  // The pipeline of one model: analysis, rules, suppressions, sorted findings.
  [{ name: 'lint', paths: ['src/lint.ts', 'src/suppress/apply.ts', 'src/config/types.ts'] }],
  // Deployable sets: found in the input, rendered, each linted on its own, their reports joined.
  [{ name: 'sets', paths: ['src/sets/'] }],
  [{ name: 'paths', paths: ['src/lint-paths.ts', 'src/baseline.ts'] }],
  [{ name: 'config', paths: ['src/config/'] }],
  [{ name: 'report', paths: ['src/report/'] }],
  [{ name: 'library', paths: ['src/index.ts'] }],
  // Two front ends of the library: neither imports the other.
  [
    { name: 'cli', paths: ['src/cli/'] },
    { name: 'action', paths: ['src/action/'] },
  ],
];

interface Placed {
  level: number;
  group: string;
}

/** The level and group of a repository-relative path: the longest matching prefix wins. */
function place(file: string): Placed | null {
  let best: (Placed & { length: number }) | null = null;
  LEVELS.forEach((groups, level) => {
    for (const group of groups) {
      for (const prefix of group.paths) {
        const matches = prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix;
        if (matches && (!best || prefix.length > best.length))
          best = { level, group: group.name, length: prefix.length };
      }
    }
  });
  return best && { level: (best as Placed).level, group: (best as Placed).group };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

/** The relative modules a file imports, as repository-relative .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    if (!specifier.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
    found.push(target);
  }
  return found;
}

const files = [...sourceFiles('src'), ...sourceFiles('rules')];

describe('layers', () => {
  it('places every module of src/ and rules/ in a layer', () => {
    expect(files.filter((f) => place(f) === null)).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no import that climbs to a higher layer or crosses to another group of the same level', () => {
    const climbs: string[] = [];
    for (const file of files) {
      const from = place(file);
      if (!from) continue;
      for (const target of importsOf(file)) {
        const to = place(target);
        // A module outside src/ and rules/ (test helpers, scripts) is never imported by the product.
        if (!to) {
          climbs.push(`${file} imports ${target}, which is in no layer`);
          continue;
        }
        if (to.level > from.level || (to.level === from.level && to.group !== from.group)) {
          climbs.push(`${file} (${from.group}) imports ${target} (${to.group})`);
        }
      }
    }
    expect(climbs).toEqual([]);
  });

  it('reads the imports it checks', () => {
    // The check above is only as good as its reading of import statements: known imports must be found.
    expect(importsOf('src/input/model-file.ts')).toEqual(
      expect.arrayContaining(['src/load/documents.ts', 'src/model/build.ts']),
    );
    expect(importsOf('src/action/run.ts')).toContain('src/index.ts');
    expect(place('src/load/documents.ts')!.level).toBeLessThan(place('src/model/build.ts')!.level);
    expect(place('src/model/build.ts')!.level).toBeLessThan(place('src/input/parallel.ts')!.level);
  });
});
