import type { BackendConfig } from "../backends/backend-config.js";
import { localModelDefaults } from "../backends/builtin-models.js";
import { redactSecrets } from "../backends/http/redact-secrets.js";
import { displayUrl, isLocalHost } from "../backends/http/safe-url.js";
import { type BaseUrlParts, splitBaseUrl, withQuery } from "../backends/http/url-credentials.js";
import type { ModelSpec } from "../core/model-spec.js";

/** What a probe of one backend found. */
export interface Discovery {
  backend: string;
  models: string[];
  error: string | null;
  /**
   * True when nothing answered at all (connection refused, unknown host, timeout): the backend cannot serve
   * the run. A server that answered with an error (401, 404) is reachable; its error alone is reported.
   */
  unreachable?: boolean;
  /** Models it lists that have no known price and were left out (a paid gateway's unknown models). */
  unpriced?: string[];
}

const probeTimeoutMs = 3000;

/** Removes the URL called and every credential (in each form a server may echo it) from an error text. */
function redact(text: string, url: string, secrets: readonly string[]): string {
  return redactSecrets(text.split(url).join(displayUrl(url)), secrets);
}

/** A short human reason for a request that got no answer: the socket error's code, not fetch's "fetch failed". */
function unreachableReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${probeTimeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } })
    ?.cause;
  const code = typeof cause?.code === "string" ? cause.code : cause?.errors?.[0]?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ECONNRESET: "connection reset",
  };
  if (typeof code === "string") return known[code] ?? code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Servers that are not the big hosted APIs (whose models the catalog knows): worth asking what they serve. */
function isSelfHosted(backend: BackendConfig): boolean {
  if (backend.protocol === "ollama") return true;
  return !/api\.openai\.com|api\.anthropic\.com/.test(backend.baseUrl);
}

/**
 * Asks a backend which models it serves: Ollama's `/api/tags`, an OpenAI-compatible server's `/models`.
 * Errors come back as text naming the backend and URL, never the key.
 */
export async function probeBackend(
  backend: BackendConfig,
  fetchImplementation: typeof fetch = fetch,
): Promise<Discovery> {
  const suffix =
    backend.protocol === "ollama" ? "/api/tags" : backend.protocol === "openai" ? "/models" : "/v1/models";
  let parts: BaseUrlParts;
  try {
    const parsed = new URL(backend.baseUrl);
    // As the Anthropic adapter does: a base URL written OpenAI-style with `/v1` does not get it twice.
    if (backend.protocol === "anthropic")
      parsed.pathname = parsed.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
    parts = splitBaseUrl(parsed, backend.apiKey);
  } catch {
    return { backend: backend.name, models: [], error: "the base URL is not a URL" };
  }
  // The base URL's query (a gateway's `?api_key=`) goes on the probe as on every call the adapter makes.
  const url = withQuery(`${parts.url}${suffix}`, parts.query);
  const { secrets } = parts;
  try {
    const headers: Record<string, string> = parts.authorization ? { authorization: parts.authorization } : {};
    if (backend.apiKey && backend.protocol === "openai") headers.authorization = `Bearer ${backend.apiKey}`;
    if (backend.apiKey && backend.protocol === "anthropic") {
      headers["x-api-key"] = backend.apiKey;
      headers["anthropic-version"] = "2023-06-01";
    }
    let response: Response;
    try {
      response = await fetchImplementation(url, {
        headers,
        signal: AbortSignal.timeout(probeTimeoutMs),
      });
    } catch (error) {
      return {
        backend: backend.name,
        models: [],
        error: `${displayUrl(url)} could not be reached (${redact(unreachableReason(error), url, secrets)})`,
        unreachable: true,
      };
    }
    if (!response.ok)
      return {
        backend: backend.name,
        models: [],
        error: `${displayUrl(url)} answered HTTP ${response.status}`,
      };
    const body = (await response.json()) as {
      models?: { name?: string; model?: string }[];
      data?: { id?: string }[];
    };
    const names =
      backend.protocol === "ollama"
        ? (body.models ?? []).map((model) => model.name ?? model.model ?? "")
        : (body.data ?? []).map((model) => model.id ?? "");
    return { backend: backend.name, models: names.filter((name) => name !== ""), error: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      backend: backend.name,
      models: [],
      error: `${displayUrl(url)} answered with no readable model list (${redact(reason, url, secrets)})`,
    };
  }
}

/**
 * Catalog entries for the models self-hosted backends serve, named `<backend>/<model>`. A model the catalog
 * already knows by name (a simulated model behind the sim-server, say) keeps its known prices and speeds;
 * any other is a free local model.
 */
export async function discoverModels(input: {
  backends: readonly BackendConfig[];
  known: readonly ModelSpec[];
  fetch?: typeof fetch;
}): Promise<{ models: ModelSpec[]; discoveries: Discovery[] }> {
  const targets = input.backends.filter(isSelfHosted);
  const discoveries = await Promise.all(targets.map((backend) => probeBackend(backend, input.fetch)));
  const knownIds = new Set(input.known.map((model) => model.id));
  const models: ModelSpec[] = [];
  for (const [index, discovery] of discoveries.entries()) {
    // Only a runner the user hosts is free in dollars; a remote gateway's unknown models have no price.
    const backend = targets[index];
    const mayBeFree = backend?.protocol === "ollama" || isLocalHost(backend?.baseUrl ?? "");
    discovery.unpriced = [];
    for (const name of discovery.models) {
      // Ollama lists `name:latest` for a model pulled without a tag; `name` means the same model.
      const plainName = name.replace(/:latest$/, "");
      const id = `${discovery.backend}/${plainName}`;
      if (knownIds.has(id)) continue;
      const known = input.known.find((model) => (model.remoteId ?? model.id) === plainName);
      if (!known && !mayBeFree) {
        discovery.unpriced.push(name);
        continue;
      }
      models.push({
        ...(known ?? {
          ...localModelDefaults,
          prices: { ...localModelDefaults.prices },
          capabilities: { ...localModelDefaults.capabilities },
        }),
        id,
        remoteId: name,
        backend: discovery.backend,
        source: known
          ? `${known.source} (served by ${discovery.backend})`
          : `discovered on ${discovery.backend}; local defaults (calibration.md §2c)`,
      });
    }
  }
  return { models, discoveries };
}

/**
 * The catalog after discovery: a backend that answered a probe serves exactly what it listed, so catalog
 * entries for it that it did not list (built-in models of a self-hosted endpoint) are dropped.
 */
export function applyDiscoveries(input: {
  models: readonly ModelSpec[];
  discovered: readonly ModelSpec[];
  discoveries: readonly Discovery[];
}): ModelSpec[] {
  const listed = new Map(
    input.discoveries
      .filter((discovery) => discovery.error === null)
      .map((discovery) => [
        discovery.backend,
        new Set(discovery.models.map((name) => name.replace(/:latest$/, ""))),
      ]),
  );
  const served = (model: ModelSpec) => {
    const names = listed.get(model.backend);
    return !names || names.has((model.remoteId ?? model.id).replace(/:latest$/, ""));
  };
  return [...input.models.filter(served), ...input.discovered];
}
