import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { CredentialKeyInvalidError, CredentialUnreadableError } from "./errors";

/**
 * The keys credentials are encrypted with: writes use `current`; reads pick the key whose id the row names,
 * so rows written before a rotation stay readable while their key is listed among the previous ones.
 */
export interface CredentialKeyring {
  readonly current: CredentialKey;
  byId(id: string): CredentialKey | undefined;
}

export interface CredentialKey {
  /** First 16 hex digits of the key's SHA-256: names the key in `credentials.encryption_key_id`, reveals nothing usable. */
  readonly id: string;
  readonly key: Buffer;
}

/** The format byte of blobs written by this code: version 1 = AES-256-GCM, 12-byte IV, 16-byte tag. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** The id stored with a row, from the key bytes. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/**
 * A keyring from the parsed config (`CREDENTIALS_ENCRYPTION_KEY`, `CREDENTIALS_PREVIOUS_KEYS`).
 *
 * @example
 * const keys = createKeyring({ current: config.credentialKeys.current, previous: config.credentialKeys.previous });
 */
export function createKeyring(keys: { current: Buffer; previous?: readonly Buffer[] }): CredentialKeyring {
  const check = (key: Buffer, which: string): CredentialKey => {
    if (key.length !== 32) throw new CredentialKeyInvalidError(which, key.length);
    return { id: keyIdOf(key), key: Buffer.from(key) };
  };
  const current = check(keys.current, "CREDENTIALS_ENCRYPTION_KEY");
  const all = new Map<string, CredentialKey>();
  (keys.previous ?? []).forEach((key, i) => {
    const entry = check(key, `CREDENTIALS_PREVIOUS_KEYS entry ${i + 1}`);
    all.set(entry.id, entry);
  });
  all.set(current.id, current);
  return { current, byId: (id) => all.get(id) };
}

/**
 * What the ciphertext is bound to (GCM additional data): the tenant and the credential id, so a blob copied
 * to another row or tenant fails authentication instead of decrypting there.
 */
export interface CredentialBinding {
  tenantId: string;
  credentialId: string;
}

function additionalData(binding: CredentialBinding): Buffer {
  return Buffer.from(`bos-credential:v1:${binding.tenantId}:${binding.credentialId}`, "utf8");
}

/** Encrypts `data` (as JSON) with the current key: `version(1) | iv(12) | tag(16) | ciphertext`, a fresh random IV each time. */
export function encryptCredentialData(keyring: CredentialKeyring, binding: CredentialBinding, data: Record<string, unknown>): { blob: Buffer; keyId: string } {
  const { key, id } = keyring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(binding));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), "utf8"), cipher.final()]);
  return { blob: Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]), keyId: id };
}

/**
 * Decrypts a stored blob with the key its row names. Throws CredentialUnreadableError (never the plaintext,
 * never the key) when the key is unknown, the blob was altered or moved, or its format is not version 1.
 */
export function decryptCredentialData(keyring: CredentialKeyring, binding: CredentialBinding, blob: Buffer, keyId: string): Record<string, unknown> {
  const entry = keyring.byId(keyId);
  if (!entry) throw new CredentialUnreadableError(binding.credentialId, "unknown-key", keyId);
  if (blob.length < HEADER_BYTES || blob[0] !== VERSION) throw new CredentialUnreadableError(binding.credentialId, "format", keyId);
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
  let plaintext: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", entry.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(binding));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]).toString("utf8");
  } catch (cause) {
    // Only authentication fails here (the key and IV sizes are fixed above); the cause names no secret.
    throw new CredentialUnreadableError(binding.credentialId, "tampered", keyId, cause);
  }
  let data: unknown;
  try {
    data = JSON.parse(plaintext);
  } catch {
    // Not rethrown with its cause: JSON.parse's message quotes the text it read, which is the secret.
    throw new CredentialUnreadableError(binding.credentialId, "format", keyId);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new CredentialUnreadableError(binding.credentialId, "format", keyId);
  return data as Record<string, unknown>;
}
