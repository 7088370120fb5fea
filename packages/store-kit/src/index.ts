export { inOneTransaction, read, withinTransaction, write } from "./store-work";
export { lockRow } from "./lock-row";
export { type EntityInput } from "./entity-input";
