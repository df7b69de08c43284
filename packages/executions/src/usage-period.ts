/** The monthly usage period of an instant, in UTC: `2026-11`. */
export function monthPeriod(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
}

export const USAGE_METRIC_RUNS = "runs";
export const USAGE_METRIC_RUNS_REJECTED = "runs_rejected";
