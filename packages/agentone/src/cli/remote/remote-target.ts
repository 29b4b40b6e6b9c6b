import { UsageError } from "../../core/errors/index.js";
import type { CliIo } from "../cli-io.js";

/** The server a CLI command talks to instead of opening the store, and the key it sends. */
export interface RemoteTarget {
  baseUrl: string;
  apiKey: string;
}

/**
 * The remote server named by `AGENTONE_URL` (with `AGENTONE_API_KEY`), or null when the command works on
 * the local store. Remote mode exists because the embedded store is held by the process running a run:
 * through `agentone serve`, other commands read and steer runs while they execute.
 */
export function remoteTarget(io: CliIo): RemoteTarget | null {
  const url = io.env.AGENTONE_URL?.trim();
  if (!url) return null;
  const apiKey = io.env.AGENTONE_API_KEY?.trim();
  if (!apiKey)
    throw new UsageError(
      "AGENTONE_URL is set but AGENTONE_API_KEY is not: set it to a key made with `agentone keys create` (or unset AGENTONE_URL to use the local store)",
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`AGENTONE_URL '${url}' is not a URL (expected e.g. http://127.0.0.1:8787)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new UsageError(`AGENTONE_URL '${url}' must be an http:// or https:// address`);
  return { baseUrl: url, apiKey };
}
