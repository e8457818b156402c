#!/usr/bin/env node
// The svclint executable: wires runCli to the real process.
import { runCli } from './run.js';

// yaml reads process.env.LOG_TOKENS for every token; on a plain copy that is a property read, not a getenv call
// (about a sixth of parse time). Child processes still get the same environment.
process.env = { ...process.env };

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // Only --watch asks: Ctrl-C (or a task runner's SIGTERM) then ends the watch loop, which exits with 0.
  // A second Ctrl-C, with the handlers gone, kills the process as usual.
  interrupts: () => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return controller.signal;
  },
});
process.exitCode = code;
