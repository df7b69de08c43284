/**
 * Where integration tests find their servers. DATABASE_ADMIN_URL / DATABASE_URL / REDIS_URL are the same
 * variables the apps read; only the server part (and the app role's credentials) is used: every test
 * file gets a database of its own.
 */
export interface TestServers {
  /** Owner role URL on the server's `postgres` database. */
  pgAdminUrl: string;
  /** User name and password of the application role (bos_app). */
  appUser: string;
  appPassword: string;
  redisUrl: string;
}

export function testServers(env: NodeJS.ProcessEnv = process.env): TestServers {
  const admin = new URL(env.DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  admin.pathname = "/postgres";
  const app = new URL(env.DATABASE_URL ?? "postgres://bos_app@127.0.0.1:5432/bos");
  return {
    pgAdminUrl: admin.toString(),
    appUser: decodeURIComponent(app.username || "bos_app"),
    appPassword: decodeURIComponent(app.password),
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}

/** The same server URL pointed at another database (and optionally another user). */
export function withDatabase(url: string, database: string, credentials?: { user: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (credentials) {
    u.username = encodeURIComponent(credentials.user);
    u.password = credentials.password ? encodeURIComponent(credentials.password) : "";
  }
  return u.toString();
}

/** Names of test databases and Redis keys carry the pid of the jest process that made them. */
export const TEST_DB_PREFIX = "bos_t_";
export const TEMPLATE_DB_PREFIX = "bos_tpl_";
export const TEST_REDIS_PREFIX = "bos-t";

/** Env var through which globalSetup tells the test workers the template database's name. */
export const TEMPLATE_ENV = "BOS_TEST_TEMPLATE_DB";

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but someone else's; ESRCH: gone
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
