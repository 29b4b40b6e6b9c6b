import { describe, expect, it } from "vitest";
import { refuseCodeLoadingArguments } from "./code-loading-options.js";

describe("refuseCodeLoadingArguments", () => {
  it.each([
    ["node", ["node", "--test", "--import=data:text/javascript,process.exit(0)", "a.test.js"]],
    ["node, value apart", ["node", "--test", "--import", "./x.mjs"]],
    ["node --require", ["node", "--test", "--require=./x.cjs"]],
    ["node -r", ["node", "--test", "-r", "./x.cjs"]],
    ["node -e", ["node", "--test", "-e", "1"]],
    ["node -pe", ["node", "--test", "-pe", "1"]],
    ["node --eval", ["node", "--test", "--eval=1"]],
    ["node --loader", ["node", "--test", "--experimental-loader=./l.mjs"]],
    ["node --env-file", ["node", "--test", "--env-file=.env"]],
    ["node --inspect", ["node", "--test", "--inspect-brk=0.0.0.0:9229"]],
    ["a reporter module", ["node", "--test", "--test-reporter=data:text/javascript,x"]],
    ["npm options for the script", ["npm", "test", "--node-options=--import=data:text/javascript,x"]],
    ["npm's script shell", ["npm", "test", "--script_shell=./evil.sh"]],
    ["node options passed to the script", ["npm", "test", "--", "--import=data:text/javascript,x"]],
  ])("refuses %s", (_label, command) => {
    const prefix = command.slice(0, 2);
    expect(() => refuseCodeLoadingArguments(command, prefix)).toThrow(
      expect.objectContaining({ reason: "command_not_allowed" }),
    );
  });

  it.each([
    [
      ["node", "--test", "a.test.js", "--test-reporter=dot"],
      ["node", "--test"],
    ],
    [
      ["node", "--test", "--test-name-pattern=fast"],
      ["node", "--test"],
    ],
    [
      ["npm", "test", "--", "--reporter=dot"],
      ["npm", "test"],
    ],
    [["ls", "-e"], ["ls"]],
    // The operator allowlisted the option itself.
    [
      ["node", "--import=./setup.mjs", "--test"],
      ["node", "--import=./setup.mjs", "--test"],
    ],
    [
      ["node", "-e", "1"],
      ["node", "-e"],
    ],
  ])("allows %j", (command, prefix) => {
    expect(() => refuseCodeLoadingArguments(command, prefix)).not.toThrow();
  });
});
