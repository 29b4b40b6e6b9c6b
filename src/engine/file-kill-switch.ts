import { existsSync, type FSWatcher, mkdirSync, readdirSync, watch } from "node:fs";
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

  /** A run file may name a unique prefix of the id (the CLI cannot always resolve prefixes while a run holds the store). */
  #scope(runId: string): KillScope | null {
    if (!existsSync(this.#directory)) return null;
    const names = readdirSync(this.#directory);
    if (names.includes("global")) return "global";
    return names.some((name) => name.startsWith("run-") && runId.startsWith(name.slice(4))) ? "run" : null;
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
