import { type KillScope, type KillSwitch, MemoryKillSwitch } from "../kill-switch/kill-switch.js";
import type { Recording } from "./recording.js";
import type { ReplayCursor } from "./replay-cursor.js";

/**
 * The replay's own kill switch: it fires where the recording says the run's did. Before a step, when the
 * recording's next event is a `run-kill`; in flight, when the replay backend or a replayed tool fires it.
 * The real kill switches (files, other processes) are never consulted: a replay cannot be killed by,
 * or kill, anything outside it.
 */
export class ReplayKillSwitch implements KillSwitch {
  readonly #memory = new MemoryKillSwitch();
  readonly #recording: Recording;
  readonly #cursor: ReplayCursor;

  constructor(options: { recording: Recording; cursor: ReplayCursor }) {
    this.#recording = options.recording;
    this.#cursor = options.cursor;
  }

  async check(runId: string): Promise<KillScope | null> {
    const fired = await this.#memory.check(runId);
    if (fired) return fired;
    if (this.#cursor.divergence !== null) return null;
    const next = this.#recording.at(this.#cursor.nextSeq);
    return next?.type === "run-kill" ? next.scope : null;
  }

  watch(runId: string, onKill: (scope: KillScope) => void): () => void {
    return this.#memory.watch(runId, onKill);
  }

  trigger(target: { runId: string } | { global: true }): Promise<void> {
    return this.#memory.trigger(target);
  }

  rearm(): Promise<void> {
    return this.#memory.rearm();
  }

  async isGlobalOn(): Promise<boolean> {
    return false;
  }
}
