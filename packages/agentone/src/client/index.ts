// `agentone/client`: a typed client of the AgentOne API. It loads no server, engine or store code (the
// types come from the server's schemas by type-only imports), so a web app or a script can use it alone.
export { ApiProblemError } from "../core/errors/api-problem-error.js";
export type { Problem } from "../core/errors/problem-body.js";
export type { FieldProblem } from "../core/errors/request-errors.js";
export {
  AgentOneClient,
  type AgentOneClientOptions,
  type CallOptions,
  type CreateRunOptions,
} from "./agentone-client.js";
export type * from "./api-types.js";
export type { FollowEventsOptions } from "./follow-run-events.js";
export type { FetchFunction } from "./http-transport.js";
export { readServerSentEvents, type ServerSentMessage } from "./server-sent-events.js";
