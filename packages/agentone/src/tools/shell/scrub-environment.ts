/** An environment as Node represents it (`process.env` fits). */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface ScrubEnvironmentOptions {
  /** More variable names to keep besides the safe set (still dropped if they look like secrets). */
  keep?: readonly string[];
}

// What programs need to find executables, locate the home directory, and print text in the user's
// language; plus the variables Windows cannot start processes without.
const safeNames = new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TERM",
  "TZ",
  "TMPDIR",
  "TMP",
  "TEMP",
  "SYSTEMROOT",
  "SYSTEMDRIVE",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "USERPROFILE",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMDATA",
  "PROGRAMFILES",
  "PROGRAMFILES(X86)",
]);
const safePrefixes = ["LC_", "NODE_"];

const secretNamePattern = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|SESSION|COOKIE|PRIVATE/i;
// Secrets whose names do not say so: connection strings carry passwords, cloud SDKs read their own
// variables, and npm's `_auth` settings hold registry credentials.
const secretNames = new Set(["DATABASE_URL", "REDIS_URL", "MONGODB_URI", "PGPASSFILE", "NETRC"]);
const secretPrefixes = ["AWS_", "AZURE_", "GOOGLE_", "GCLOUD_", "GITHUB_", "GITLAB_", "NPM_CONFIG__"];

/**
 * True when a variable name says (or is known to mean) that it holds a secret.
 *
 * @example
 * ```ts
 * isSecretVariableName("OPENAI_API_KEY"); // true
 * isSecretVariableName("PATH"); // false
 * ```
 */
export function isSecretVariableName(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    secretNamePattern.test(upper) ||
    secretNames.has(upper) ||
    secretPrefixes.some((prefix) => upper.startsWith(prefix))
  );
}

function isSafeName(upper: string, kept: ReadonlySet<string>): boolean {
  return safeNames.has(upper) || kept.has(upper) || safePrefixes.some((prefix) => upper.startsWith(prefix));
}

/**
 * The environment a model-triggered process gets. The rule is an allowlist, because a denylist
 * cannot know every secret's name: a variable passes only when its name is in the safe set (`PATH`,
 * `HOME`, `USER`, `LOGNAME`, `SHELL`, `LANG`, `LANGUAGE`, `TERM`, `TZ`, `TMPDIR`/`TMP`/`TEMP`, `LC_*`,
 * `NODE_*`, and the Windows essentials such as `SYSTEMROOT` and `PATHEXT`) or in `keep`, AND its name does not
 * look like a secret (`isSecretVariableName`: KEY, TOKEN, SECRET, PASSWORD, AUTH, SESSION, COOKIE, ...;
 * `DATABASE_URL`, `AWS_*`, `GITHUB_*`, `NPM_CONFIG__*`, ...). The secret check wins, so
 * `NODE_AUTH_TOKEN` is dropped even though it starts with `NODE_`. Names compare case-insensitively
 * (Windows treats them so). Everything else, including `GIT_DIR`-style redirections, is dropped.
 *
 * @example
 * ```ts
 * scrubEnvironment({ PATH: "/usr/bin", OPENAI_API_KEY: "sk-...", EDITOR: "vim" });
 * // { PATH: "/usr/bin" }
 * ```
 */
export function scrubEnvironment(
  environment: Environment,
  options: ScrubEnvironmentOptions = {},
): Record<string, string> {
  const kept = new Set((options.keep ?? []).map((name) => name.toUpperCase()));
  const scrubbed: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (isSafeName(upper, kept) && !isSecretVariableName(upper)) scrubbed[name] = value;
  }
  return scrubbed;
}
