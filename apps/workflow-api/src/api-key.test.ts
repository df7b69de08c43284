import { generateApiKey, hashApiKey, looksLikeApiKey, tenantOfApiKey } from "./api-key";

const TENANT = "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f01";

describe("API keys", () => {
  it("name their tenant and store only a hash of the whole key", () => {
    const { key, prefix, hash } = generateApiKey(TENANT);
    expect(key).toMatch(/^bos_5d6f1a2e0c4b4f7e9a132b8c7d4e6f01_[A-Za-z0-9_-]{43}$/);
    expect(tenantOfApiKey(key)).toBe(TENANT);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(38));
    expect(key.startsWith("bos_")).toBe(true);
    expect(prefix).toHaveLength(12);
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it("differ on every generation", () => {
    expect(generateApiKey(TENANT).key).not.toBe(generateApiKey(TENANT).key);
  });

  it("reject anything that is not a well-formed key", () => {
    expect(tenantOfApiKey("bos_nothex_abc")).toBeUndefined();
    expect(tenantOfApiKey("eyJhbGciOi.x.y")).toBeUndefined();
    expect(looksLikeApiKey("eyJhbGciOi.x.y")).toBe(false);
  });
});
