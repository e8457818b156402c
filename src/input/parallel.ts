// Reads and models files on worker threads, one file per request, so parsing uses every core and the parse garbage
// never reaches the main thread's heap. Small inputs are modelled in this thread: a worker costs tens of ms to start.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decode, readInput, readInputBytes, UsageError, type InputFile, type ReadResult } from './inputs.js';
import { type FileModel, type ModelOptions } from '../model/build.js';
import { modelFile } from './model-file.js';
import { contentHash, unpackModel, type KeptModels } from './cache.js';

export interface WorkerSetup {
  defaultNamespace: string | undefined;
}

export interface ModelRequest {
  fileId: number;
  input: InputFile;
  /** The file's bytes when they were read already (to hash them for the cache); else the worker reads the file. */
  bytes?: Uint8Array;
  /** Send the model packed (packModel): the cache keeps it so, and unpacking costs what receiving it would. */
  pack?: boolean;
}

export type ModelResponse =
  | { fileId: number; model: FileModel; packed?: undefined; error?: undefined }
  | { fileId: number; model?: undefined; packed: Uint8Array; error?: undefined }
  | {
      fileId: number;
      model?: undefined;
      packed?: undefined;
      error: { usage: boolean; message: string; stack?: string };
    };

export interface ModelFilesOptions extends ModelOptions {
  /** Reads standard input for "-" (always in this thread). */
  readStdin?: () => Promise<Buffer>;
  /** Worker threads: "auto" (one per core, up to 8, for inputs of 8 MiB or more) or a number (1: none). */
  threads?: number | 'auto';
  /** Models kept from earlier runs (--cache, --watch): a file whose bytes did not change is not modelled again. */
  kept?: KeptModels;
}

/**
 * Below this many bytes in all, "auto" models in this thread. A worker needs ~200 ms to parse its first file (the
 * parser's code is not optimised yet in a new thread): on two cores, 3.6 MB and 5.6 MB took as long on two workers
 * as on one thread, for 30% more CPU and memory; 18 MB took 25% less time.
 */
export const PARALLEL_MIN_BYTES = 8 << 20;
const MAX_AUTO_THREADS = 8;
const STAT_BATCH = 64;
/** Requests queued per worker, so that it reads the next file while the main thread takes in the last model. */
const IN_FLIGHT_PER_WORKER = 2;

// Next to this module: dist/src/input/ for the compiled package, the bundle's folder for the bundled CLI and action.
const WORKER_URL = new URL('./model-worker.js', import.meta.url);

export interface ModelledFiles {
  /** In input order (assembleModel numbers their objects in apply order). */
  models: FileModel[];
  /** Worker threads that modelled them; 1 when this thread did. */
  threads: number;
}

export async function modelFiles(
  inputs: readonly InputFile[],
  options: ModelFilesOptions = {},
): Promise<ModelledFiles> {
  if (options.kept) return modelChanged(inputs, options, options.kept);
  const paths = inputs.filter((f) => f.path !== '-').map((f) => f.path);
  const threads = await threadsFor(paths.length, options.threads ?? 'auto', () => totalSize(paths));
  if (threads === 1) return { models: await modelHere(inputs, options), threads };
  const files = inputs.flatMap((input, fileId) => (input.path === '-' ? [] : [{ fileId, input }]));
  const modelled = await modelOnWorkers(files, options, threads);
  // Standard input is read here, after the files, in its place at the end of the input order.
  const stdinIds = inputs.map((_, i) => i).filter((i) => inputs[i]!.path === '-');
  const stdinModels = await modelHere(
    stdinIds.map((i) => inputs[i]!),
    options,
    stdinIds,
  );
  stdinIds.forEach((fileId, i) => modelled.set(fileId, stdinModels[i]!));
  return { models: inputs.map((_, fileId) => modelled.get(fileId)!), threads };
}

/** A file whose model was not kept: read (and hashed) already. */
interface Pending {
  fileId: number;
  input: InputFile;
  bytes: Buffer;
  hash: string;
}

/**
 * With kept models: every file is read and hashed here (with --watch only the ones that changed), and only those
 * whose bytes have no kept model are modelled, here or on the worker threads, and kept.
 */
async function modelChanged(
  inputs: readonly InputFile[],
  options: ModelFilesOptions,
  kept: KeptModels,
): Promise<ModelledFiles> {
  const models: FileModel[] = new Array(inputs.length);
  const pending: Pending[] = [];
  let failure: { fileId: number; error: unknown } | null = null;
  const files = inputs.flatMap((input, fileId) => (input.path === '-' ? [] : [{ input, fileId }]));
  let next = 0;
  // A few files at a time: each is a stat (--watch) and a read, round trips to the thread pool.
  const reader = async () => {
    while (next < files.length) {
      const { input, fileId } = files[next++]!;
      try {
        const current = await kept.current(input, fileId);
        if (current) {
          models[fileId] = current;
          continue;
        }
        const bytes = await readInputBytes(input);
        const hash = contentHash(bytes);
        const hit = kept.lookup(input, hash, fileId);
        if (hit) models[fileId] = hit;
        else pending.push({ fileId, input, bytes, hash });
      } catch (error) {
        // The first failure in input order is reported, as without kept models.
        if (!failure || fileId < failure.fileId) failure = { fileId, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_AHEAD, files.length) }, reader));
  if (failure) throw (failure as { error: unknown }).error;
  pending.sort((a, b) => a.fileId - b.fileId);
  const threads = await threadsFor(pending.length, options.threads ?? 'auto', async () =>
    pending.reduce((sum, p) => sum + p.bytes.length, 0),
  );
  if (threads > 1) {
    const modelled = await modelOnWorkers(pending, options, threads, kept);
    for (const p of pending) models[p.fileId] = modelled.get(p.fileId)!;
  } else {
    for (const p of pending) {
      const model = modelFile({ displayPath: p.input.displayPath, ...decode(p.bytes) }, p.fileId, options);
      kept.store(p.input, p.hash, model);
      models[p.fileId] = model;
    }
  }
  // Standard input is read here, after the files, in its place at the end of the input order; it is never kept.
  const stdinIds = inputs.map((_, i) => i).filter((i) => inputs[i]!.path === '-');
  const stdinModels = await modelHere(
    stdinIds.map((i) => inputs[i]!),
    options,
    stdinIds,
  );
  stdinIds.forEach((fileId, i) => (models[fileId] = stdinModels[i]!));
  return { models, threads };
}

/** Files read ahead while one is modelled: each read is several round trips to the thread pool (open, stat, read, close). */
const READ_AHEAD = 16;

async function modelHere(
  inputs: readonly InputFile[],
  options: ModelFilesOptions,
  fileIds?: readonly number[],
): Promise<FileModel[]> {
  const models: FileModel[] = [];
  const reads: Promise<ReadResult>[] = [];
  const readAt = (i: number) => {
    // Each read's failure is taken when it is awaited, in input order, as without reading ahead.
    if (i < inputs.length && reads[i] === undefined)
      (reads[i] = readInput(inputs[i]!, options.readStdin)).catch(() => {});
  };
  // One file modelled at a time: its text and syntax trees are garbage once its objects are modelled.
  for (const [i, input] of inputs.entries()) {
    for (let ahead = i; ahead <= i + READ_AHEAD; ahead++) readAt(ahead);
    const read = await reads[i]!;
    delete reads[i];
    models.push(modelFile({ displayPath: input.displayPath, ...read }, fileIds?.[i] ?? i, options));
  }
  return models;
}

/** Threads to model `files` files (not standard input) with; `size` gives their bytes in all (or PARALLEL_MIN_BYTES). */
async function threadsFor(files: number, requested: number | 'auto', size: () => Promise<number>): Promise<number> {
  if (files < 2 || !existsSync(fileURLToPath(WORKER_URL))) return 1;
  if (requested !== 'auto') return Math.min(Math.max(1, Math.floor(requested)), files);
  const cores = Math.min(availableParallelism(), MAX_AUTO_THREADS, files);
  if (cores < 2) return 1;
  return (await size()) >= PARALLEL_MIN_BYTES ? cores : 1;
}

/** The files' bytes in all, counted until PARALLEL_MIN_BYTES is reached. */
async function totalSize(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  // A batch of sizes at a time: a tree of many small files reaches the threshold late.
  for (let i = 0; i < paths.length && bytes < PARALLEL_MIN_BYTES; i += STAT_BATCH) {
    // A file that cannot be stat'ed is reported when it is read.
    const sizes = await Promise.all(
      paths.slice(i, i + STAT_BATCH).map((p) =>
        stat(p).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    for (const size of sizes) bytes += size;
  }
  return bytes;
}

/** A file for a worker: its bytes when they were read already. */
type WorkerFile = Pick<ModelRequest, 'fileId' | 'input' | 'bytes'> & { hash?: string };

/** Models files (never standard input) on worker threads, by fileId; with kept models, keeps each as it comes. */
async function modelOnWorkers(
  files: readonly WorkerFile[],
  options: ModelFilesOptions,
  threads: number,
  kept?: KeptModels,
): Promise<Map<number, FileModel>> {
  const models = new Map<number, FileModel>();
  const byId = new Map(files.map((f) => [f.fileId, f]));
  const setup: WorkerSetup = { defaultNamespace: options.defaultNamespace };
  const strings = new Map<string, string>();
  const pack = kept?.packs ?? false;
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_URL, { workerData: setup }));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = 0;
      // The first failure in input order is reported, as modelling in this thread would: nothing after it is sent.
      let failure: { fileId: number; error: Error } | null = null;
      const send = (worker: Worker) => {
        if (failure || next >= files.length) return;
        const { fileId, input, bytes } = files[next++]!;
        pending++;
        worker.postMessage({ fileId, input, ...(bytes && { bytes }), ...(pack && { pack }) } satisfies ModelRequest);
      };
      const finish = () => {
        if (pending > 0 || (!failure && next < files.length)) return;
        if (failure) reject(failure.error);
        else resolve();
      };
      for (const worker of workers) {
        worker.on('message', (response: ModelResponse) => {
          pending--;
          if (response.error) {
            const { usage, message, stack } = response.error;
            const error = usage ? new UsageError(message) : Object.assign(new Error(message), { stack });
            if (!failure || response.fileId < failure.fileId) failure = { fileId: response.fileId, error };
          } else {
            const model = shareStrings(
              response.packed ? unpackModel(response.packed, response.fileId) : response.model,
              strings,
            );
            models.set(response.fileId, model);
            const file = byId.get(response.fileId)!;
            // Files sent with their bytes were hashed when read; the packed bytes are the model before numbering.
            if (kept && file.hash !== undefined) kept.store(file.input, file.hash, model, response.packed);
          }
          send(worker);
          finish();
        });
        // A worker that dies (out of memory, say) takes its files with it: the run cannot be completed. (Once the
        // promise is settled, the exits that terminate() causes change nothing.)
        worker.on('error', (error) => reject(new Error(`a modelling thread failed: ${error.message}`)));
        worker.on('exit', (code) => reject(new Error(`a modelling thread stopped early (exit code ${code})`)));
        for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) send(worker);
      }
      finish();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return models;
}

/** Strings up to this length are shared: names, kinds, protocols, label keys and values, YAML paths. */
const SHARED_STRING_MAX_LENGTH = 64;

/**
 * Each structured-cloned model brings its own copy of every string ("TCP", "apps/v1", label values): one copy per
 * distinct short string instead takes a sixth off the model's memory. Runs while the workers parse the next files.
 */
function shareStrings<T extends object>(value: T, strings: Map<string, string>): T {
  const target = value as Record<string, unknown>;
  for (const key in target) {
    const field = target[key];
    if (typeof field === 'string') {
      if (field.length > SHARED_STRING_MAX_LENGTH) continue;
      const shared = strings.get(field);
      if (shared === undefined) strings.set(field, field);
      else target[key] = shared;
    } else if (typeof field === 'object' && field !== null && !ArrayBuffer.isView(field)) {
      shareStrings(field, strings);
    }
  }
  return value;
}
