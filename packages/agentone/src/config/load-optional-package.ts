import { ConfigError } from "../core/errors/index.js";

/** Packages AgentOne loads when a command needs them, and that a library install may leave out. */
export type OptionalPackageName = "@agentone/simulated" | "@agentone/bench";

function missingPackage(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  // Only the package itself missing: a broken dependency inside it is a different error, left to surface.
  return code === "ERR_MODULE_NOT_FOUND" && message.includes(`'${name}'`);
}

/**
 * Imports an optional sibling package by name at run time. `agentone` must not depend on these packages at
 * build or install time (they depend on it), so the specifier is a plain string that TypeScript leaves
 * alone, and the caller states the shape it expects. When the package is not installed the error is a
 * ConfigError (exit code 2) that says what it provides and how to install it.
 *
 * @example
 * ```ts
 * const simulated = await loadOptionalPackage<SimulatedPackage>("@agentone/simulated", {
 *   provides: "the simulated models",
 * });
 * ```
 */
export async function loadOptionalPackage<Package>(
  name: OptionalPackageName,
  options: { provides: string },
): Promise<Package> {
  const specifier: string = name;
  try {
    return (await import(specifier)) as Package;
  } catch (error) {
    if (!missingPackage(error, name)) throw error;
    throw new ConfigError(
      `${name} is not installed; it provides ${options.provides}. Install it: npm install ${name}`,
      {
        key: "package",
        cause: error,
      },
    );
  }
}

/** The same import, or null when the package is not installed (for callers that can do without it). */
export async function loadOptionalPackageIfInstalled<Package>(
  name: OptionalPackageName,
  options: { provides: string },
): Promise<Package | null> {
  try {
    return await loadOptionalPackage<Package>(name, options);
  } catch (error) {
    if (error instanceof ConfigError && error.details.key === "package") return null;
    throw error;
  }
}
