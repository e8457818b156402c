export const GOLDEN_FORMATS: [import('../src/report/index.js').FormatName, string][];
export const GOLDEN_CONTEXT: { color: boolean; toolVersion: string };
export function examplesGolden(result: import('../src/lint.js').LintResult): string;
export function configSchemaText(
  configSchema: (rules: readonly import('../src/rule.js').Rule[]) => unknown,
  rules: readonly import('../src/rule.js').Rule[],
): string;
export function goldenFiles(
  lib: {
    lintPaths: typeof import('../src/lint-paths.js').lintPaths;
    formatters: typeof import('../src/report/index.js').formatters;
    rules: readonly import('../src/rule.js').Rule[];
    configSchema: (rules: readonly import('../src/rule.js').Rule[]) => unknown;
  },
  root: string,
): Promise<Map<string, string>>;
export const UPDATE_HINT: string;
