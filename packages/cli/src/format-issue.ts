import type { ValidationIssue } from "@bos/workflow-schema";

/** One issue on one line: severity, code, path, node and message. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.path === "" ? "(document)" : issue.path;
  return `${issue.severity} ${issue.code} at ${where}: ${issue.message}`;
}
