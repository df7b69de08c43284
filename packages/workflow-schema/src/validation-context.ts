import type { WorkflowNode } from "./document";
import type { NodeDescriptionRegistry } from "./node-description";
import type { NodeResolution } from "./resolve-node-description";
import { createIssue, type IssueCode, type ValidationIssue, type ValidationPurpose } from "./validation-issue";
import type { WorkflowLimits } from "./workflow-limits";

/** A node that passed the shape check, with where it sits and what its type resolved to. */
export interface CheckedNode {
  readonly index: number;
  readonly node: WorkflowNode;
  readonly resolution: NodeResolution;
}

/** What every validation rule reads and where it reports. Internal to validation. */
export interface ValidationContext {
  readonly purpose: ValidationPurpose;
  readonly registry: NodeDescriptionRegistry;
  readonly limits: WorkflowLimits;
  /** The cloned document (an object; fields not yet trusted except where a rule checked them). */
  readonly doc: Readonly<Record<string, unknown>>;
  /** Nodes with a valid shape, in document order. */
  readonly nodes: readonly CheckedNode[];
  /** First node of each name (a Map, so names such as `__proto__` are plain keys). */
  readonly nodesByName: ReadonlyMap<string, CheckedNode>;
  /** Every node name in the document, including nodes whose shape failed. */
  readonly allNames: ReadonlySet<string>;
  readonly issues: ValidationIssue[];
  report(code: IssueCode, path: string, message: string, node?: string): void;
}

/** Builds a context that appends issues with the purpose's severities. */
export function createValidationContext(
  fields: Omit<ValidationContext, "issues" | "report">,
): ValidationContext {
  const issues: ValidationIssue[] = [];
  return {
    ...fields,
    issues,
    report(code, path, message, node) {
      issues.push(createIssue(fields.purpose, code, path, message, node));
    },
  };
}
