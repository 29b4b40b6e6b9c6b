/**
 * A settlement whose reported usage contradicts the request: the provider's numbers are still the spend
 * (they are what gets billed), but they cannot be trusted to stay within what the ledger reserved.
 */
export interface UsageAnomaly {
  kind: "output_over_max" | "input_over_estimate";
  /** The count the backend reported. */
  reported: number;
  /** The most the request allowed for: the requested maximum plus slack, or the bound on the estimate. */
  allowed: number;
}

/** What the call asked for and what its backend reported back. */
export interface SettlementReport {
  requestedMaxOutputTokens: number;
  estimatedInputTokens: number;
  /** Every input token reported: plain, cached and cache-written. */
  reportedInputTokens: number;
  reportedOutputTokens: number;
}

/** Some providers count the stop token as output; one token over the maximum is not worth a stop. */
export const outputSlackTokens = 1;
/**
 * The offline estimate can be off (another tokenizer, a provider's hidden prompt); a reported input above
 * four times the estimate plus this many tokens is not estimation error.
 */
export const inputEstimateFactor = 4;
export const inputEstimateMarginTokens = 1024;

/** The anomalies in a settlement, none for a report the request can explain. */
export function classifySettlement(report: SettlementReport): UsageAnomaly[] {
  const anomalies: UsageAnomaly[] = [];
  const allowedOutput = report.requestedMaxOutputTokens + outputSlackTokens;
  if (report.reportedOutputTokens > allowedOutput) {
    anomalies.push({
      kind: "output_over_max",
      reported: report.reportedOutputTokens,
      allowed: allowedOutput,
    });
  }
  const allowedInput = inputEstimateFactor * report.estimatedInputTokens + inputEstimateMarginTokens;
  if (report.reportedInputTokens > allowedInput) {
    anomalies.push({
      kind: "input_over_estimate",
      reported: report.reportedInputTokens,
      allowed: allowedInput,
    });
  }
  return anomalies;
}
