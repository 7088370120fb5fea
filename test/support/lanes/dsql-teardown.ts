import { closeLane } from "../test-lane";

export default () => closeLane("dsql");
