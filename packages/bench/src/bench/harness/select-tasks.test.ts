import { UsageError } from "agentone";
import { describe, expect, it } from "vitest";
import { benchTasks } from "../tasks/index.js";
import { selectTasks } from "./select-tasks.js";

describe("selectTasks", () => {
  it("gives every task when none is named", () => {
    expect(selectTasks(undefined)).toEqual([...benchTasks]);
    expect(selectTasks([])).toEqual([...benchTasks]);
  });

  it("gives the named tasks in the benchmark's order", () => {
    expect(selectTasks(["api-workflow", "triage-ci"]).map((task) => task.id)).toEqual([
      "triage-ci",
      "api-workflow",
    ]);
  });

  it("refuses an unknown task id, naming the known ones", () => {
    expect(() => selectTasks(["triage-ci", "triage"])).toThrow(UsageError);
    expect(() => selectTasks(["triage"])).toThrow(
      /unknown task triage; known tasks: update-dependency, triage-ci/,
    );
  });
});
