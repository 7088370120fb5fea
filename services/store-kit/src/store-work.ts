import { runOnConnection, type EntityManager } from "@bookstore/orm";
import { toAppError } from "./to-app-error";

type Work<T> = (manager: EntityManager) => Promise<T>;

function translated<T>(attempt: Promise<T>): Promise<T> {
  return attempt.catch((error: unknown) => {
    throw toAppError(error);
  });
}

/** Reads: repeated once by the layer when the connection was lost. */
export function read<T>(work: Work<T>): Promise<T> {
  return translated(runOnConnection("read", work));
}

/** Writes: never repeated once sent; a lost answer is reported as outcome unknown. */
export function write<T>(work: Work<T>): Promise<T> {
  return translated(runOnConnection("write", work));
}
