import { type PrivateRedis, startPrivateRedis } from "@bos/testing";
import { Redis } from "ioredis";
import { RedisEvictionPolicyError } from "./errors";
import { assertNoEviction, redactRedisUrl } from "./redis-policy";

describe("assertNoEviction", () => {
  let server: PrivateRedis;
  let redis: Redis;

  beforeAll(async () => {
    // A private redis-server with an evicting policy: the shared one must keep noeviction.
    server = await startPrivateRedis(["--maxmemory-policy", "allkeys-lru"]);
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
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
