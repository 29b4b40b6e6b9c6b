import { AgentOneClient } from "../../client/agentone-client.js";
import { ApiProblemError } from "../../core/errors/api-problem-error.js";
import { NotFoundError, UsageError } from "../../core/errors/index.js";
import { UnauthenticatedError } from "../../core/errors/request-errors.js";
import type { RemoteTarget } from "./remote-target.js";

const fullRunId = /^run_[0-9a-z]{14}$/;

/** A client of the server a remote command talks to, and the run-id resolution the local store offers. */
export interface RemoteSession {
  client: AgentOneClient;
  /** The full id of the run `idOrPrefix` names among the runs the key may see. */
  resolveRunId(idOrPrefix: string): Promise<string>;
}

function openSession(target: RemoteTarget): RemoteSession {
  const client = new AgentOneClient(target);
  return {
    client,
    async resolveRunId(idOrPrefix) {
      // The API takes only full ids (a prefix could probe other tenants' ids): a prefix is matched here,
      // over the runs this key may list, as the local store matches it over its runs.
      if (fullRunId.test(idOrPrefix)) return idOrPrefix;
      const matches: string[] = [];
      for await (const run of client.allRuns({ limit: 200 }))
        if (run.id.startsWith(idOrPrefix)) matches.push(run.id);
      if (matches.length === 0) throw new NotFoundError("run", idOrPrefix);
      if (matches.length > 1)
        throw new UsageError(
          `run prefix '${idOrPrefix}' matches ${matches.length} runs; give more of the id`,
        );
      return matches[0] as string;
    },
  };
}

/**
 * Runs a remote command's work with a session, and turns what the server answered into the CLI's errors:
 * the problem's own code and message (its exit code from the error table), with a 401 explained as a key
 * problem. An unreachable server is the client's UnavailableError (exit 1), which names the address.
 */
export async function withRemote<T>(
  target: RemoteTarget,
  work: (session: RemoteSession) => Promise<T>,
): Promise<T> {
  try {
    return await work(openSession(target));
  } catch (error) {
    if (error instanceof ApiProblemError && error.status === 401)
      throw new UnauthenticatedError(
        `the server at ${target.baseUrl} refused AGENTONE_API_KEY (${error.detail}): the key is missing, unknown or revoked`,
        { cause: error },
      );
    if (error instanceof ApiProblemError)
      throw new ApiProblemError(
        { ...error.problem, detail: `${error.detail} (server ${target.baseUrl})` },
        { cause: error },
      );
    throw error;
  }
}
