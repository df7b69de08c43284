import { ServiceError } from "@bos/service-kit";

/**
 * Errors of @bos/credentials (`WF_CREDENTIAL_*`), documented in docs/errors.md. No message or detail ever
 * holds credential data or key material. `description` says what to do (the engine shows it on the node).
 */
export class CredentialError extends ServiceError {
  constructor(
    code: string,
    message: string,
    httpStatus: number,
    details: Record<string, unknown>,
    readonly description: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(code, message, httpStatus, details, options);
    this.name = "CredentialError";
  }
}

/** No credential with this id in the caller's tenant (another tenant's id answers the same). */
export class CredentialNotFoundError extends CredentialError {
  constructor(id: string) {
    super("WF_CREDENTIAL_NOT_FOUND", `credential ${id} does not exist in your tenant`, 404, { id }, "Use an id from GET /credentials.");
  }
}

/** A node's (or webhook's) reference matches no credential of its type, by id or by name. */
export class CredentialUnresolvedError extends CredentialError {
  constructor(reference: { type: string; id?: string | null; name: string; node?: string }) {
    const where = reference.node ? ` (node "${reference.node}")` : "";
    super(
      "WF_CREDENTIAL_UNRESOLVED",
      `no ${reference.type} credential ${reference.id ? `with id ${reference.id} or ` : ""}named "${reference.name}" exists in this tenant${where}`,
      404,
      { type: reference.type, id: reference.id ?? null, name: reference.name, ...(reference.node ? { node: reference.node } : {}) },
      `Create a ${reference.type} credential named "${reference.name}" (POST /credentials), or select an existing one on the node.`,
    );
  }
}

/** The tenant already has a credential with this name (names are unique per tenant: imports resolve by name). */
export class CredentialNameTakenError extends CredentialError {
  constructor(name: string) {
    super("WF_CREDENTIAL_NAME_TAKEN", `a credential named "${name}" already exists in your tenant`, 409, { name }, "Pick another name, or update the existing credential.");
  }
}

/**
 * The stored blob cannot be decrypted: it was encrypted with a key this process does not have (rotated away,
 * or CREDENTIALS_ENCRYPTION_KEY differs between processes), it was altered, or it belongs to another row.
 */
export class CredentialUnreadableError extends CredentialError {
  constructor(id: string, reason: "unknown-key" | "tampered" | "format", keyId: string, cause?: unknown) {
    const why = {
      "unknown-key": `it was encrypted with key ${keyId}, which is neither CREDENTIALS_ENCRYPTION_KEY nor one of CREDENTIALS_PREVIOUS_KEYS`,
      tampered: `its ciphertext does not authenticate under key ${keyId} (altered, or copied from another credential)`,
      format: "its stored form is not one this version writes",
    }[reason];
    super(
      "WF_CREDENTIAL_UNREADABLE",
      `credential ${id} cannot be decrypted: ${why}`,
      500,
      { id, reason, keyId },
      reason === "unknown-key"
        ? "Add the key it was written with to CREDENTIALS_PREVIOUS_KEYS on every process, or save the credential's data again."
        : "Save the credential's data again (PUT /credentials/{id}).",
      { cause },
    );
  }
}

/** A credential request without a tenant: the host did not pass RunOptions.tenantId (a wiring bug). */
export class CredentialTenantRequiredError extends CredentialError {
  constructor(reference: { type: string; name: string; node?: string }) {
    super(
      "WF_CREDENTIAL_TENANT_REQUIRED",
      `credentials ${reference.type} "${reference.name}"${reference.node ? ` of node "${reference.node}"` : ""} were asked for without a tenant id`,
      500,
      { type: reference.type, name: reference.name },
      "The host must pass tenantId in the engine's run options (or use a provider bound to the tenant).",
    );
  }
}

/** Credential data must be a JSON object (field name -> value). */
export class CredentialDataInvalidError extends CredentialError {
  constructor(problem: string) {
    super("WF_CREDENTIAL_DATA_INVALID", `credential data ${problem}`, 400, { problem }, "Send data as a JSON object of the credential type's fields.");
  }
}

/** A key handed to createKeyring is not 32 bytes (config parsing normally catches this first). */
export class CredentialKeyInvalidError extends CredentialError {
  constructor(which: string, length: number) {
    super("WF_CREDENTIAL_KEY_INVALID", `${which} is ${length} bytes; AES-256-GCM needs exactly 32`, 500, { which, length }, "Set CREDENTIALS_ENCRYPTION_KEY (and CREDENTIALS_PREVIOUS_KEYS) to 32-byte keys as base64 or hex.");
  }
}
