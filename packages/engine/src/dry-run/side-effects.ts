import type { NodeDescription, SubworkflowReference, WorkflowNode } from "@bos/workflow-schema";
import { hasSideEffects } from "../graph/port-counts";
import type { WorkflowLoader } from "../types";

export interface SideEffectCheckDeps {
  /** The description of a node's type (undefined: unknown type, which counts as having side effects). */
  describe(node: WorkflowNode): NodeDescription | undefined;
  loader?: WorkflowLoader;
  /** The workflow and execution the check runs for (passed to the loader). */
  workflowId?: string;
  executionId: string;
  /**
   * Results for nodes whose sub-workflow is inline (a function of the node alone, since documents are not
   * changed once run): an engine shares one cache across its runs, so the inline JSON is checked once.
   */
  inlineCache?: WeakMap<WorkflowNode, Promise<boolean>>;
}

function nodesOf(workflow: unknown): WorkflowNode[] | undefined {
  const nodes = workflow !== null && typeof workflow === "object" ? (workflow as { nodes?: unknown }).nodes : undefined;
  return Array.isArray(nodes) ? (nodes as WorkflowNode[]) : undefined;
}

/**
 * Whether running a node may change something outside the engine, following sub-workflows: a node whose
 * description says `sideEffects: { subworkflow }` (Execute Workflow) has side effects when the workflow it
 * names has a node with side effects, checked recursively. A sub-workflow that cannot be loaded, or named by
 * an expression, counts as having them; a workflow already being checked (a call cycle) adds nothing. One
 * checker per execution caches what it loaded.
 */
export class SideEffectChecker {
  private readonly byWorkflowId = new Map<string, Promise<boolean>>();

  constructor(private readonly deps: SideEffectCheckDeps) {}

  async of(node: WorkflowNode): Promise<boolean> {
    const cached = this.deps.inlineCache?.get(node);
    if (cached) return cached;
    return this.check(node, new Set(this.deps.workflowId === undefined ? [] : [this.deps.workflowId]));
  }

  private async check(node: WorkflowNode, visiting: ReadonlySet<string>): Promise<boolean> {
    const description = this.deps.describe(node);
    const effects = description?.sideEffects;
    if (node.disabled || typeof effects !== "object") return hasSideEffects(description, node);
    let reference: SubworkflowReference | undefined;
    try {
      reference = effects.subworkflow(node.parameters ?? {});
    } catch {
      return true;
    }
    if (!reference) return true;
    if (reference.kind === "inline") {
      const cache = this.deps.inlineCache;
      let pending = cache?.get(node);
      if (!pending) {
        pending = this.workflowHasSideEffects(reference.workflow, visiting);
        // Only a result that no stored workflow decided is the node's alone.
        if (!containsIdReference(reference.workflow, this.deps.describe)) cache?.set(node, pending);
      }
      return pending;
    }
    if (visiting.has(reference.id)) return false;
    const id = reference.id;
    let pending = this.byWorkflowId.get(id);
    if (!pending) {
      pending = this.loadAndCheck(id, new Set([...visiting, id]));
      this.byWorkflowId.set(id, pending);
    }
    return pending;
  }

  private async loadAndCheck(id: string, visiting: ReadonlySet<string>): Promise<boolean> {
    if (!this.deps.loader) return true;
    let workflow: unknown;
    try {
      workflow = await this.deps.loader.load(id, { parentWorkflowId: this.deps.workflowId, executionId: this.deps.executionId });
    } catch {
      return true;
    }
    return workflow === undefined ? true : this.workflowHasSideEffects(workflow, visiting);
  }

  private async workflowHasSideEffects(workflow: unknown, visiting: ReadonlySet<string>): Promise<boolean> {
    const nodes = nodesOf(workflow);
    if (!nodes) return true;
    for (const node of nodes) {
      if (node.type === "n8n-nodes-base.stickyNote") continue;
      if (await this.check(node, visiting)) return true;
    }
    return false;
  }
}

/** Whether an inline workflow calls a sub-workflow of its own (whose result may depend on stored workflows). */
function containsIdReference(workflow: unknown, describe: SideEffectCheckDeps["describe"]): boolean {
  return (nodesOf(workflow) ?? []).some((node) => typeof describe(node)?.sideEffects === "object");
}
