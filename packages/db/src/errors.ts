/** Errors of @bos/db. Codes are stable (`WF_DB_*`) and documented in docs/errors.md. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DbError";
  }
}

/** A tenant id that is not a UUID reached the tenant scope (a bug in the caller, not user input). */
export class InvalidTenantIdError extends DbError {
  constructor(tenantId: string) {
    super("WF_DB_INVALID_TENANT_ID", `tenant id "${tenantId}" is not a UUID; tenant scopes take the tenants.id value`, 500, false);
  }
}

/** A paging cursor that this service did not issue (or that was altered). */
export class InvalidCursorError extends DbError {
  constructor(cursor: string, cause?: unknown) {
    super("WF_DB_INVALID_CURSOR", `cursor "${cursor}" is not valid: pass the nextCursor value of the previous page unchanged`, 400, false, { cause });
  }
}

/** Migrations failed; the database stays at the last migration that succeeded. */
export class MigrationError extends DbError {
  constructor(migration: string | undefined, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "WF_DB_MIGRATION_FAILED",
      `migration ${migration ?? "(setup)"} failed: ${reason}. The database is left at the last migration that succeeded; fix the cause and run the migrations again`,
      500,
      false,
      { cause },
    );
  }
}
