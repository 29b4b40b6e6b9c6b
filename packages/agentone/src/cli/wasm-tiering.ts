import { setFlagsFromString } from "node:v8";

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff) for the rest of this process: no optimising
 * (TurboFan) tier-up. Call it before the embedded store (PGlite, a 9 MB WebAssembly PostgreSQL) is first
 * opened; a module compiled earlier keeps the tiering it was compiled with.
 *
 * Why: V8 tiers PostgreSQL's hot functions up in background threads while the store opens. On a two-core
 * machine that compiling competes with the command itself, costs more CPU than the store's start, and adds
 * tens of megabytes of code; the process also waits for it at exit. Queries were no slower without it in a
 * trial of thousands of transactions: the optimised code rarely pays back its compile in a CLI's lifetime.
 * Process-wide, so only the `agentone` binary calls it, never the library (decision
 * 2026-12-07-cli-wasm-baseline-compiler; `npm run bench:engine -- --sections startup` prints the figures).
 *
 * @example
 * ```ts
 * keepWasmOnBaselineCompiler();
 * const store = await openStore({ home: ".agentone" });
 * ```
 */
export function keepWasmOnBaselineCompiler(): void {
  // Both flags: without dynamic tiering V8 would tier every function up eagerly, which is worse.
  setFlagsFromString("--no-wasm-dynamic-tiering");
  setFlagsFromString("--no-wasm-tier-up");
}

/**
 * Whether a command runs long enough for optimised WebAssembly to pay back: only the server, which keeps
 * its store open for hours. Every other command opens the store for seconds.
 */
export function isLongLivedCommand(argv: readonly string[]): boolean {
  return argv.find((argument) => !argument.startsWith("-")) === "serve";
}
