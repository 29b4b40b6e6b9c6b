import { describe, expect, it } from "vitest";
import { createApprovalPolicy } from "./approval-policy.js";

describe("createApprovalPolicy", () => {
  it("shell auto-approval matches the argv prefix of run_command", () => {
    const policy = createApprovalPolicy({ shellAutoApprove: [["npm", "test"]] });
    const review = (command: string[]) =>
      policy.rules.find((rule) =>
        rule.matches({ tool: "run_command", arguments: { command }, canonicalArguments: "" }),
      )?.source;
    expect(review(["npm", "test", "--", "--watch=false"])).toBe("tools.shell.autoApprove[0]");
    expect(review(["npm", "install"])).toBeUndefined();
    expect(review(["npm"])).toBeUndefined();
  });

  it("http auto-approval matches the method and the URL's host", () => {
    const policy = createApprovalPolicy({ httpAutoApprove: { methods: ["post"], hosts: ["*.example.com"] } });
    const approves = (method: string, url: string) =>
      policy.rules.some((rule) =>
        rule.matches({ tool: "http_request", arguments: { method, url }, canonicalArguments: "" }),
      );
    expect(approves("POST", "https://api.example.com/orders")).toBe(true);
    expect(approves("DELETE", "https://api.example.com/orders")).toBe(false);
    expect(approves("POST", "https://example.com.evil.test/")).toBe(false);
    expect(approves("POST", "not a url")).toBe(false);
  });

  it("refuses bad rules, naming the key", () => {
    expect(() =>
      createApprovalPolicy({ rules: [{ tool: "x", when: { argumentsMatch: "(" }, decision: "deny" }] }),
    ).toThrow(
      expect.objectContaining({
        code: "CONFIG_ERROR",
        details: { key: "tools.approvals.rules[0].when.argumentsMatch" },
      }),
    );
    expect(() => createApprovalPolicy({ timeoutMs: 0 })).toThrow(/tools\.approvals\.timeoutMs/);
    expect(() => createApprovalPolicy({ httpAutoApprove: { hosts: ["http://x/"] } })).toThrow(
      /tools\.http\.autoApprove\.hosts/,
    );
    expect(() => createApprovalPolicy({ httpAutoApprove: {} })).toThrow(/names neither methods nor hosts/);
  });
});
