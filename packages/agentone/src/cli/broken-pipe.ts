/** The part of an output stream the broken-pipe handling needs. */
interface ErrorEmitter {
  on(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * Makes a closed reader (`agentone events --json | head -1`) end the command quietly instead of crashing
 * it with an unhandled EPIPE: whoever closed the pipe has all the output they wanted. Any other write
 * error is passed to `fail`, since losing output silently would hide it.
 *
 * @example
 * ```ts
 * exitQuietlyOnBrokenPipe(process.stdout, { exit: () => process.exit(0), fail: (error) => { throw error; } });
 * ```
 */
export function exitQuietlyOnBrokenPipe(
  stream: ErrorEmitter,
  handlers: { exit: () => void; fail: (error: Error) => void },
): void {
  stream.on("error", (error) => {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") handlers.exit();
    else handlers.fail(error);
  });
}
