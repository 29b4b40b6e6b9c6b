/** A policy's position: what it costs on average and how often it succeeds. */
export interface ParetoPoint {
  name: string;
  cost: number;
  success: number;
}

/**
 * The names of the points on the Pareto front of cost (lower is better) against success (higher is
 * better): those no other point beats on one axis without losing on the other. Ties on both axes keep
 * every tied point.
 *
 * @example
 * ```ts
 * paretoFront([{ name: "a", cost: 1, success: 0.9 }, { name: "b", cost: 2, success: 0.8 }]); // ["a"]
 * ```
 */
export function paretoFront(points: readonly ParetoPoint[]): string[] {
  const dominates = (left: ParetoPoint, right: ParetoPoint) =>
    left.cost <= right.cost &&
    left.success >= right.success &&
    (left.cost < right.cost || left.success > right.success);
  return points
    .filter((point) => !points.some((other) => other !== point && dominates(other, point)))
    .map((point) => point.name);
}
