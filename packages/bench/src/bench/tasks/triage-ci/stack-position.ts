/** The 1-based line and column of a needle in a source text, as a V8 stack frame would print them. */
export function positionOf(
  source: string,
  needle: string,
  options: { columnOffset?: number } = {},
): { line: number; column: number } {
  const lines = source.split("\n");
  const index = lines.findIndex((text) => text.includes(needle));
  if (index < 0) throw new Error(`the fixture source no longer contains ${JSON.stringify(needle)}`);
  const text = lines[index] ?? "";
  return { line: index + 1, column: text.indexOf(needle) + 1 + (options.columnOffset ?? 0) };
}
