/**
 * How streamed answers are cut into deltas: text a word or two at a time, tool-call arguments in short
 * fragments that split keys and values mid-way, as real servers do. Deterministic, so the same answer
 * streams as the same chunks.
 */

const wordsPerTextPiece = 2;
const charactersPerArgumentPiece = 12;

/** Text deltas: runs of `wordsPerTextPiece` words with their trailing whitespace. Joined, they give `text`. */
export function textPieces(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? (text === "" ? [] : [text]);
  const pieces: string[] = [];
  for (let index = 0; index < words.length; index += wordsPerTextPiece)
    pieces.push(words.slice(index, index + wordsPerTextPiece).join(""));
  return pieces;
}

/** Argument fragments (JSON text in pieces, not valid on their own). Joined, they give `argumentsText`. */
export function argumentPieces(argumentsText: string): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < argumentsText.length; index += charactersPerArgumentPiece)
    pieces.push(argumentsText.slice(index, index + charactersPerArgumentPiece));
  return pieces;
}
