import { loadConfig } from "./config";

describe("executor-worker config", () => {
  it("defaults to 127.0.0.1:8082 and the {bos} queue prefix", () => {
    expect(loadConfig({})).toMatchObject({ host: "127.0.0.1", port: 8082, queuePrefix: "{bos}", redisUrl: "redis://127.0.0.1:6379" });
  });

  it("refuses a queue prefix without a Redis Cluster hash tag", () => {
    expect(() => loadConfig({ QUEUE_PREFIX: "bull" })).toThrow(/QUEUE_PREFIX: must contain a Redis Cluster hash tag/);
  });

  it("refuses a port out of range", () => {
    expect(() => loadConfig({ WORKER_PORT: "70000" })).toThrow(/WORKER_PORT: must be between 1 and 65535/);
  });
});
