// Standard input: read once, split into the templates of `helm template` output, each modelled as a file of its own.
import { splitHelmSources } from '../load/helm-sources.js';
import type { FileModel, ModelOptions } from '../model/build.js';
import { readInput } from './inputs.js';
import { modelFile } from './model-file.js';

export interface StandardInputOptions extends ModelOptions {
  /** Reads standard input (tests pass their own). */
  readStdin?: () => Promise<Buffer>;
  /** The name findings on standard input carry when it has no `# Source:` comments (default "-"). */
  stdinFilename?: string;
}

/**
 * Standard input, one model per template of `helm template` output (its `# Source:` comments), else one model named
 * by --stdin-filename (default "-").
 */
export async function modelStandardInput(firstFileId: number, options: StandardInputOptions): Promise<FileModel[]> {
  const read = await readInput({ path: '-', displayPath: '-' }, options.readStdin);
  const parts = read.encodingProblem ? [{ source: null, text: read.text }] : splitHelmSources(read.text);
  return parts.map((part, i) =>
    modelFile(
      {
        displayPath: part.source ?? options.stdinFilename ?? '-',
        text: part.text,
        encodingProblem: read.encodingProblem,
        encodingProblemOffset: read.encodingProblemOffset,
      },
      firstFileId + i,
      options,
    ),
  );
}
