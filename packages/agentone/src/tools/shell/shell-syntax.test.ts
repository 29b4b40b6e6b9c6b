import { describe, expect, it } from "vitest";
import { refuseShellSyntax } from "./shell-syntax.js";

function thrownBy(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("refuseShellSyntax", () => {
  it.each([
    [["npm", "test"]],
    [["node", "-e", "console.log(`a` + (1 | 2)) // $HOME > x"]],
    [["git", "log", "--format=%h <%ae>"]],
    [["node", "--test", "a.test.js"]],
    [["c++", "--version"]],
  ])("passes %j", (command) => {
    expect(() => refuseShellSyntax(command)).not.toThrow();
  });

  it.each([
    ["an operator", ["npm", "test", "&&", "ls"]],
    ["a semicolon", ["npm", "test", ";", "ls"]],
    ["a pipe", ["npm", "test", "|", "tail"]],
    ["a background &", ["npm", "test", "&"]],
    ["a redirection", ["npm", "test", ">", "out.txt"]],
    ["a glued redirection", ["npm", "test", ">out.txt"]],
    ["stderr to stdout", ["npm", "test", "2>&1"]],
    ["an input redirection", ["cat", "<input.txt"]],
    ["a command substitution", ["cat", "$(whoami)"]],
    ["backticks", ["cat", "`whoami`"]],
    ["a bare backtick", ["cat", "`"]],
  ])("refuses %s", (_label, command) => {
    const error = thrownBy(() => refuseShellSyntax(command));
    expect(error).toMatchObject({ reason: "command_not_allowed" });
    expect((error as Error).message).toContain("is shell syntax. No shell is used");
  });

  it.each([
    ["a whole command line as the program", ["npm test"], "contains whitespace"],
    ["a path as the program", ["/bin/sh", "-c", "ls"], "contains a path"],
    ["a relative path as the program", ["./node_modules/.bin/vitest"], "contains a path"],
    ["an environment assignment", ["CI=1", "npm", "test"], "not a bare program name"],
    ["an empty program", [""], "not a bare program name"],
  ])("refuses %s", (_label, command, why) => {
    const error = thrownBy(() => refuseShellSyntax(command));
    expect(error).toMatchObject({ reason: "command_not_allowed" });
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).toContain('e.g. ["npm", "test"]');
  });

  it("refuses NUL bytes as invalid arguments", () => {
    expect(thrownBy(() => refuseShellSyntax(["cat", "a\0b"]))).toMatchObject({ reason: "invalid_arguments" });
  });
});
