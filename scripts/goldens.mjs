// The files `npm run update` writes from svclint's own output, and that tests compare with it: one list, so that a
// test and the generator cannot disagree about what a golden file holds. Each entry gets the library (the sources
// when a test calls it, dist/ when scripts/update.mjs does) and returns the text of the file.
//
// A new rule, format or example changes these files; run `npm run update` and read the diff before committing it.

/** The report formats with a golden file of examples/broken, and the file each is kept in (under test/golden/). */
export const GOLDEN_FORMATS = [
  ['sarif', 'sarif.sarif'],
  ['github', 'github.txt'],
  ['junit', 'junit.xml'],
  ['gitlab', 'gitlab.json'],
  ['markdown', 'markdown.md'],
];

/** The context the golden reports are formatted with: no colour, a fixed version (the real one changes). */
export const GOLDEN_CONTEXT = { color: false, toolVersion: '1.2.3' };

/** The findings of examples/broken, one JSON object a line (a readable diff when one changes). */
export function examplesGolden(result) {
  const rows = result.findings.map(({ ruleId, severity, file, line, column, message }) =>
    JSON.stringify({ ruleId, severity, file, line, column, message }),
  );
  return `[\n${rows.map((row) => `  ${row}`).join(',\n')}\n]\n`;
}

/** The configuration schema published at schemas/config.schema.json. */
export function configSchemaText(configSchema, rules) {
  return `${JSON.stringify(configSchema(rules), null, 2)}\n`;
}

/**
 * Every golden file, by path from the repository root, for the library `lib`:
 * { lintPaths, formatters, rules, configSchema } and the repository root `root`.
 */
export async function goldenFiles(lib, root) {
  const broken = await lib.lintPaths(['examples/broken'], { cwd: root });
  const files = new Map();
  for (const [format, file] of GOLDEN_FORMATS)
    files.set(`test/golden/${file}`, lib.formatters[format](broken, GOLDEN_CONTEXT));
  files.set('test/golden/examples-broken.json', examplesGolden(broken));
  files.set('schemas/config.schema.json', configSchemaText(lib.configSchema, lib.rules));
  return files;
}

/** What a test says when a generated file is missing or differs: the one command that fixes it. */
export const UPDATE_HINT = 'run `npm run update` (regenerates every generated file) and commit the result';
