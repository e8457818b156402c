// Lints what the user named on the command line: files, folders, globs and "-".
import { resolveInputs, readInput } from './load/inputs.js';
import { lintModel, type LintOptions, type LintResult } from './lint.js';
import { assembleModel, modelFile, type FileModel } from './model/build.js';

export interface LintPathsOptions extends LintOptions {
  cwd?: string;
  /** Reads standard input for "-" (tests pass their own). */
  readStdin?: () => Promise<Buffer>;
}

export async function lintPaths(paths: readonly string[], options: LintPathsOptions = {}): Promise<LintResult> {
  const inputs = await resolveInputs(paths, options.cwd ?? process.cwd());
  const fileModels: FileModel[] = [];
  let order = 0;
  // One file at a time: its text and syntax trees are garbage once its objects are modelled.
  for (const [fileId, input] of inputs.entries()) {
    const { text, encodingProblem, encodingProblemOffset } = await readInput(input, options.readStdin);
    const fileModel = modelFile({ displayPath: input.displayPath, text, encodingProblem, encodingProblemOffset }, fileId, options, order);
    order += fileModel.objects.length;
    fileModels.push(fileModel);
  }
  return lintModel(assembleModel(fileModels), options);
}
