import { loadConfig } from "./config";

describe("trigger-gateway config", () => {
  it("defaults to 127.0.0.1:8081", () => {
    expect(loadConfig({})).toMatchObject({ host: "127.0.0.1", port: 8081 });
  });

  it("names the variable when a URL has the wrong scheme", () => {
    expect(() => loadConfig({ REDIS_URL: "http://localhost" })).toThrow(/REDIS_URL: must be a redis or rediss URL/);
  });
});
