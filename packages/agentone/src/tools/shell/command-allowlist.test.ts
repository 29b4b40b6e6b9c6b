import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/errors/index.js";
import {
  defaultCommandAllowlist,
  describeAllowlist,
  requireAllowedCommand,
  validateAllowlist,
} from "./command-allowlist.js";

function thrownBy(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("requireAllowedCommand", () => {
  it("allows a command that starts with an allowed prefix, with more arguments after it", () => {
    expect(() => requireAllowedCommand(["npm", "test"], defaultCommandAllowlist)).not.toThrow();
    expect(() =>
      requireAllowedCommand(["npm", "test", "--", "--run"], defaultCommandAllowlist),
    ).not.toThrow();
    expect(() => requireAllowedCommand(["git", "log", "-n", "3"], defaultCommandAllowlist)).not.toThrow();
  });

  it.each([
    [["rm", "-rf", "."]],
    [["npm", "install"]],
    [["npm"]],
    [["git", "push"]],
    [["node", "-e", "1"]],
    [["NPM", "test"]],
  ])("refuses %j, listing what is allowed", (command) => {
    const error = thrownBy(() => requireAllowedCommand(command, defaultCommandAllowlist));
    expect(error).toMatchObject({ reason: "command_not_allowed" });
    expect((error as Error).message).toContain('"npm test", "npm run test", "node --test"');
  });
});

describe("validateAllowlist", () => {
  it("accepts the default", () => {
    expect(() => validateAllowlist(defaultCommandAllowlist)).not.toThrow();
  });

  it.each([
    [[], "allowlist"],
    [[["npm", "test"], []], "allowlist[1]"],
    [[["/bin/sh"]], "allowlist[0]"],
    [[["npm test"]], "allowlist[0]"],
    [[["npm", ""]], "allowlist[0]"],
  ])("refuses %j naming %s", (allowlist, key) => {
    const error = thrownBy(() => validateAllowlist(allowlist));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details).toEqual({ key });
  });
});

describe("describeAllowlist", () => {
  it("quotes each prefix", () => {
    expect(describeAllowlist([["npm", "test"], ["ls"]])).toBe('"npm test", "ls"');
  });
});
