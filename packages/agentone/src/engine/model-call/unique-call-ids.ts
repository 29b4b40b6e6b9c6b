/**
 * Renames repeated tool-call ids of one turn (`id`, `id_2`, ...) so no two calls share one: approvals,
 * results and idempotency keys are keyed by them.
 *
 * @example
 * ```ts
 * uniqueCallIds([{ id: "a" }, { id: "a" }]); // [{ id: "a" }, { id: "a_2" }]
 * ```
 */
export function uniqueCallIds<Call extends { id: string }>(calls: readonly Call[]): Call[] {
  const seen = new Set<string>();
  return calls.map((call) => {
    let id = call.id;
    for (let suffix = 2; seen.has(id); suffix++) id = `${call.id}_${suffix}`;
    seen.add(id);
    return id === call.id ? call : { ...call, id };
  });
}
