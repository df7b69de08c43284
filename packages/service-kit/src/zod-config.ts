import { z } from "zod";
import { ConfigError } from "./errors";

/**
 * Parses an app's environment with its schema; every problem is reported at once as a ConfigError naming
 * the variable. Empty strings count as unset, so `FOO=` falls back to the default.
 */
export function parseConfig<S extends z.ZodType>(app: string, schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== "") cleaned[key] = value;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    app,
    result.error.issues.map((issue) => ({ variable: issue.path.map(String).join(".") || "(environment)", problem: issue.message })),
  );
}

/** A TCP port (1..65535) given as a decimal string. */
export function portVar(defaultPort: number) {
  return z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(defaultPort);
}

/** A URL with one of the given schemes. */
export function urlVar(schemes: string[], defaultUrl: string) {
  return z
    .string()
    .refine((value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ""));
      } catch {
        // not parseable: reported as the refinement's message
        return false;
      }
    }, `must be a ${schemes.join(" or ")} URL, e.g. ${defaultUrl}`)
    .default(defaultUrl);
}

/** A positive whole number (milliseconds, counts). */
export function positiveIntVar(defaultValue: number) {
  return z.coerce.number({ error: "must be a number" }).int("must be a whole number").positive("must be above 0").default(defaultValue);
}

export const logLevelVar = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
