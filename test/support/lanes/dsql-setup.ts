import { openLane } from "../test-lane";

/** The integration suite on the DSQL-shaped schema and rules (no foreign keys, snapshot isolation), on PostgreSQL. */
export default () => openLane("dsql", undefined, { dialect: "dsql" });
