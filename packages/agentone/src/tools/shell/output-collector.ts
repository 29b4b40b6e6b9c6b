/** Output as the model sees it: whole when short, else its head and tail around a marker. */
export interface CappedOutput {
  text: string;
  truncated: boolean;
  /** Characters received in all, including the cut ones. */
  totalCharacters: number;
}

/**
 * Collects a process's output in arrival order within bounded memory, keeping the first and the last
 * `maxCharacters / 2` characters: the head shows what started, the tail shows how it ended (the
 * failing test, the final error). The cut is marked `[... N characters cut ...]`; the marker is not
 * counted against `maxCharacters`.
 *
 * @example
 * ```ts
 * const collector = new OutputCollector(10);
 * collector.append("0123456789abcdef");
 * collector.result().text; // "01234\n[... 6 characters cut ...]\nbcdef"
 * ```
 */
export class OutputCollector {
  readonly #headLimit: number;
  readonly #tailLimit: number;
  #head = "";
  #tail = "";
  #total = 0;

  constructor(maxCharacters: number) {
    this.#headLimit = Math.ceil(maxCharacters / 2);
    this.#tailLimit = maxCharacters - this.#headLimit;
  }

  append(text: string): void {
    this.#total += text.length;
    const headRoom = Math.max(0, this.#headLimit - this.#head.length);
    this.#head += text.slice(0, headRoom);
    const rest = text.slice(headRoom);
    if (rest.length === 0) return;
    this.#tail += rest;
    // Trimming only once the tail holds twice its limit keeps appends amortized linear.
    if (this.#tail.length > 2 * this.#tailLimit) this.#tail = this.#tail.slice(-this.#tailLimit);
  }

  result(): CappedOutput {
    const tail = this.#tailLimit === 0 ? "" : this.#tail.slice(-this.#tailLimit);
    const cut = this.#total - this.#head.length - tail.length;
    if (cut <= 0) return { text: this.#head + this.#tail, truncated: false, totalCharacters: this.#total };
    return {
      text: `${this.#head}\n[... ${cut} characters cut ...]\n${tail}`,
      truncated: true,
      totalCharacters: this.#total,
    };
  }
}

/**
 * Caps a finished text the way `OutputCollector` caps a stream.
 *
 * @example
 * ```ts
 * capOutput("short", 100); // { text: "short", truncated: false, totalCharacters: 5 }
 * ```
 */
export function capOutput(text: string, maxCharacters: number): CappedOutput {
  const collector = new OutputCollector(maxCharacters);
  collector.append(text);
  return collector.result();
}
