import { exitCodes } from "./cli-io.js";

/**
 * Resolves on the first SIGTERM or SIGINT (the server then shuts down gracefully); a second one quits at
 * once (exit 130). Returns the promise and a function that removes the handlers.
 */
export function shutdownSignal(): { received: Promise<NodeJS.Signals>; dispose: () => void } {
  let resolveSignal: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => {
    resolveSignal = resolve;
  });
  let seen = false;
  const handler = (signal: NodeJS.Signals) => {
    if (seen) process.exit(exitCodes.interrupted);
    seen = true;
    resolveSignal(signal);
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
  return {
    received,
    dispose: () => {
      process.removeListener("SIGTERM", handler);
      process.removeListener("SIGINT", handler);
    },
  };
}
