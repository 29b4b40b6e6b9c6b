/**
 * The quality levels a run can ask for. A module of its own, without the policy schema, so that the CLI
 * can parse `--quality` (and print its help) without loading the schema library.
 */
export const qualityLevels = ["fast", "balanced", "thorough"] as const;
export type QualityLevel = (typeof qualityLevels)[number];
