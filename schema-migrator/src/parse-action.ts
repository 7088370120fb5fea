import { MIGRATION_ACTIONS, type MigrationAction } from "./run-migrations";

export function parseAction(value: unknown): MigrationAction {
  const action = MIGRATION_ACTIONS.find((candidate) => candidate === value);
  if (!action) {
    throw new Error(`action must be one of ${MIGRATION_ACTIONS.join(", ")}; got ${JSON.stringify(value)}`);
  }
  return action;
}
