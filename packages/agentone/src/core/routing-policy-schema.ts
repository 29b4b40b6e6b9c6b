import { z } from "zod";
import { modelTiers } from "./model-tiers.js";
import { qualityLevels } from "./quality-levels.js";

export { type QualityLevel, qualityLevels } from "./quality-levels.js";

/** Step kinds as the policy names them (kept here so the event schema and the policy share one list). */
const policyStepKinds = ["plan", "act", "replan", "final", "summarize"] as const;

const tierList = z.array(z.enum(modelTiers)).min(1, "list at least one tier");
const tiersByKind = z.object({
  plan: tierList,
  replan: tierList,
  act: tierList,
  final: tierList,
  summarize: tierList,
});
const fraction = z.number().min(0).max(1);
const milliseconds = z.number().int().positive();

/** A declarative rule: the first rule whose conditions all hold decides the step's tiers (or model). */
export const routingRuleSchema = z
  .object({
    /** Stable, lower-case name; decisions it makes carry the reason `<kind>_rule_<name>`. */
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower-case letters, digits and underscores"),
    when: z
      .object({
        kinds: z.array(z.enum(policyStepKinds)).min(1),
        /** Holds when less than this fraction of the dollar budget remains. */
        usdRemainingBelow: fraction,
        /** Holds when less than this fraction of the token budget remains. */
        tokensRemainingBelow: fraction,
        /** Holds when the request is at least this many tokens (long contexts). */
        contextTokensAtLeast: z.number().int().nonnegative(),
      })
      .partial()
      .strict()
      .default({}),
    use: z
      .object({ tiers: tierList, model: z.string().min(1) })
      .partial()
      .strict()
      .refine((use) => use.tiers !== undefined || use.model !== undefined, "give `tiers` or `model`"),
  })
  .strict();

/**
 * The routing and reliability policy as written in `agentone.yaml` under `policy:`. Every field is
 * optional; {@link resolveRoutingPolicy} fills in the quality level's preset and the defaults.
 */
export const routingPolicyInputSchema = z
  .object({
    quality: z.enum(qualityLevels),
    /** Tier preference per step kind, strongest wanted first. */
    tiers: tiersByKind.partial().strict(),
    /** Below this fraction of dollars left, steps start one tier lower than they prefer. */
    lowBudgetFraction: fraction,
    /** A latency target per step kind (one model call), milliseconds. */
    latencySlaMs: z
      .object({
        plan: milliseconds,
        replan: milliseconds,
        act: milliseconds,
        final: milliseconds,
        summarize: milliseconds,
      })
      .partial()
      .strict(),
    /** Act steps between periodic replans (0: replan only after failures). */
    replanEvery: z.number().int().nonnegative(),
    /** Ask the model to run the tests (through `run_command`) before it may answer after editing files. */
    verifyAfterEdit: z.boolean(),
    /** Split the dollar budget across the plan's remaining steps and route each step within its share. */
    adaptiveBudget: z.boolean(),
    /** Most tool calls one model turn may ask for; a turn asking for more is refused whole, nothing run. */
    maxToolCallsPerTurn: z.number().int().min(1).max(10_000),
    fallback: z
      .object({
        /** Explicit chains: the models to try, in order, after a model fails. */
        chains: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
        /** After remote models fail, finish on a local (free) model. */
        toLocal: z.boolean(),
        /** Attempts on one model (first try plus retries) before moving down the chain. */
        attemptsPerModel: z.number().int().min(1).max(10),
      })
      .partial()
      .strict(),
    retry: z
      .object({
        baseDelayMs: milliseconds,
        maxDelayMs: milliseconds,
        /** A server asking for a longer wait than this is not waited for: the call falls back instead. */
        maxServerWaitMs: milliseconds,
        /** Attempts of one step's call in all (retries and fallbacks), whatever the budgets allow. */
        maxAttemptsPerStep: z.number().int().min(1).max(100),
      })
      .partial()
      .strict(),
    rules: z.array(routingRuleSchema),
  })
  .partial()
  .strict();

export type RoutingPolicyInput = z.input<typeof routingPolicyInputSchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
