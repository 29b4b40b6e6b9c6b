#!/usr/bin/env node
import { exitQuietlyOnBrokenPipe } from "./broken-pipe.js";
import { runCli } from "./run-cli.js";
import { isLongLivedCommand, keepWasmOnBaselineCompiler } from "./wasm-tiering.js";

for (const stream of [process.stdout, process.stderr]) {
  exitQuietlyOnBrokenPipe(stream, {
    // The reader has gone: the exit code is for the pipeline's reader, who stopped reading on purpose.
    exit: () => process.exit(0),
    fail: (error) => {
      throw error;
    },
  });
}

const argv = process.argv.slice(2);
if (!isLongLivedCommand(argv)) keepWasmOnBaselineCompiler();

const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
