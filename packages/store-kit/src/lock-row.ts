import type { EntityManager, EntityTarget, ObjectLiteral } from "@bookstore/orm";

/**
 * Locks one row by primary key inside the caller's transaction
 * (`SELECT … FOR UPDATE`), which DSQL counts as a write: two transactions
 * that lock the same row conflict, and one of them is retried. False when
 * there is no such row.
 */
export async function lockRow(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, id: number): Promise<boolean> {
  const row = await manager.createQueryBuilder(entity, "locked").select("locked.id").where("locked.id = :id", { id }).setLock("pessimistic_write").getOne();
  return row !== null;
}
