import pg from "pg";

/**
 * Creates the database named in `adminUrl` when it does not exist, connecting to the server's `postgres`
 * database as the same (owner) role. Safe to race: a concurrent creation counts as success.
 */
export async function ensureDatabase(adminUrl: string): Promise<{ created: boolean; name: string }> {
  const url = new URL(adminUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!name) throw new Error(`database URL ${url.host} names no database: add /<name> to the URL`);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return { created: false, name };
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    } catch (error) {
      if ((error as { code?: string }).code === "42P04") return { created: false, name };
      throw error;
    }
    return { created: true, name };
  } finally {
    await client.end();
  }
}
