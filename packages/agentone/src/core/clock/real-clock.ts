import type { Clock, Deadline } from "./clock.js";

/**
 * The wall clock.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ clock: new RealClock(), store, tokenCounter, backends });
 * ```
 */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  deadline(at: number, reason: unknown): Deadline {
    const controller = new AbortController();
    const delay = at - this.now();
    if (delay <= 0) {
      controller.abort(reason);
      return { signal: controller.signal, dispose: () => {} };
    }
    const timer = setTimeout(() => controller.abort(reason), delay);
    // A pending deadline must not keep the process alive on its own.
    timer.unref();
    return { signal: controller.signal, dispose: () => clearTimeout(timer) };
  }
}
