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
} as const;
