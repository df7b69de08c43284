import { createCipheriv, randomBytes } from "node:crypto";
import { createKeyring, decryptCredentialData, encryptCredentialData, keyIdOf } from "./credential-cipher";
import { CredentialError } from "./errors";

const binding = { tenantId: "6f1c2a4e-3b1d-4c9a-8e7f-0a1b2c3d4e5f", credentialId: "1a2b3c4d-0000-4000-8000-000000000001" };
const secret = { user: "svc", password: "hunter2-very-secret" };

/** The error a call throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): CredentialError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CredentialError) return error;
    throw error;
  }
  throw new Error("expected a CredentialError");
}

describe("credential cipher (AES-256-GCM)", () => {
  it("round-trips the data and names the key by the first 16 hex digits of its SHA-256", () => {
    const key = randomBytes(32);
    const keyring = createKeyring({ current: key });
    const { blob, keyId } = encryptCredentialData(keyring, binding, secret);
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keyId).toBe(keyIdOf(key));
    expect(blob[0]).toBe(1);
    expect(blob.toString("utf8")).not.toContain("hunter2");
    expect(decryptCredentialData(keyring, binding, blob, keyId)).toEqual(secret);
  });

  it("uses a fresh IV for every write, so equal data never gives equal blobs", () => {
    const keyring = createKeyring({ current: randomBytes(32) });
    const a = encryptCredentialData(keyring, binding, secret).blob;
    const b = encryptCredentialData(keyring, binding, secret).blob;
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it.each([
    ["the IV", 1],
    ["the tag", 13],
    ["the ciphertext", 30],
  ])("refuses a blob with one bit of %s flipped, without the plaintext in the error", (_, offset) => {
    const keyring = createKeyring({ current: randomBytes(32) });
    const { blob, keyId } = encryptCredentialData(keyring, binding, secret);
    const altered = Buffer.from(blob);
    altered[offset] = (altered[offset] ?? 0) ^ 1;
    const error = thrown(() => decryptCredentialData(keyring, binding, altered, keyId));
    expect(error.code).toBe("WF_CREDENTIAL_UNREADABLE");
    expect(error.details).toMatchObject({ reason: "tampered", keyId });
    expect(JSON.stringify({ message: error.message, details: error.details, description: error.description })).not.toContain("hunter2");
  });

  it("refuses a blob moved to another credential or another tenant (the ciphertext is bound to both)", () => {
    const keyring = createKeyring({ current: randomBytes(32) });
    const { blob, keyId } = encryptCredentialData(keyring, binding, secret);
    expect(thrown(() => decryptCredentialData(keyring, { ...binding, credentialId: "1a2b3c4d-0000-4000-8000-000000000002" }, blob, keyId)).code).toBe("WF_CREDENTIAL_UNREADABLE");
    expect(thrown(() => decryptCredentialData(keyring, { ...binding, tenantId: "00000000-0000-4000-8000-000000000000" }, blob, keyId)).code).toBe("WF_CREDENTIAL_UNREADABLE");
  });

  it("refuses truncated blobs and unknown format versions", () => {
    const keyring = createKeyring({ current: randomBytes(32) });
    const { blob, keyId } = encryptCredentialData(keyring, binding, secret);
    expect(thrown(() => decryptCredentialData(keyring, binding, blob.subarray(0, 20), keyId)).details).toMatchObject({ reason: "format" });
    const v2 = Buffer.from(blob);
    v2[0] = 2;
    expect(thrown(() => decryptCredentialData(keyring, binding, v2, keyId)).details).toMatchObject({ reason: "format" });
  });

  it("reads with a previous key after a rotation and writes with the new one; an unlisted key is named, not guessed", () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = createKeyring({ current: oldKey });
    const written = encryptCredentialData(before, binding, secret);
    const rotated = createKeyring({ current: newKey, previous: [oldKey] });
    expect(decryptCredentialData(rotated, binding, written.blob, written.keyId)).toEqual(secret);
    const rewritten = encryptCredentialData(rotated, binding, secret);
    expect(rewritten.keyId).toBe(keyIdOf(newKey));
    expect(rewritten.keyId).not.toBe(written.keyId);
    const forgotten = createKeyring({ current: newKey });
    const error = thrown(() => decryptCredentialData(forgotten, binding, written.blob, written.keyId));
    expect(error.code).toBe("WF_CREDENTIAL_UNREADABLE");
    expect(error.details).toMatchObject({ reason: "unknown-key", keyId: written.keyId });
    expect(error.description).toContain("CREDENTIALS_PREVIOUS_KEYS");
  });

  it("refuses authenticated plaintext that is not a JSON object, without quoting it", () => {
    const key = randomBytes(32);
    const keyring = createKeyring({ current: key });
    // What a writer other than encryptCredentialData could have stored: valid GCM over text that is not JSON.
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(`bos-credential:v1:${binding.tenantId}:${binding.credentialId}`));
    const ciphertext = Buffer.concat([cipher.update("hunter2 plain", "utf8"), cipher.final()]);
    const blob = Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), ciphertext]);
    const error = thrown(() => decryptCredentialData(keyring, binding, blob, keyring.current.id));
    expect(error.details).toMatchObject({ reason: "format" });
    expect(`${error.message} ${String(error.cause)}`).not.toContain("hunter2");
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(thrown(() => createKeyring({ current: randomBytes(16) })).code).toBe("WF_CREDENTIAL_KEY_INVALID");
    expect(thrown(() => createKeyring({ current: randomBytes(32), previous: [randomBytes(24)] })).message).toContain("CREDENTIALS_PREVIOUS_KEYS entry 1 is 24 bytes");
  });
});
