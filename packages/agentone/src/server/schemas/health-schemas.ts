import { z } from "zod";

/** The answer of `GET /healthz` and `GET /readyz`. */
export const healthSchema = z.object({ status: z.literal("ok") }).meta({ id: "Health" });

export type Health = z.infer<typeof healthSchema>;
