import { checkExpressionSyntax } from "./check-expression-syntax";
import { formatJsonPath, type JsonPathSegment } from "./json-path";
import type { ValidationContext } from "./validation-context";

/**
 * Every parameter string that is an expression (starts with `=`) must be well formed; the problem is
 * reported at its parameter path. Top-level parameters the description marks `resolve: "never"` are
 * taken literally and skipped.
 */
export function validateExpressions(ctx: ValidationContext): void {
  for (const { index, node, resolution } of ctx.nodes) {
    const literal = new Set(
      resolution.kind === "supported" ? resolution.description.parameters.filter((p) => p.resolve === "never").map((p) => p.name) : [],
    );
    for (const key of Object.keys(node.parameters)) {
      if (literal.has(key)) continue;
      walk(node.parameters[key], ["nodes", index, "parameters", key], (text, path) => {
        for (const problem of checkExpressionSyntax(text)) {
          ctx.report(
            "WF_SCHEMA_EXPRESSION_SYNTAX",
            formatJsonPath(path),
            `Node "${node.name}": expression at ${formatJsonPath(path)} has a syntax error at character ${problem.offset}: ${problem.message}.`,
            node.name,
          );
        }
      });
    }
  }
}

function walk(value: unknown, path: JsonPathSegment[], visit: (text: string, path: JsonPathSegment[]) => void): void {
  if (typeof value === "string") {
    if (value.startsWith("=")) visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((element, i) => walk(element, [...path, i], visit));
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], [...path, key], visit);
  }
}
