// A worker thread that reads and models files for src/input/parallel.ts: the YAML syntax trees and their garbage stay
// in this thread's heap; only the compact file models cross back.
import { parentPort, workerData } from 'node:worker_threads';
import { UsageError, type InputFile } from './inputs.js';
import { modelInput } from './model-file.js';
import type { ModelRequest, ModelResponse, WorkerSetup } from './parallel.js';

// yaml reads process.env.LOG_TOKENS for every token; on a plain copy that is a property read, not a lookup in the
// thread's environment store (without this, parsing here was 1.7x slower than in the main thread).
process.env = { ...process.env };

const setup = workerData as WorkerSetup;
const port = parentPort!;

port.on('message', (request: ModelRequest) => {
  void modelOne(request.fileId, request.input).then((response) => {
    // The line starts are a typed array: move its buffer instead of copying it.
    const transfer = response.model ? [(response.model.file.lineStarts as Uint32Array).buffer as ArrayBuffer] : [];
    port.postMessage(response, transfer);
  });
});

async function modelOne(fileId: number, input: InputFile): Promise<ModelResponse> {
  try {
    return { fileId, model: await modelInput(input, fileId, { defaultNamespace: setup.defaultNamespace }) };
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    return { fileId, error: { usage, message, stack: error instanceof Error ? error.stack : undefined } };
  }
}
