import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { RedisEvictionPolicyError } from "./errors";
import { assertNoEviction, redactRedisUrl } from "./redis-policy";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

describe("assertNoEviction", () => {
  let server: ChildProcess;
  let redis: Redis;

  beforeAll(async () => {
    // A private redis-server with an evicting policy: the shared one must keep noeviction.
    const port = await freePort();
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "allkeys-lru"], {
      stdio: "ignore",
    });
    redis = new Redis({ port, host: "127.0.0.1", retryStrategy: (n) => (n > 50 ? null : 50) });
    await redis.ping();
  });
  afterAll(async () => {
    await redis.quit();
    server.kill("SIGTERM");
  });

  it("refuses a Redis whose eviction policy could drop jobs, saying how to fix it", async () => {
    const error = await assertNoEviction(redis, "redis://127.0.0.1:1234").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisEvictionPolicyError);
    expect((error as Error).message).toMatch(/"allkeys-lru".*noeviction.*CONFIG SET maxmemory-policy noeviction/s);
  });

  it("accepts noeviction", async () => {
    await redis.config("SET", "maxmemory-policy", "noeviction");
    await expect(assertNoEviction(redis, "redis://x")).resolves.toBeUndefined();
  });
});

describe("redactRedisUrl", () => {
  it("masks the password", () => {
    expect(redactRedisUrl("redis://user:hunter2@host:6379")).toBe("redis://user:***@host:6379");
  });
});
