export { inOneTransaction, read, write, writeInTransaction } from "./store-work";
export { lockRow } from "./lock-row";
export { type EntityInput } from "./entity-input";
