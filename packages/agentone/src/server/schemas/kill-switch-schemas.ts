import { z } from "zod";

/** The body of `POST /v1/kill` and `POST /v1/kill/release`. */
export const killSwitchRequestSchema = z
  .object({
    scope: z
      .enum(["tenant", "global"])
      .optional()
      .describe(
        "`tenant`: the key's tenant (a member's only choice, and its default); `global`: every run (admins; their default)",
      ),
  })
  .strict()
  .meta({ id: "KillSwitchRequest" });

export type KillSwitchRequest = z.infer<typeof killSwitchRequestSchema>;

/** A kill switch's state after `POST /v1/kill` or its release. */
export const killSwitchStateSchema = z
  .object({
    scope: z.enum(["tenant", "global"]),
    tenant: z.string().nullable(),
    on: z.boolean(),
    runsKilled: z.number().int(),
  })
  .meta({ id: "KillSwitchState" });

export type KillSwitchState = z.infer<typeof killSwitchStateSchema>;
