/**
 * docs/environment.md, generated from the environment contract.
 * Usage: npm run docs:environment (a test fails when the page is stale).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_VARIABLES, type VariableSpec } from "../src/environment";

export const ENVIRONMENT_DOC_PATH = join(__dirname, "..", "..", "..", "docs", "environment.md");

function typeOf(spec: VariableSpec): string {
  return spec.type === "enum" ? spec.values.map((value) => `\`${value}\``).join(" \\| ") : spec.type;
}

function defaultOf(spec: VariableSpec): string {
  return spec.default === undefined || spec.default === "" ? "" : `\`${String(spec.default)}\``;
}

export function renderEnvironmentDoc(): string {
  const rows = Object.entries(ENVIRONMENT_VARIABLES as Record<string, VariableSpec>).map(
    ([name, spec]) =>
      `| \`${name}\` | ${typeOf(spec)} | ${defaultOf(spec)} | ${spec.readBy.join(", ")} | ${spec.setBy.join(", ")} | ${spec.description.replaceAll("|", "\\|")} |`,
  );
  return [
    "# Environment variables",
    "",
    "<!-- Generated from layers/orm/src/environment/environment-variables.ts by `npm run docs:environment`; do not edit. -->",
    "",
    "Every variable the functions, the ORM layer, the schema migrator and `npm start` read. Code reads them",
    "only through `environment()` (`@bookstore/orm`), which parses each once and names the variable in a",
    "`ConfigurationError` when its value is malformed; the CDK app sets them through `ENV`",
    "(`@bookstore/orm/environment`). Set by: *stack* — the CDK app; *lambda* — the Lambda runtime; *user* —",
    "you, when you need something other than the default; *local* — `npm start` and the tests, for the",
    "processes they run.",
    "",
    "| variable | type | default | read by | set by | what it does |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

if (require.main === module) {
  writeFileSync(ENVIRONMENT_DOC_PATH, renderEnvironmentDoc());
  console.log(`wrote ${ENVIRONMENT_DOC_PATH}`);
}
