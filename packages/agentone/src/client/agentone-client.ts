import type {
  AcceptedRun,
  AcceptedRunCreate,
  ApprovalDecisionInput,
  CreateRunInput,
  Health,
  KillResult,
  KillSwitchInput,
  KillSwitchState,
  ResumeInput,
  RunCost,
  RunEvent,
  RunEventList,
  RunList,
  RunListQuery,
  RunReport,
  RunSummary,
  StoppedRunCreate,
} from "./api-types.js";
import { type FollowEventsOptions, followRunEvents } from "./follow-run-events.js";
import { type FetchFunction, sendForJson, type Transport } from "./http-transport.js";

export interface AgentOneClientOptions {
  /** The server's address, e.g. `http://127.0.0.1:8787` (paths are resolved against it). */
  baseUrl: string;
  /** An API key made with `agentone keys create` (or printed by `agentone serve` on first start). */
  apiKey: string;
  /** Default: the global `fetch`. */
  fetch?: FetchFunction;
}

export interface CreateRunOptions {
  /** A retried create with the same key answers the same run instead of starting another. */
  idempotencyKey?: string;
  /**
   * Wait up to this many seconds for the run to stop (end, or wait for a human): the answer then holds the
   * report. Without it (or when the run takes longer) the answer is the run, executing in the background.
   */
  waitSeconds?: number;
  signal?: AbortSignal;
}

/** Per-call options of the other methods. */
export interface CallOptions {
  signal?: AbortSignal;
}

const runPath = (runId: string) => `/v1/runs/${encodeURIComponent(runId)}`;

/**
 * A typed client of the AgentOne API (`agentone serve`), over `fetch`. Its request and answer types are
 * inferred from the zod schemas the server validates with, so they cannot drift from the API; the
 * client loads none of the server's code. A non-2xx answer throws an `ApiProblemError` carrying the
 * server's RFC 9457 problem body (`status`, `code`, `detail`, `errors`).
 *
 * @example
 * ```ts
 * import { AgentOneClient } from "agentone/client";
 *
 * const client = new AgentOneClient({ baseUrl: "http://127.0.0.1:8787", apiKey: process.env.AGENTONE_API_KEY! });
 * const { run } = await client.createRun({ goal: "Fix the failing test", workspace: "/srv/ws/app" });
 * for await (const event of client.followEvents(run.id)) {
 *   if (event.type === "approval-request") await client.approve(run.id, event.callId);
 * }
 * console.log((await client.cost(run.id)).totalUsd);
 * ```
 */
export class AgentOneClient {
  readonly #transport: Transport;

  constructor(options: AgentOneClientOptions) {
    this.#transport = {
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  /**
   * `POST /v1/runs`: creates a managed run. Answers `{ run }` while it executes in the background, or
   * `{ run, report }` when `waitSeconds` is given and the run stopped in time.
   */
  async createRun(
    request: CreateRunInput,
    options: CreateRunOptions = {},
  ): Promise<AcceptedRunCreate | StoppedRunCreate> {
    const { body } = await sendForJson<AcceptedRunCreate | StoppedRunCreate>(this.#transport, "/v1/runs", {
      body: request,
      query: { wait: options.waitSeconds },
      headers: options.idempotencyKey === undefined ? {} : { "idempotency-key": options.idempotencyKey },
      ...signalOf(options),
    });
    return body;
  }

  /** `GET /v1/runs`: one page of runs, newest first; pass `nextCursor` back as `cursor` for the next. */
  async listRuns(query: RunListQuery = {}, options: CallOptions = {}): Promise<RunList> {
    return this.#get<RunList>("/v1/runs", options, query);
  }

  /** Every run the key may see (optionally of one status), newest first, following the cursors page by page. */
  async *allRuns(
    query: Omit<RunListQuery, "cursor"> = {},
    options: CallOptions = {},
  ): AsyncGenerator<RunSummary> {
    let cursor: string | undefined;
    do {
      const page = await this.listRuns({ ...query, ...(cursor ? { cursor } : {}) }, options);
      yield* page.runs;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** `GET /v1/runs/{id}`. */
  getRun(runId: string, options: CallOptions = {}): Promise<RunSummary> {
    return this.#get(runPath(runId), options);
  }

  /** `GET /v1/runs/{id}/report`: cost by model and step kind, usage, decisions, SLA, cache, provenance. */
  report(runId: string, options: CallOptions = {}): Promise<RunReport> {
    return this.#get(`${runPath(runId)}/report`, options);
  }

  /** `GET /v1/runs/{id}/cost`: per model call (model, tokens, cost, latency) and totals. */
  cost(runId: string, options: CallOptions = {}): Promise<RunCost> {
    return this.#get(`${runPath(runId)}/cost`, options);
  }

  /** `GET /v1/runs/{id}/events` as JSON: the events stored so far (those after `after`, a `seq`). */
  events(runId: string, query: { after?: number } = {}, options: CallOptions = {}): Promise<RunEventList> {
    return this.#get(`${runPath(runId)}/events`, options, query);
  }

  /**
   * The run's events live (server-sent events), until its `run-end` event; a dropped connection is
   * reopened from the last event received (`Last-Event-ID`), so none is lost or repeated.
   *
   * @example
   * ```ts
   * for await (const event of client.followEvents(runId)) console.log(event.seq, event.type);
   * ```
   */
  followEvents(runId: string, options: FollowEventsOptions = {}): AsyncGenerator<RunEvent, void, undefined> {
    return followRunEvents(this.#transport, runId, options);
  }

  /** `POST /v1/runs/{id}/approvals/{callId}/approve`: the run continues in the background. */
  approve(runId: string, callId: string, options: ApprovalDecisionInput & CallOptions = {}) {
    const { signal, ...body } = options;
    return this.#post<AcceptedRun>(
      `${runPath(runId)}/approvals/${encodeURIComponent(callId)}/approve`,
      body,
      signalOf({ signal }),
    );
  }

  /** `POST /v1/runs/{id}/approvals/{callId}/deny`: the model reads the reason and the run continues. */
  deny(runId: string, callId: string, options: ApprovalDecisionInput & CallOptions = {}) {
    const { signal, ...body } = options;
    return this.#post<AcceptedRun>(
      `${runPath(runId)}/approvals/${encodeURIComponent(callId)}/deny`,
      body,
      signalOf({ signal }),
    );
  }

  /** `POST /v1/runs/{id}/resume`: continues a waiting run, with an instruction and added budget. */
  resume(runId: string, body: ResumeInput = {}, options: CallOptions = {}) {
    return this.#post<AcceptedRun>(`${runPath(runId)}/resume`, body, options);
  }

  /** `POST /v1/runs/{id}/kill`: the run stops before its next step. */
  kill(runId: string, options: CallOptions = {}) {
    return this.#post<KillResult>(`${runPath(runId)}/kill`, undefined, options);
  }

  /** `POST /v1/kill`: a kill switch on (the key's tenant, or every run for an admin key by default). */
  killAll(body: KillSwitchInput = {}, options: CallOptions = {}) {
    return this.#post<KillSwitchState>("/v1/kill", body, options);
  }

  /** `POST /v1/kill/release`: the kill switch off again. */
  releaseKill(body: KillSwitchInput = {}, options: CallOptions = {}) {
    return this.#post<KillSwitchState>("/v1/kill/release", body, options);
  }

  /** `GET /healthz`: the process is up. */
  health(options: CallOptions = {}): Promise<Health> {
    return this.#get("/healthz", options);
  }

  /** `GET /readyz`: the store is reachable and migrated, and the server accepts work (else a 503 problem). */
  ready(options: CallOptions = {}): Promise<Health> {
    return this.#get("/readyz", options);
  }

  async #get<Answer>(
    path: string,
    options: CallOptions,
    query: Record<string, string | number | undefined> = {},
  ): Promise<Answer> {
    return (await sendForJson<Answer>(this.#transport, path, { query, ...signalOf(options) })).body;
  }

  async #post<Answer>(path: string, body: unknown, options: CallOptions): Promise<Answer> {
    return (
      await sendForJson<Answer>(this.#transport, path, {
        method: "POST",
        ...(body === undefined ? {} : { body }),
        ...signalOf(options),
      })
    ).body;
  }
}

function signalOf(options: { signal?: AbortSignal | undefined }): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
