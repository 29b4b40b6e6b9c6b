import { describe, expect, it } from "vitest";
import { ConfigError, UnavailableError, UsageError } from "../../core/errors/index.js";
import { RunScheduler } from "./run-scheduler.js";

/** A promise the test settles by hand. */
function gate<T = string>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (the scheduler starts runs on a later turn). */
const settle = async () => {
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
};

/** A scheduler whose runs wait on gates: `finish(id)` ends one; `started` lists them as they start. */
function harness(options: ConstructorParameters<typeof RunScheduler>[0]) {
  const scheduler = new RunScheduler(options);
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof gate<string>>>();
  const stops = new Map<string, AbortSignal>();
  const submit = (runId: string, tenant: string, priority = 0) => {
    const door = gate();
    gates.set(runId, door);
    return scheduler.submit({ runId, tenant, priority }, (stop) => {
      started.push(runId);
      stops.set(runId, stop);
      return door.promise;
    });
  };
  const finish = async (runId: string) => {
    gates.get(runId)?.resolve(`${runId} done`);
    await settle();
  };
  return { scheduler, started, stops, submit, finish };
}

describe("RunScheduler", () => {
  it("never runs more than maxRunning at once, and starts the rest by priority, then age", async () => {
    const { scheduler, started, submit, finish } = harness({ maxRunning: 2, maxRunningPerTenant: 10 });
    const results = ["a", "b", "c", "d", "e"].map((id, index) => submit(id, "t", [0, 0, 1, 5, 1][index]));
    await settle();
    expect(started).toEqual(["a", "b"]);
    expect(scheduler.queued.map((run) => run.runId)).toEqual(["d", "c", "e"]);

    await finish("a");
    expect(started).toEqual(["a", "b", "d"]);
    await finish("b");
    await finish("d");
    expect(started).toEqual(["a", "b", "d", "c", "e"]);
    expect(scheduler.running.map((run) => run.runId)).toEqual(["c", "e"]);
    await finish("c");
    await finish("e");
    expect(await Promise.all(results)).toEqual(["a done", "b done", "c done", "d done", "e done"]);
  });

  it("holds a flooding tenant to maxRunningPerTenant, so another tenant's run starts at once", async () => {
    const { started, submit } = harness({ maxRunning: 3, maxRunningPerTenant: 2 });
    for (const id of ["a1", "a2", "a3", "a4"]) void submit(id, "acme", 9);
    void submit("b1", "beta", 0);
    await settle();

    expect(started).toEqual(["a1", "a2", "b1"]);
  });

  it("at equal priority, gives a freed slot to the tenant with fewer runs executing, before older runs", async () => {
    const { started, submit, finish } = harness({ maxRunning: 2, maxRunningPerTenant: 2 });
    for (const id of ["a1", "a2", "a3", "a4"]) void submit(id, "acme");
    void submit("b1", "beta");
    await settle();
    expect(started).toEqual(["a1", "a2"]);

    await finish("a1");

    expect(started).toEqual(["a1", "a2", "b1"]);
    await finish("a2");
    expect(started).toEqual(["a1", "a2", "b1", "a3"]);
  });

  it("without aging a low-priority run waits while urgent ones keep coming; with aging it gets its turn", async () => {
    let now = 0;
    for (const aging of [undefined, { now: () => now, everyMs: 1000 }]) {
      now = 0;
      const { started, submit, finish } = harness({
        maxRunning: 1,
        maxRunningPerTenant: 1,
        ...(aging ? { aging } : {}),
      });
      void submit("first", "acme", 5);
      void submit("low", "beta", 0);
      await settle();
      // Every second another urgent run arrives and the running one ends.
      let previous = "first";
      for (let second = 1; second <= 8; second++) {
        now = second * 1000;
        void submit(`urgent${second}`, "acme", 5);
        await finish(previous);
        previous = started.at(-1) ?? "";
      }
      if (aging) {
        // After 5 s waited, "low" (0 + 5) ties the newest urgent run and, older, goes first.
        expect(started.indexOf("low")).toBeGreaterThan(0);
        expect(started.slice(0, started.indexOf("low"))).toEqual([
          "first",
          "urgent1",
          "urgent2",
          "urgent3",
          "urgent4",
        ]);
      } else {
        expect(started).not.toContain("low");
      }
    }
  });

  it("calls onQueued for a run that must wait, and never starts it before that is recorded", async () => {
    const recorded = gate<void>();
    const queued: string[] = [];
    const { started, submit, finish } = harness({
      maxRunning: 1,
      maxRunningPerTenant: 1,
      onQueued: async (run) => {
        queued.push(run.runId);
        await recorded.promise;
      },
    });
    void submit("a", "t");
    void submit("b", "t");
    await settle();
    expect(queued).toEqual(["b"]);

    await finish("a");
    expect(started).toEqual(["a"]);

    recorded.resolve();
    await settle();
    expect(started).toEqual(["a", "b"]);
  });

  it("drops a run whose onQueued fails, with that error", async () => {
    const { submit, scheduler } = harness({
      maxRunning: 1,
      maxRunningPerTenant: 1,
      onQueued: async () => {
        throw new UsageError("cannot be queued");
      },
    });
    void submit("a", "t");
    await expect(submit("b", "t")).rejects.toThrow("cannot be queued");
    expect(scheduler.queued).toEqual([]);
  });

  it("frees the slot of a run whose execute fails, and passes the error to its submitter", async () => {
    const scheduler = new RunScheduler({ maxRunning: 1, maxRunningPerTenant: 1 });
    const failed = scheduler.submit({ runId: "a", tenant: "t" }, () => {
      throw new Error("boom");
    });
    const next = scheduler.submit({ runId: "b", tenant: "t" }, async () => "b done");

    await expect(failed).rejects.toThrow("boom");
    expect(await next).toBe("b done");
  });

  it("drain takes no new runs and resolves once every run has settled", async () => {
    const { scheduler, submit, finish } = harness({ maxRunning: 1, maxRunningPerTenant: 1 });
    void submit("a", "t");
    void submit("b", "t");
    let drained = false;
    const draining = scheduler.drain().then(() => {
      drained = true;
    });
    await expect(submit("c", "t")).rejects.toThrow(UnavailableError);

    await finish("a");
    expect(drained).toBe(false);
    await finish("b");
    await draining;
    expect(drained).toBe(true);
  });

  it("close stops the executing runs, drops the waiting ones, and reports who settled by the deadline", async () => {
    const { scheduler, submit, stops, finish } = harness({ maxRunning: 2, maxRunningPerTenant: 2 });
    void submit("a", "t");
    void submit("b", "t");
    const waiting = submit("c", "t");
    await settle();
    const deadline = gate<void>();

    const closing = scheduler.close({ deadline: deadline.promise });

    await expect(waiting).rejects.toThrow(UnavailableError);
    expect(stops.get("a")?.aborted).toBe(true);
    expect(stops.get("b")?.aborted).toBe(true);
    await finish("a");
    deadline.resolve();
    expect(await closing).toEqual({ settled: ["a"], unfinished: ["b"], notStarted: ["c"] });
    await expect(submit("d", "t")).rejects.toThrow(UnavailableError);
  });

  it("close resolves before the deadline once every executing run has settled", async () => {
    const { scheduler, submit, finish } = harness({ maxRunning: 2, maxRunningPerTenant: 2 });
    void submit("a", "t");
    await settle();
    const closing = scheduler.close({ deadline: new Promise(() => {}) });
    await finish("a");
    expect(await closing).toEqual({ settled: ["a"], unfinished: [], notStarted: [] });
  });

  it("refuses bad limits, a priority that is not a number, and a run submitted twice", async () => {
    expect(() => new RunScheduler({ maxRunning: 0, maxRunningPerTenant: 1 })).toThrow(ConfigError);
    expect(() => new RunScheduler({ maxRunning: 2, maxRunningPerTenant: 1.5 })).toThrow(
      /maxRunningPerTenant must be a positive integer/,
    );
    const { submit } = harness({ maxRunning: 1, maxRunningPerTenant: 1 });
    await expect(submit("a", "t", Number.NaN)).rejects.toThrow(/priority must be a finite number/);
    void submit("b", "t");
    await expect(submit("b", "t")).rejects.toThrow(UsageError);
  });
});
