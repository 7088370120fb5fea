import { classifyDatabaseError, IdempotencyRecord, LessThan, type EntityManager } from "@bookstore/orm";
import { read, write } from "@bookstore/store-kit";
import type { APIGatewayProxyResult } from "aws-lambda";

/** A key as scoped: one caller's key on one route. */
export type RecordId = Pick<IdempotencyRecord, "callerSubject" | "route" | "idempotencyKey">;

/** A committed record holds the key: the request was answered before. */
export class KeyTakenError extends Error {
  override readonly name = "KeyTakenError";
}

/** A request still in flight holds the key (its claim is not committed yet). */
export class KeyInFlightError extends Error {
  override readonly name = "KeyInFlightError";
}

/** The records of answers given to creates sent with an Idempotency-Key. */
export const idempotencyRecords = {
  /**
   * Claims the key in the caller's transaction. A twin request's claim of
   * the same key waits on this one's transaction: once it commits the twin
   * finds the key taken; if it rolls back the twin goes ahead. A wait longer
   * than the role's lock_timeout means the first is still at work.
   */
  async claim(manager: EntityManager, id: RecordId, fingerprint: string, expiresAt: Date): Promise<void> {
    try {
      await manager.insert(IdempotencyRecord, { ...id, fingerprint, expiresAt });
    } catch (error) {
      const failure = classifyDatabaseError(error);
      if (failure.kind === "unique-violation") throw new KeyTakenError("the key is taken", { cause: error });
      if (failure.kind === "locked") throw new KeyInFlightError("the key is held by a request in flight", { cause: error });
      throw error;
    }
  },

  /** Keeps the answer on the claimed record, before the transaction commits. */
  async keep(manager: EntityManager, id: RecordId, answer: APIGatewayProxyResult): Promise<void> {
    await manager.update(IdempotencyRecord, id, {
      responseStatus: answer.statusCode,
      responseHeaders: JSON.stringify(answer.headers ?? {}),
      responseBody: answer.body,
    });
  },

  find(id: RecordId): Promise<IdempotencyRecord | null> {
    return read((manager) => manager.findOneBy(IdempotencyRecord, id));
  },

  /** Frees an expired key; a record that is not expired (any more) stays. */
  async removeIfExpired(id: RecordId): Promise<void> {
    await write((manager) => manager.delete(IdempotencyRecord, { ...id, expiresAt: LessThan(new Date()) }));
  },

  /** Removes at most `limit` expired records (through the expiry index); how many went. */
  async removeExpired(limit: number): Promise<number> {
    const expired = await read((manager) =>
      manager.find(IdempotencyRecord, {
        select: { callerSubject: true, route: true, idempotencyKey: true },
        where: { expiresAt: LessThan(new Date()) },
        take: limit,
      }),
    );
    if (expired.length === 0) return 0;
    const { affected } = await write((manager) => manager.delete(IdempotencyRecord, expired));
    return affected ?? expired.length;
  },
};
