/** The tiers routing chooses between. Ordered strongest first. */
export const modelTiers = ["premium", "standard", "cheap", "local"] as const;
export type ModelTier = (typeof modelTiers)[number];
