import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { TEST_REDIS_PREFIX, testServers } from "./test-env";

export interface TestRedis {
  url: string;
  /** Unique id of this test's key space; every key the test makes must contain it. */
  id: string;
  /** Prefix for plain keys: `<id>:`. */
  prefix: string;
  /** Prefix for BullMQ queues: `{<id>}`, a Redis Cluster hash tag, so a queue's keys share one slot. */
  bullPrefix: string;
  /** A client for the test's own use; cleanup() closes it. */
  redis: Redis;
  /** Deletes every key containing the id and closes the client. */
  cleanup(): Promise<void>;
}

/** A unique key space on the test Redis and a client to it. */
export async function createTestRedis(): Promise<TestRedis> {
  const { redisUrl } = testServers();
  const id = `${TEST_REDIS_PREFIX}${process.pid}x${randomBytes(5).toString("hex")}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
  await redis.ping();
  return {
    url: redisUrl,
    id,
    prefix: `${id}:`,
    bullPrefix: `{${id}}`,
    redis,
    async cleanup() {
      await deleteKeysMatching(redis, `*${id}*`);
      await redis.quit();
    },
  };
}

/** SCANs (never KEYS) and deletes in batches. */
export async function deleteKeysMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
