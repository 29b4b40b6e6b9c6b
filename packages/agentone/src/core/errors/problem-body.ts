import { z } from "zod";

/**
 * The one error body of every route of the AgentOne API: RFC 9457 problem details, served as
 * `application/problem+json`. `code` is the stable AgentOne error code (error-codes.ts); `errors` lists the
 * offending fields of a request that does not match its schema. The server writes it
 * (server/problem-details.ts) and the client reads it (ApiProblemError), so it lives below both.
 */
export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the kind of problem: `urn:agentone:error:<code>`"),
    title: z.string().describe("A short, fixed summary of the kind of problem"),
    status: z.number().int().describe("The HTTP status code"),
    detail: z.string().describe("What went wrong with this request"),
    code: z.string().describe("The stable AgentOne error code, e.g. NOT_FOUND"),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe("For a request that does not match its schema: each offending field by its path"),
  })
  .meta({ id: "Problem" });

export type Problem = z.infer<typeof problemSchema>;
