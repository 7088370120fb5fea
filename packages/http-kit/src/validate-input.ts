import type { $ZodIssue, $ZodType, output } from "zod/v4/core";
import { safeParse } from "zod/mini";
import { validationFailed, type FieldProblem } from "./api-error";

/** One problem per field: the first rule it broke. */
function problemsOf(issues: readonly $ZodIssue[], prefix: string): FieldProblem[] {
  const problems = issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [path, key].filter(Boolean).join("."), message: "is not a known field" }));
    }
    return [{ field: path || "body", message: issue.message }];
  });
  return problems.filter((problem, index) => problems.findIndex((other) => other.field === problem.field) === index);
}

/**
 * Parses input with a schema or throws 400 VALIDATION_FAILED naming every
 * offending field. `prefix` places the names (e.g. query parameters plain,
 * body fields plain, path parameters by name).
 */
export function parseInput<Schema extends $ZodType>(schema: Schema, input: unknown, prefix = ""): output<Schema> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  throw validationFailed(problemsOf(result.error.issues, prefix));
}
