import { ApiProblemError } from "../core/errors/api-problem-error.js";
import { UnavailableError } from "../core/errors/request-errors.js";
import type { RunEvent } from "../core/events/run-event.js";
import { isTerminalStatus, type RunStatus } from "../core/run-status.js";
import { problemErrorOf, type Transport, urlOf } from "./http-transport.js";
import { readServerSentEvents } from "./server-sent-events.js";

export interface FollowEventsOptions {
  /** Start after this event's `seq` (as `Last-Event-ID`); default: from the run's first event. */
  after?: number;
  /** Stops following (the iterator ends quietly) when aborted. */
  signal?: AbortSignal;
  /**
   * How many reconnections in a row may fail before the iterator throws (default 5); a connection that
   * delivers an event resets the count.
   */
  maxReconnects?: number;
  /**
   * The wait before a reconnection, in milliseconds (default 1000, doubled after each failure in a row); a
   * `retry:` field from the server replaces it.
   */
  reconnectDelayMs?: number;
  /** Waits `ms` (or until aborted); the seam for tests. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Statuses a server may answer with for a moment (restart, overload): worth a reconnection. */
const transientStatuses = new Set([429, 502, 503, 504]);

/**
 * The run's events as they happen, over `text/event-stream`: the stored ones first, then each as it is
 * committed, until the run ends. A dropped connection is reopened with `Last-Event-ID` set to the last
 * event received, so no event is lost or repeated. Ends after the run's `run-end` event.
 */
export async function* followRunEvents(
  transport: Transport,
  runId: string,
  options: FollowEventsOptions = {},
): AsyncGenerator<RunEvent, void, undefined> {
  const path = `/v1/runs/${encodeURIComponent(runId)}/events`;
  const maxReconnects = options.maxReconnects ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  const signal = options.signal;
  let delayMs = options.reconnectDelayMs ?? 1000;
  let last = options.after ?? -1;
  let failures = 0;
  let status: RunStatus | null = null;
  const retryAfterFailure = async (cause: unknown) => {
    failures += 1;
    if (failures > maxReconnects)
      throw cause instanceof ApiProblemError
        ? cause
        : new UnavailableError(`the event stream of run ${runId} failed ${failures} times in a row`, {
            cause,
          });
    await sleep(delayMs * 2 ** (failures - 1), signal);
  };
  while (!signal?.aborted) {
    let response: Response;
    try {
      response = await transport.fetch(urlOf(transport, path), {
        headers: {
          accept: "text/event-stream",
          authorization: `Bearer ${transport.apiKey}`,
          ...(last >= 0 ? { "last-event-id": String(last) } : {}),
        },
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) return;
      await retryAfterFailure(error);
      continue;
    }
    if (!response.ok) {
      const problem = await problemErrorOf(response);
      if (!transientStatuses.has(response.status)) throw problem;
      await retryAfterFailure(problem);
      continue;
    }
    let received = 0;
    try {
      if (!response.body) throw new Error("the event stream has no body");
      for await (const message of readServerSentEvents(response.body)) {
        // Messages already received are not handed out once the caller has stopped listening.
        if (signal?.aborted) return;
        if (message.retry !== undefined) delayMs = message.retry;
        if (message.data === "") continue;
        const event = JSON.parse(message.data) as RunEvent;
        // A reconnection starts after `last`; a server may still repeat one at the seam.
        if (event.seq <= last) continue;
        last = event.seq;
        received += 1;
        failures = 0;
        if (event.type === "run-transition") status = event.to;
        yield event;
        if (event.type === "run-end") return;
      }
    } catch (error) {
      if (signal?.aborted) return;
      await retryAfterFailure(error);
      continue;
    }
    // The server closed the stream without a run-end: the run ended earlier than `after`, or a proxy cut it.
    if (status !== null && isTerminalStatus(status)) return;
    if (received === 0) {
      let ended: boolean;
      try {
        ended = await runHasEnded(transport, runId, signal);
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof ApiProblemError) throw error;
        await retryAfterFailure(error);
        continue;
      }
      if (ended) return;
      await retryAfterFailure(new Error("the event stream closed without an event"));
    }
  }
}

async function runHasEnded(transport: Transport, runId: string, signal: AbortSignal | undefined) {
  const answer = await transport.fetch(urlOf(transport, `/v1/runs/${encodeURIComponent(runId)}`), {
    headers: { accept: "application/json", authorization: `Bearer ${transport.apiKey}` },
    ...(signal ? { signal } : {}),
  });
  if (!answer.ok) throw await problemErrorOf(answer);
  return isTerminalStatus(((await answer.json()) as { status: RunStatus }).status);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
