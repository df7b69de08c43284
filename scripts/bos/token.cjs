// Access tokens for local use: HS256 JWTs with the claims the API checks (sub, tenant_id, roles, iss, aud, exp).
"use strict";
const { createHmac } = require("node:crypto");
const { BosError, setting } = require("./common.cjs");

/** Mirrors packages/db/src/seed/demo-seed.ts (DEMO_TENANT, DEMO_USERS). */
const DEMO = {
  tenantId: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f01",
  users: {
    creator: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f11",
    approver: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f12",
    executor: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f13",
  },
};
const ROLES = ["creator", "approver", "executor", "admin"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function signJwt(claims, secret) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** A token for tenant (UUID or "demo"), roles and user (default: the demo user holding the first role). */
function makeToken({ tenant = "demo", roles = ["creator"], user, ttlSeconds = 12 * 3600 }, env = process.env) {
  const tenantId = tenant === "demo" ? DEMO.tenantId : tenant;
  if (!UUID.test(tenantId)) throw new BosError(`--tenant must be a tenant UUID or "demo" (got "${tenant}")`);
  const bad = roles.filter((r) => !ROLES.includes(r));
  if (bad.length > 0 || roles.length === 0) throw new BosError(`--roles takes a comma-separated list of ${ROLES.join(", ")} (got "${roles.join(",")}")`);
  const sub = user ?? (tenantId === DEMO.tenantId ? DEMO.users[roles[0]] ?? DEMO.users.creator : "local-user");
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { sub, tenant_id: tenantId, roles, iss: setting("JWT_ISSUER", env), aud: setting("JWT_AUDIENCE", env), iat: now, exp: now + ttlSeconds },
    setting("JWT_SECRET", env),
  );
}

/** Parses `--tenant T --roles a,b --user U --ttl 3600`. */
function parseTokenArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--tenant", "--roles", "--user", "--ttl"].includes(flag ?? "") || value === undefined) {
      throw new BosError("usage: ./bos token [--tenant <uuid|demo>] [--roles creator,executor] [--user <id>] [--ttl <seconds>]");
    }
    i++;
    if (flag === "--tenant") options.tenant = value;
    if (flag === "--roles") options.roles = value.split(",").map((r) => r.trim()).filter(Boolean);
    if (flag === "--user") options.user = value;
    if (flag === "--ttl") options.ttlSeconds = Number(value);
  }
  if (options.ttlSeconds !== undefined && !(options.ttlSeconds > 0)) throw new BosError("--ttl takes a number of seconds above 0");
  return options;
}

module.exports = { DEMO, makeToken, parseTokenArgs, signJwt };
