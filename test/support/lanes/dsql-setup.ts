import { checkDsqlRules } from "../dsql-rule-check";
import { openLane } from "../test-lane";

/**
 * The integration suite on the DSQL-shaped schema, with DSQL's rules
 * emulated on PostgreSQL; what the migrator sends while it builds the
 * schema is held to DSQL's rules here, what the API sends in each file.
 */
export default async () => {
  const check = checkDsqlRules();
  try {
    await openLane("dsql", undefined, { dialect: "dsql" });
  } finally {
    check.stop();
  }
  if (check.violations.length > 0) throw new Error(`the migrator sent what DSQL refuses:\n${check.violations.join("\n")}`);
};
