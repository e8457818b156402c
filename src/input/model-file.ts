// The per-file step of the input layer: a file's text to its model, through the loader (text to documents) and the
// model (documents to objects). Each file's model depends on its text, display path and model options only, so a
// cache of file models can wrap modelFile.
import { readDocuments } from '../load/documents.js';
import { loadSource, type SourceText } from '../load/source.js';
import {
  assembleModel,
  fileModelOf,
  modelDocuments,
  type FileModel,
  type Model,
  type ModelOptions,
} from '../model/build.js';
import { readInput, type InputFile } from './inputs.js';

/** Models one file. Its objects' `order` counts from 0 in the file; assembleModel numbers them across files. */
export function modelFile(source: SourceText, fileId: number, options: ModelOptions): FileModel {
  const loaded = loadSource(source);
  const parts = loaded.readable
    ? [modelDocuments(readDocuments(loaded.text, { json: loaded.json }), loaded.text, fileId, options)]
    : [];
  return fileModelOf(loaded, fileId, parts);
}

/** Reads one input file (or standard input) and models it. */
export async function modelInput(
  input: InputFile,
  fileId: number,
  options: ModelOptions,
  readStdin?: () => Promise<Buffer>,
): Promise<FileModel> {
  const read = await readInput(input, readStdin);
  return modelFile({ displayPath: input.displayPath, ...read }, fileId, options);
}

/** The model of texts already read, in apply order. */
export function buildModel(sources: readonly SourceText[], options: ModelOptions = {}): Model {
  return assembleModel(
    sources.map((source, fileId) => modelFile(source, fileId, options)),
    options,
  );
}
