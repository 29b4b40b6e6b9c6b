import type { ModelStreamPart } from "../../backends/model-backend.js";
import type { GovernedCallResult, PartDelivery } from "./governed-call.js";

/** What the governed call hands the consumer: a part, or how the call ended. */
export type ChannelItem =
  | { type: "part"; part: ModelStreamPart; taken: () => void }
  | { type: "done"; result: GovernedCallResult }
  | { type: "failed"; error: unknown };

/**
 * The hand-over between a streamed governed call and the one consumer reading it: each delta waits until
 * the consumer takes it (no reading ahead of the client), and `stop` tells the call the consumer left.
 *
 * @example
 * ```ts
 * const channel = new PartChannel();
 * void runGovernedCall(context, request, channel).then((result) => channel.put({ type: "done", result }));
 * const item = await channel.take();
 * ```
 */
export class PartChannel implements PartDelivery {
  readonly #stop = new AbortController();
  readonly #items: ChannelItem[] = [];
  #wake: (() => void) | null = null;
  #started = false;

  get stopped(): AbortSignal {
    return this.#stop.signal;
  }

  get started(): boolean {
    return this.#started;
  }

  deliver(part: ModelStreamPart, signal: AbortSignal): Promise<void> {
    this.#started = true;
    signal.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.put({
        type: "part",
        part,
        taken: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      });
    });
  }

  put(item: ChannelItem): void {
    this.#items.push(item);
    this.#wake?.();
    this.#wake = null;
  }

  async take(): Promise<ChannelItem> {
    for (;;) {
      const item = this.#items.shift();
      if (item) return item;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** The consumer stopped reading: the call in flight aborts with `reason`. */
  stop(reason: unknown): void {
    this.#stop.abort(reason);
  }
}
