import { openLane } from "../test-lane";

export default () => openLane("direct");
