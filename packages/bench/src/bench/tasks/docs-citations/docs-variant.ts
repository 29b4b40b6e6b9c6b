import { createRandom } from "agentone";

/** The facts a seed picks; the documents and the answer key are built from them. */
export interface DocsVariant {
  standardLimit: number;
  enterpriseLimit: number;
  /** When the current Standard limit took effect, as a UTC date. */
  effective: { year: number; month: number; day: number };
}

/** Outdated values from the FAQ: stating them as current is a contradiction. */
export const outdatedLimits = { standard: 60, enterprise: 300 } as const;

const standardLimits = [120, 150, 180] as const;
const enterpriseLimits = [900, 1200, 1500] as const;
const effectiveDates = [
  { year: 2024, month: 10, day: 1 },
  { year: 2024, month: 11, day: 4 },
  { year: 2025, month: 1, day: 6 },
] as const;

/** The seed's variant: the same seed always gives the same numbers and date. */
export function docsVariant(seed: number): DocsVariant {
  const random = createRandom(seed).fork("docs-citations");
  return {
    standardLimit: random.pick(standardLimits),
    enterpriseLimit: random.pick(enterpriseLimits),
    effective: { ...random.pick(effectiveDates) },
  };
}

export function isoDate(date: DocsVariant["effective"]): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

/** "1,200" style, as the documents write numbers. */
export function grouped(value: number): string {
  return value.toLocaleString("en-US");
}
