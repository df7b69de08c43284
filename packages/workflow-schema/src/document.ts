import { z } from "zod";

/**
 * The workflow document: n8n's workflow JSON (a superset). Every field n8n writes is modelled; unknown
 * fields are kept (`.passthrough()`/`.loose()`) so that an n8n export round-trips with nothing lost.
 * Our own additions live in clearly named optional fields (`bos`).
 *
 * @example
 * const parsed = WorkflowDocumentSchema.safeParse(JSON.parse(text));
 */

/** A reference from a node to a stored credential. Legacy files use a bare name string. */
export const CredentialRefSchema = z.looseObject({
  id: z.string().nullable().optional(),
  name: z.string(),
});

/** One node on the canvas. `name` is unique in the workflow and keys connections, pinData and runData. */
export const WorkflowNodeSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  type: z.string(),
  typeVersion: z.number(),
  position: z.tuple([z.number(), z.number()]),
  parameters: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.union([CredentialRefSchema, z.string()])).optional(),
  disabled: z.boolean().optional(),
  notes: z.string().optional(),
  notesInFlow: z.boolean().optional(),
  onError: z.enum(["stopWorkflow", "continueRegularOutput", "continueErrorOutput"]).optional(),
  continueOnFail: z.boolean().optional(),
  retryOnFail: z.boolean().optional(),
  maxTries: z.number().optional(),
  waitBetweenTries: z.number().optional(),
  alwaysOutputData: z.boolean().optional(),
  executeOnce: z.boolean().optional(),
  webhookId: z.string().optional(),
});

/** A connection target: the node it feeds, the connection type, and the target's input index. */
export const ConnectionTargetSchema = z.looseObject({
  node: z.string(),
  type: z.string().default("main"),
  index: z.number().int().nonnegative(),
});

/**
 * Connections keyed by source node name, then connection type, then output index.
 * `null` entries (old files) and missing trailing outputs are tolerated.
 */
export const ConnectionsSchema = z.record(
  z.string(),
  z.record(z.string(), z.array(z.array(ConnectionTargetSchema).nullable())),
);

/** Workflow settings; unknown keys are kept. */
export const WorkflowSettingsSchema = z.looseObject({
  executionOrder: z.enum(["v0", "v1"]).optional(),
  timezone: z.string().optional(),
  errorWorkflow: z.string().optional(),
  executionTimeout: z.number().optional(),
  callerPolicy: z.string().optional(),
  callerIds: z.string().optional(),
  saveDataErrorExecution: z.string().optional(),
  saveDataSuccessExecution: z.string().optional(),
  saveManualExecutions: z.union([z.boolean(), z.string()]).optional(),
  saveExecutionProgress: z.union([z.boolean(), z.string()]).optional(),
  /** Ours: run independent branches concurrently, up to this many at once (1 = sequential). */
  parallelBranches: z.number().int().positive().optional(),
});

export const TagSchema = z.union([z.looseObject({ id: z.string().optional(), name: z.string() }), z.string()]);

/** The whole document. */
export const WorkflowDocumentSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  name: z.string(),
  active: z.boolean().optional(),
  nodes: z.array(WorkflowNodeSchema),
  connections: ConnectionsSchema,
  settings: WorkflowSettingsSchema.optional(),
  pinData: z.record(z.string(), z.array(z.unknown())).nullable().optional(),
  staticData: z.unknown().optional(),
  meta: z.record(z.string(), z.unknown()).nullable().optional(),
  tags: z.array(TagSchema).optional(),
  versionId: z.string().optional(),
});

export type CredentialRef = z.infer<typeof CredentialRefSchema>;
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;
export type ConnectionTarget = z.infer<typeof ConnectionTargetSchema>;
export type Connections = z.infer<typeof ConnectionsSchema>;
export type WorkflowSettings = z.infer<typeof WorkflowSettingsSchema>;
export type WorkflowDocument = z.infer<typeof WorkflowDocumentSchema>;
