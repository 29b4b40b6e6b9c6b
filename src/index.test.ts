import { describe, expect, it } from "vitest";
import * as library from "./index.js";
import * as testing from "./testing/index.js";

// The public surface is a contract: adding an export is a decision, removing one is a breaking change.
describe("public API", () => {
  it("exports exactly these runtime values from 'agentone'", () => {
    expect(Object.keys(library).sort()).toEqual(
      [
        "AgentOneError",
        "BackendRegistry",
        "BudgetExceededError",
        "ConfigError",
        "EventSchemaError",
        "FileKillSwitch",
        "InvalidStateTransitionError",
        "KillSwitchTriggeredError",
        "Ledger",
        "MemoryKillSwitch",
        "ModelCallError",
        "ModelCatalog",
        "NotFoundError",
        "RealClock",
        "SimulatedBackend",
        "StoreError",
        "ToolError",
        "UsageError",
        "VirtualClock",
        "assertTransition",
        "budgetDimensions",
        "budgetLimitsSchema",
        "buildReport",
        "canTransition",
        "costOfUsage",
        "createRandom",
        "createRandomIdGenerator",
        "createRuntime",
        "createSequentialIdGenerator",
        "createWorkspaceTools",
        "currentSchemaVersion",
        "decideStep",
        "defaultBudgetLimits",
        "defaultStopRules",
        "errorCodes",
        "firstStopCause",
        "foldRunState",
        "activeElapsedMs",
        "formatUsd",
        "isAgentOneError",
        "loadTokenCounter",
        "modelTiers",
        "nanoToUsd",
        "openStore",
        "parseRunEvent",
        "planModelReservation",
        "reasons",
        "renderReport",
        "resumeRun",
        "runStatuses",
        "simulatedModels",
        "startRun",
        "toAgentOneError",
        "usdToNano",
      ].sort(),
    );
  });

  it("exports the test support from 'agentone/testing'", () => {
    expect(Object.keys(testing).sort()).toEqual([
      "ScriptedBackend",
      "createTestRuntime",
      "createTestStore",
      "scriptedModel",
      "scriptedModels",
    ]);
  });
});
