/**
 * Connection defaults for local development. The application connects as `bos_app` (no table ownership,
 * so row-level security applies); migrations run as the owner. Both point at the database `bos`.
 */
export const APP_ROLE = "bos_app";
/** DATABASE_URL default: the application role. */
export const DEFAULT_DATABASE_URL = "postgres://bos_app@127.0.0.1:5432/bos";
/** DATABASE_ADMIN_URL default: the owner role that runs migrations and seeds. */
export const DEFAULT_DATABASE_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/bos";

export interface DbConfig {
  /** postgres:// connection URL. */
  url: string;
  /** Pool size (connections); default 10. */
  poolMax?: number;
  /** Connect timeout in ms; default 5000. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity; default "bos". */
  applicationName?: string;
}

/** The URL with its password masked, for log lines and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // not a URL at all: show nothing of it rather than leak a secret
    return "(unparseable database URL)";
  }
}
