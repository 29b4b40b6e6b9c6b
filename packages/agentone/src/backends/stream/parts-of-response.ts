import type { ModelResponse, ModelStreamDelta, ModelStreamPart } from "../model-backend.js";

/** Few enough to stay cheap, more than one so that a consumer meets real deltas. */
const textPieceCount = 3;
const argumentPieceLength = 16;

/** Splits by code points, so a piece never ends inside a surrogate pair. */
function piecesOf(text: string, size: number): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size)
    pieces.push(characters.slice(start, start + size).join(""));
  return pieces;
}

/**
 * The deltas a complete answer streams as, deterministically: its text in a few pieces, then each tool
 * call (id and name on its first fragment) with its arguments in short fragments. Joined, the deltas give
 * back the text and every call's arguments exactly. For backends that hold the whole answer at once (the
 * simulator, scripted and replayed answers); it reads nothing but the response.
 *
 * @example
 * ```ts
 * deltasOfResponse({ ...response, text: "It is 11 degrees", toolCalls: [] });
 * // [{ type: "text-delta", text: "It is " }, { type: "text-delta", text: "11 deg" }, { type: "text-delta", text: "rees" }]
 * ```
 */
export function deltasOfResponse(response: ModelResponse): ModelStreamDelta[] {
  const deltas: ModelStreamDelta[] = [];
  const textLength = Array.from(response.text).length;
  const textPiece = Math.max(1, Math.ceil(textLength / textPieceCount));
  for (const text of piecesOf(response.text, textPiece)) deltas.push({ type: "text-delta", text });
  response.toolCalls.forEach((call, index) => {
    const [first = "", ...rest] = piecesOf(call.arguments, argumentPieceLength);
    deltas.push({ type: "tool-call-delta", index, id: call.id, name: call.name, argumentsDelta: first });
    for (const argumentsDelta of rest) deltas.push({ type: "tool-call-delta", index, argumentsDelta });
  });
  return deltas;
}

/**
 * A complete answer as a part stream: its deltas (`deltasOfResponse`), then `finish` with the response
 * itself, unchanged. `produce` runs when the stream is first read, so a failure surfaces from the iterator
 * as the contract says.
 *
 * @example
 * ```ts
 * stream(request: ModelRequest) {
 *   return streamOfResponse(() => this.generate(request));
 * }
 * ```
 */
export async function* streamOfResponse(
  produce: () => Promise<ModelResponse>,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const response = await produce();
  yield* deltasOfResponse(response);
  yield { type: "finish", response };
}
