import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GradeResult, PreparedTask } from "../bench-task.js";
import { datePattern, numberPattern } from "./answer-key.js";
import { type DocsVariant, docsVariant, grouped } from "./docs-variant.js";
import { referenceDocsAnswer } from "./reference-solution.js";
import { docsCitationsTask } from "./task.js";

let base: string;
let prepared: PreparedTask;
let variant: DocsVariant;
const seed = 5;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-docs-"));
  prepared = await docsCitationsTask.prepare({ directory: path.join(base, "workspace"), seed });
  variant = docsVariant(seed);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const failed = (result: GradeResult) =>
  result.checks.filter((check) => !check.passed).map((check) => check.name);
const gradeAnswer = (answer: string | null) => prepared.grade({ answer, workspace: prepared.workspace });

async function pdfPages(file: string): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const data = new Uint8Array(await readFile(file));
  const document = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await document.destroy();
  return pages;
}

describe("docs-citations fixture", () => {
  it("puts the enterprise exception on page 2 of a readable PDF", async () => {
    const pages = await pdfPages(path.join(prepared.workspace, "docs/enterprise-agreement.pdf"));
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain(`${grouped(variant.enterpriseLimit)} requests per`);
    expect(pages[0]).not.toContain(grouped(variant.enterpriseLimit));
  });

  it("seeds pick the values within the documents", async () => {
    const html = await readFile(path.join(prepared.workspace, "docs/api-reference.html"), "utf8");
    expect(html).toContain(`<td>${variant.standardLimit} requests/minute</td>`);
    const variants = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((value) => JSON.stringify(docsVariant(value))));
    expect(variants.size).toBeGreaterThan(1);
  });
});

describe("docs-citations grader", () => {
  it("accepts the reference answer with full quality, for several seeds", async () => {
    expect((await gradeAnswer(referenceDocsAnswer(variant))).quality).toBe(1);
    for (const other of [0, 1, 2]) {
      const directory = path.join(base, `seed-${other}`);
      const task = await docsCitationsTask.prepare({ directory, seed: other });
      const result = await task.grade({
        answer: referenceDocsAnswer(docsVariant(other)),
        workspace: directory,
      });
      expect(result.success).toBe(true);
    }
  });

  it("fails an answer missing the PDF citation", async () => {
    const answer = referenceDocsAnswer(variant).replace(" (enterprise-agreement.pdf p.2)", "");
    const result = await gradeAnswer(answer);
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["cites-contract", "contract-page"]);
  });

  it("fails the FAQ's outdated limits stated as current", async () => {
    const answer =
      "Enterprise customers get 300 requests per minute [faq.md]. Standard gets 60 requests per minute " +
      `[faq.md], from ${variant.effective.year}-${variant.effective.month}-${variant.effective.day} [changelog.md].`;
    const result = await gradeAnswer(answer);
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(expect.arrayContaining(["fact-standard-limit", "no-contradiction"]));
  });

  it("does not count a hedged mention of the outdated FAQ as a contradiction, but notes the stray citation", async () => {
    const answer = `${referenceDocsAnswer(variant)}\nThe FAQ still says 60 requests per minute, which is outdated [faq.md].`;
    const result = await gradeAnswer(answer);
    expect(result.success).toBe(true);
    expect(failed(result)).toEqual(["no-stray-citations"]);
    expect(result.quality).toBeCloseTo(12 / 13);
  });

  it("fails a wrong effective date (the announcement date) and a null answer", async () => {
    const { year, month, day } = variant.effective;
    const announced = new Date(Date.UTC(year, month - 1, day) - 14 * 86_400_000).toISOString().slice(0, 10);
    const answer = referenceDocsAnswer(variant).replace(/from \S+ \[/, `from ${announced} [`);
    expect(failed(await gradeAnswer(answer))).toEqual(["fact-effective-date"]);
    const none = await gradeAnswer(null);
    expect(none.success).toBe(false);
    expect(none.quality).toBe(0);
  });
});

describe("answer key matching", () => {
  it("matches numbers with or without grouping, never inside other numbers", () => {
    expect(numberPattern(1200).test("1,200 requests")).toBe(true);
    expect(numberPattern(1200).test("1200 rpm")).toBe(true);
    expect(numberPattern(1200).test("11200 rpm")).toBe(false);
    expect(numberPattern(120).test("1,200 rpm")).toBe(false);
    expect(numberPattern(150).test("1500 rpm")).toBe(false);
    expect(numberPattern(150).test("150.")).toBe(true);
  });

  it("matches the common date formats", () => {
    const date = { year: 2024, month: 10, day: 1 };
    for (const text of ["2024-10-01", "October 1, 2024", "1 October 2024", "Oct. 1st 2024", "2024/10/01"]) {
      expect(datePattern(date).test(text), text).toBe(true);
    }
    expect(datePattern(date).test("2024-10-11")).toBe(false);
    expect(datePattern(date).test("October 11, 2024")).toBe(false);
  });
});
