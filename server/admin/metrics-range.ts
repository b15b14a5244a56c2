import { z } from "zod";

const DAY_MS = 86_400_000;

/** `?days=N` (1–365, default 14): the metrics window ending now. */
export const metricsRangeSchema = z
  .object({ days: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(365, "must be at most 365").default(14) })
  .transform(({ days }) => {
    const to = new Date();
    const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) - (days - 1) * DAY_MS);
    return { days, from, to };
  });
