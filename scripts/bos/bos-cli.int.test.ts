import { spawn } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

function runBos(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(resolve(ROOT, "bos"), args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("./bos", () => {
  it("fails `start` naming DATABASE_URL and what to do when it points at nothing", async () => {
    const result = await runBos(["start"], { DATABASE_URL: "postgres://bos_app:s3cret@127.0.0.1:1/bos" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL=postgres://bos_app:***@127.0.0.1:1/bos is not reachable");
    expect(result.stderr).toMatch(/Start the Postgres server at 127\.0\.0\.1:1, correct DATABASE_URL, or unset it/);
    expect(result.stderr).not.toContain("s3cret");
    expect(result.stdout).toBe("");
  }, 120000);

  it("fails `test` the same way when REDIS_URL points at nothing", async () => {
    const result = await runBos(["test", "--listTests"], { REDIS_URL: "redis://127.0.0.1:1" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("REDIS_URL=redis://127.0.0.1:1 is not reachable");
    expect(result.stdout).toBe("0 passed, 1 failed\n");
  }, 120000);

  it("prints a token with the requested tenant and roles", async () => {
    const tenant = "0e0e0e0e-0000-4000-8000-00000000000e";
    const result = await runBos(["token", "--tenant", tenant, "--roles", "creator,executor", "--user", "u-1"], {});
    expect(result.code).toBe(0);
    const [, payload] = result.stdout.trim().split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
    expect(claims).toMatchObject({ sub: "u-1", tenant_id: tenant, roles: ["creator", "executor"], iss: "bos", aud: "bos-api" });
    expect(claims.exp).toBeGreaterThan(claims.iat);
  }, 60000);

  it("refuses an unknown role", async () => {
    const result = await runBos(["token", "--roles", "root"], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--roles takes a comma-separated list of creator, approver, executor, admin");
  }, 60000);
});
