/**
 * Consumption on every budget dimension. Money is in nano-dollars (see money.ts); `inputTokens` counts
 * every input token, cached or not.
 */
export interface BudgetUsage {
  nanoUsd: number;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  modelCalls: number;
  steps: number;
  retries: number;
}

export function emptyUsage(): BudgetUsage {
  return { nanoUsd: 0, inputTokens: 0, outputTokens: 0, toolCalls: 0, modelCalls: 0, steps: 0, retries: 0 };
}

export function addUsage(left: BudgetUsage, right: Partial<BudgetUsage>): BudgetUsage {
  return {
    nanoUsd: left.nanoUsd + (right.nanoUsd ?? 0),
    inputTokens: left.inputTokens + (right.inputTokens ?? 0),
    outputTokens: left.outputTokens + (right.outputTokens ?? 0),
    toolCalls: left.toolCalls + (right.toolCalls ?? 0),
    modelCalls: left.modelCalls + (right.modelCalls ?? 0),
    steps: left.steps + (right.steps ?? 0),
    retries: left.retries + (right.retries ?? 0),
  };
}

export function subtractUsage(left: BudgetUsage, right: Partial<BudgetUsage>): BudgetUsage {
  return addUsage(left, {
    nanoUsd: -(right.nanoUsd ?? 0),
    inputTokens: -(right.inputTokens ?? 0),
    outputTokens: -(right.outputTokens ?? 0),
    toolCalls: -(right.toolCalls ?? 0),
    modelCalls: -(right.modelCalls ?? 0),
    steps: -(right.steps ?? 0),
    retries: -(right.retries ?? 0),
  });
}

export function totalTokens(usage: Pick<BudgetUsage, "inputTokens" | "outputTokens">): number {
  return usage.inputTokens + usage.outputTokens;
}
