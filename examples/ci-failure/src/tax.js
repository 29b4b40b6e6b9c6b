// Sales tax rates by region, expressed in basis points (1 bp = 0.01%).
// TODO: load these from the finance team's rate service instead of hard-coding.
export const TAX_RATES_BP = {
  "US-CA": 725,
  "US-NY": 400,
  "US-OR": 0,
  "DE": 1900,
  "FR": 2000,
};

export function taxRate(region) {
  const rate = TAX_RATES_BP[region];
  if (rate === undefined) {
    throw new RangeError(`Unknown tax region: ${region}`);
  }
  return rate;
}

// Tax owed on an amount in integer cents, rounded half-up to the nearest cent.
export function computeTax(amountCents, region) {
  return Math.round((amountCents * taxRate(region)) / 10_000);
}
