/**
 * Items: what flows between nodes. Same shape as n8n's INodeExecutionData.
 *
 * @example
 * const item: Item = { json: { name: "Ana" }, pairedItem: { item: 0 } };
 */

/** Binary data attached to an item; `data` is base64 in the default mode. */
export interface BinaryData {
  data: string;
  mimeType: string;
  fileName?: string;
  fileExtension?: string;
  fileSize?: string;
  fileType?: string;
  directory?: string;
  id?: string;
  bytes?: number;
}

/** Which input item produced an output item. `input` defaults to 0. */
export interface PairedItem {
  item: number;
  input?: number;
  /** Set when the item came through a node whose own link must be skipped (n8n's sourceOverwrite). */
  sourceOverwrite?: TaskSource;
}

/** One item. `json` is plain data (never class instances, never functions). */
export interface Item {
  json: Record<string, unknown>;
  binary?: Record<string, BinaryData>;
  pairedItem?: PairedItem | PairedItem[] | number;
  /** A per-item error kept by continue-on-fail handling. */
  error?: { message: string; description?: string };
}

/** Node output: one item array per output index. */
export type NodeOutputs = Item[][];

/** Where a run's input came from, per input index, as n8n's `source` records it. */
export interface TaskSource {
  previousNode: string;
  previousNodeOutput?: number;
  previousNodeRun?: number;
}
