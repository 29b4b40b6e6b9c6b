import { NotFoundError, UsageError } from "../../core/errors/index.js";
import type { SqlExecutor } from "./sql-executor.js";

// Enough to show the user what the prefix matches without flooding the terminal.
const shownCandidates = 5;

/** Makes `%`, `_` and the escape character itself match literally in a `like` pattern. */
function escapeLikePattern(text: string): string {
  return text.replaceAll(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Finds the run an id or id prefix names: an exact id wins, otherwise the prefix must match exactly one
 * run. Throws NotFoundError when nothing matches and UsageError, naming candidates, when several do.
 */
export async function resolveRunId(executor: SqlExecutor, idOrPrefix: string): Promise<string> {
  if (idOrPrefix.length === 0) throw new UsageError("a run id or id prefix is required");
  const exact = await executor.query<{ id: string }>("select id from runs where id = $1", [idOrPrefix]);
  if (exact[0] !== undefined) return exact[0].id;

  const matches = await executor.query<{ id: string }>(
    "select id from runs where id like $1 || '%' escape '\\' order by id limit $2",
    [escapeLikePattern(idOrPrefix), shownCandidates + 1],
  );
  const [first, second] = matches;
  if (first === undefined) throw new NotFoundError("run", idOrPrefix);
  if (second === undefined) return first.id;

  const shown = matches.slice(0, shownCandidates).map((match) => match.id);
  const more = matches.length > shownCandidates ? ", …" : "";
  throw new UsageError(
    `run id prefix '${idOrPrefix}' is ambiguous: it matches ${shown.join(", ")}${more}; give more characters`,
  );
}
