import { existsSync, type FSWatcher, mkdirSync, watch } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KillScope, KillSwitch } from "./kill-switch.js";

/**
 * A kill switch shared between processes through files under `<home>/kill/`: `agentone kill RUN` in one
 * terminal stops the run another terminal is executing. The embedded store cannot be opened by two
 * processes at once, so the switch does not live in it.
 */
export class FileKillSwitch implements KillSwitch {
  readonly #directory: string;

  constructor(home: string) {
    this.#directory = join(home, "kill");
  }

  async check(runId: string): Promise<KillScope | null> {
    return this.#scope(runId);
  }

  #scope(runId: string): KillScope | null {
    if (existsSync(join(this.#directory, "global"))) return "global";
    return existsSync(join(this.#directory, `run-${runId}`)) ? "run" : null;
  }

  watch(runId: string, onKill: (scope: KillScope) => void): () => void {
    mkdirSync(this.#directory, { recursive: true });
    let watcher: FSWatcher | undefined;
    let fired = false;
    const stop = () => {
      watcher?.close();
      watcher = undefined;
    };
    const look = () => {
      if (fired) return;
      const scope = this.#scope(runId);
      if (scope) {
        fired = true;
        stop();
        onKill(scope);
      }
    };
    watcher = watch(this.#directory, look);
    // The watcher must not keep a finished process alive.
    watcher.unref();
    look();
    return stop;
  }

  async trigger(target: { runId: string } | { global: true }): Promise<void> {
    mkdirSync(this.#directory, { recursive: true });
    const name = "global" in target ? "global" : `run-${target.runId}`;
    await writeFile(join(this.#directory, name), `${new Date().toISOString()}\n`);
  }

  async rearm(): Promise<void> {
    await rm(join(this.#directory, "global"), { force: true });
  }

  async isGlobalOn(): Promise<boolean> {
    return existsSync(join(this.#directory, "global"));
  }
}
