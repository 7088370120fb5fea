import { closeLane } from "../test-lane";

export default () => closeLane("data-api");
