// A worker thread that reads and models files for src/input/parallel.ts: the YAML syntax trees and their garbage stay
// in this thread's heap; only the compact file models cross back.
import { parentPort, workerData } from 'node:worker_threads';
import { decode, UsageError } from './inputs.js';
import { modelFile, modelInput } from './model-file.js';
import { packModel } from './cache.js';
import type { ModelRequest, ModelResponse, WorkerSetup } from './parallel.js';

// yaml reads process.env.LOG_TOKENS for every token; on a plain copy that is a property read, not a lookup in the
// thread's environment store (without this, parsing here was 1.7x slower than in the main thread).
process.env = { ...process.env };

const setup = workerData as WorkerSetup;
const port = parentPort!;

port.on('message', (request: ModelRequest) => {
  void modelOne(request).then((response) => {
    // Typed arrays (a packed model, the line starts): move their buffers instead of copying them.
    const view = response.packed ?? (response.model?.file.lineStarts as Uint32Array | undefined);
    port.postMessage(response, view && movable(view) ? [view.buffer as ArrayBuffer] : []);
  });
});

/** Whether a view owns its whole buffer (not a slice of a shared pool), so that moving the buffer moves only it. */
function movable(view: ArrayBufferView): boolean {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
}

async function modelOne({ fileId, input, bytes, pack }: ModelRequest): Promise<ModelResponse> {
  try {
    const options = { defaultNamespace: setup.defaultNamespace };
    const model = bytes
      ? modelFile({ displayPath: input.displayPath, ...decode(bytes) }, fileId, options)
      : await modelInput(input, fileId, options);
    return pack ? { fileId, packed: packModel(model) } : { fileId, model };
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    return { fileId, error: { usage, message, stack: error instanceof Error ? error.stack : undefined } };
  }
}
