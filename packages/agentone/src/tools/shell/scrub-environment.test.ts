import { describe, expect, it } from "vitest";
import { isSecretVariableName, scrubEnvironment } from "./scrub-environment.js";

describe("isSecretVariableName", () => {
  it.each([
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GITHUB_TOKEN",
    "NODE_AUTH_TOKEN",
    "PGPASSWORD",
    "MY_SECRET",
    "AWS_REGION",
    "GITHUB_ACTIONS",
    "DATABASE_URL",
    "npm_config__auth",
    "NPM_CONFIG__AUTHTOKEN",
    "SSH_AUTH_SOCK",
    "SESSION_COOKIE",
    "GOOGLE_APPLICATION_CREDENTIALS",
  ])("%s is a secret", (name) => {
    expect(isSecretVariableName(name)).toBe(true);
  });

  it.each(["PATH", "HOME", "LANG", "NODE_ENV", "TERM"])("%s is not", (name) => {
    expect(isSecretVariableName(name)).toBe(false);
  });
});

describe("scrubEnvironment", () => {
  const environment = {
    PATH: "/usr/bin",
    HOME: "/home/someone",
    LANG: "en_US.UTF-8",
    LC_ALL: "C",
    TERM: "xterm",
    NODE_ENV: "test",
    NODE_OPTIONS: "--max-old-space-size=512",
    NODE_AUTH_TOKEN: "npm-token",
    OPENAI_API_KEY: "sk-secret",
    DATABASE_URL: "postgres://user:password@host/db",
    AWS_REGION: "eu-west-1",
    GIT_DIR: "/elsewhere/.git",
    EDITOR: "vim",
    UNSET: undefined,
  };

  it("keeps only the safe names that do not look like secrets", () => {
    expect(scrubEnvironment(environment)).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/someone",
      LANG: "en_US.UTF-8",
      LC_ALL: "C",
      TERM: "xterm",
      NODE_ENV: "test",
      NODE_OPTIONS: "--max-old-space-size=512",
    });
  });

  it("passes extra names through, but never secrets", () => {
    const scrubbed = scrubEnvironment(environment, { keep: ["editor", "OPENAI_API_KEY"] });
    expect(scrubbed.EDITOR).toBe("vim");
    expect(scrubbed.OPENAI_API_KEY).toBeUndefined();
  });

  it("compares names case-insensitively, as Windows does", () => {
    expect(scrubEnvironment({ Path: "C:\\bin", SystemRoot: "C:\\Windows", Openai_Api_Key: "x" })).toEqual({
      Path: "C:\\bin",
      SystemRoot: "C:\\Windows",
    });
  });

  it("does not change its input", () => {
    const input = { PATH: "/bin", TOKEN: "t" };
    scrubEnvironment(input);
    expect(input).toEqual({ PATH: "/bin", TOKEN: "t" });
  });
});
