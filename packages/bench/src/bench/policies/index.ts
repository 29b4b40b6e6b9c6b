export { ablationPolicies, budgetFractions, tenPercentFaults } from "./ablation-policies.js";
export type {
  BenchPolicy,
  CacheChoice,
  PolicyContext,
  PolicyPlan,
  PolicyRunFields,
} from "./bench-policy.js";
export { mainPolicies } from "./main-policies.js";
export { allPolicies, quickPolicyNames, selectPolicies } from "./select-policies.js";
