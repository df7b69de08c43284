import type { TaskError } from "../types";

/** A thrown value as the error stored on a failed node run. Never includes stacks of host code. */
export function toTaskError(error: unknown, node?: string): TaskError {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; description?: unknown; itemIndex?: unknown; lineNumber?: unknown };
    const task: TaskError = { message: e.message, name: e.name };
    if (typeof e.code === "string") task.code = e.code;
    if (typeof e.description === "string") task.description = e.description;
    if (typeof e.itemIndex === "number") task.itemIndex = e.itemIndex;
    if (typeof e.lineNumber === "number") task.lineNumber = e.lineNumber;
    if (node !== undefined) task.node = node;
    return task;
  }
  return { message: typeof error === "string" ? error : `Non-error value thrown: ${safeString(error)}`, name: "Error", ...(node !== undefined ? { node } : {}) };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Circular or exotic values: the type name is the best we can say.
    return Object.prototype.toString.call(value);
  }
}
