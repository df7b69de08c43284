import { CodeExecutionError, ExpressionError } from "@bos/node-sdk";

/**
 * Error codes of the sandbox. Expression batches fail with ExpressionError, Code runs with
 * CodeExecutionError; both carry one of these codes when the sandbox itself stopped the call.
 */
export const SandboxErrorCode = {
  /** The call ran longer than its CPU timeout or wall-clock deadline, or awaited a promise that never settled. */
  timeout: "WF_SANDBOX_TIMEOUT",
  /** The isolate ran out of its heap limit; it was discarded and is rebuilt for the next call. */
  memoryLimit: "WF_SANDBOX_MEMORY_LIMIT",
  /** The result was larger or deeper than the output caps. */
  outputLimit: "WF_SANDBOX_OUTPUT_LIMIT",
  /** The sandbox was used after dispose() or after its pool was closed. */
  disposed: "WF_SANDBOX_DISPOSED",
  /** The isolate failed in a way that is not the user's doing. */
  internal: "WF_SANDBOX_INTERNAL",
} as const;

export type SandboxErrorCode = (typeof SandboxErrorCode)[keyof typeof SandboxErrorCode];

/** A sandbox-level failure before it is turned into the error type of the caller. */
export class SandboxFailure extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    readonly description: string,
  ) {
    super(message);
    this.name = "SandboxFailure";
  }

  toExpressionError(): ExpressionError {
    return new ExpressionError(this.message, { code: this.code, description: this.description, cause: this });
  }

  toCodeExecutionError(): CodeExecutionError {
    return new CodeExecutionError(this.message, { code: this.code, description: this.description, cause: this });
  }
}
