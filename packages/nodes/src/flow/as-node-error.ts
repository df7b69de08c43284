import { NodeError, NodeOperationError } from "@bos/node-sdk";

/** Errors from condition evaluation keep their class; anything else is wrapped with the item index. */
export function asNodeError(error: unknown, itemIndex: number): NodeError {
  if (error instanceof NodeError) return error;
  return new NodeOperationError(error instanceof Error ? error.message : String(error), { itemIndex, cause: error });
}
