import type { Item } from "@bos/node-sdk";
import type { RunData, RunState, RunStatus, SimulatedEffect, TaskError } from "../types";

/**
 * Where a debug session stops: before every run of `node`, or, with `condition`, only before the runs
 * whose input makes the condition true for at least one item. The condition is an expression evaluated in
 * the sandbox against the node's input, as a parameter would be (`$json.total > 100`, or the
 * `={{ ... }}` form), with `$('Node')` and the other variables of the run so far.
 */
export interface Breakpoint {
  node: string;
  condition?: string;
}

/** Why a session stopped. */
export type PauseReason = "breakpoint" | "step" | "run-to";

/** Where a paused session stands: the next node to run and its input. */
export interface DebugPause {
  node: string;
  runIndex: number;
  reason: PauseReason;
  /** The node's input items per input index (null where nothing arrived). */
  input: Array<Item[] | null>;
  /** With a conditional breakpoint: the first input item that made the condition true. */
  matchedItem?: number;
}

/** A session's status: paused at a node, or how its run ended (`aborted` by the user). */
export type DebugStatus = "paused" | RunStatus | "aborted";

/**
 * The whole of a debug session, as plain JSON: the engine's RunState (the paused node on top of its stack),
 * the breakpoints and where it stopped. A host persists it (`JSON.stringify`) and continues it in another
 * process with `DebugSession.restore`.
 */
export interface DebugSessionState {
  version: 1;
  kind: "debug-session";
  status: DebugStatus;
  breakpoints: Breakpoint[];
  runState: RunState;
  pause?: DebugPause;
  error?: TaskError;
  simulatedEffects?: SimulatedEffect[];
}

/** What a debug command answers: the status, where it paused with the node's input, and every output so far. */
export interface DebugReport {
  executionId: string;
  status: DebugStatus;
  pause?: DebugPause;
  /** Every node run so far (n8n's runData). */
  runData: RunData;
  lastNodeExecuted?: string;
  error?: TaskError;
  breakpoints: Breakpoint[];
  simulatedEffects?: SimulatedEffect[];
}
