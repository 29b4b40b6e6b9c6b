/** Where a CLI invocation reads its environment and writes its output; injected so tests run in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The documented exit codes. */
export const exitCodes = {
  complete: 0,
  failed: 1,
  usage: 2,
  partial: 3,
  /** Ctrl-C before a run exists, or a second Ctrl-C: the shell's 128 + SIGINT, nothing more recorded. */
  interrupted: 130,
} as const;
