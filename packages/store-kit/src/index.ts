export { read, write } from "./store-work";
export { toAppError } from "./to-app-error";
export { lockRow } from "./lock-row";
