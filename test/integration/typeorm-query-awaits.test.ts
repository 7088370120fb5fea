import { Book, ENTITIES } from "@bookstore/orm";
import { aBook } from "@bookstore/test-harness";
import type pg from "pg";
import { DataSource, EventSubscriber, type EntitySubscriberInterface, type QueryRunner } from "typeorm";

// What the TypeORM patch leaves out of a query's path: the await of a
// connection the runner already holds, and of query and load events no
// listener or subscriber returned a promise from. What a subscriber does
// return is still waited for, at the same step as before.

/** What each event's subscriber returns: nothing, or a promise the step must wait for. */
const gates: { beforeQuery?: Promise<void>; afterQuery?: Promise<void>; afterLoad?: Promise<void> } = {};

@EventSubscriber()
class WaitingSubscriber implements EntitySubscriberInterface {
  beforeQuery() {
    return gates.beforeQuery;
  }
  afterQuery() {
    return gates.afterQuery;
  }
  afterLoad() {
    return gates.afterLoad;
  }
}

function open(subscribers: Function[]): Promise<DataSource> {
  return new DataSource({ type: "postgres", url: process.env.DATABASE_URL, entities: ENTITIES, subscribers, poolSize: 1 }).initialize();
}

/** A runner holding its connection, and pg's query method of that connection, watched. */
async function connectedRunner(dataSource: DataSource): Promise<{ runner: QueryRunner; sent: jest.SpyInstance }> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as pg.PoolClient;
  return { runner, sent: jest.spyOn(client, "query") };
}

/** A promise that stays pending until `open` is called. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe("a query's path through the patched TypeORM", () => {
  let plain: DataSource;
  let watched: DataSource;
  let book: Book;
  beforeAll(async () => {
    plain = await open([]);
    watched = await open([WaitingSubscriber]);
    const books = plain.getRepository(Book);
    book = await books.save(books.create(aBook({ title: "Query path", author: "A", publisher: "P", year: 2001 })));
  });
  afterAll(async () => {
    await plain.destroy();
    await watched.destroy();
  });
  afterEach(() => {
    delete gates.beforeQuery;
    delete gates.afterQuery;
    delete gates.afterLoad;
  });

  test("a runner holding its connection sends the statement at once when nothing waits on its events", async () => {
    const { runner, sent } = await connectedRunner(plain);
    try {
      const answer = runner.query("SELECT 1 AS one");
      expect(sent).toHaveBeenCalledTimes(1);
      await expect(answer).resolves.toEqual([{ one: 1 }]);
    } finally {
      await runner.release();
    }
  });

  test("a subscriber's promise from beforeQuery is awaited before the statement is sent, and afterQuery's before the answer", async () => {
    const { runner, sent } = await connectedRunner(watched);
    try {
      const before = gate();
      const after = gate();
      gates.beforeQuery = before.promise;
      gates.afterQuery = after.promise;
      let answered = false;
      const answer = runner.query("SELECT 1 AS one").then((rows: unknown) => {
        answered = true;
        return rows;
      });
      await turns(3);
      expect(sent).not.toHaveBeenCalled();
      before.open();
      await turns(20);
      expect(sent).toHaveBeenCalledTimes(1);
      expect(answered).toBe(false);
      after.open();
      await expect(answer).resolves.toEqual([{ one: 1 }]);
    } finally {
      await runner.release();
    }
  });

  test("a subscriber's promise from afterLoad is awaited before the entities are handed over", async () => {
    const loaded = gate();
    gates.afterLoad = loaded.promise;
    let handedOver = false;
    const books = watched
      .getRepository(Book)
      .findBy({ id: book.id })
      .then((found) => {
        handedOver = true;
        return found;
      });
    await turns(20);
    expect(handedOver).toBe(false);
    loaded.open();
    expect((await books).map((found) => found.id)).toEqual([book.id]);
  });

  test("relation ids asked for are still loaded; without them, none are", async () => {
    const mapped = await plain
      .createQueryBuilder(Book, "book")
      .loadRelationIdAndMap("book.reviewIds", "book.reviews")
      .where("book.id = :id", { id: book.id })
      .getOne();
    const expected = await plain.query(`SELECT "id" FROM "review" WHERE "book_id" = $1 ORDER BY "id"`, [book.id]);
    expect((mapped as unknown as { reviewIds?: number[] }).reviewIds).toEqual(expected.map((row: { id: number }) => row.id));
    expect(Object.keys(await plain.createQueryBuilder(Book, "book").where("book.id = :id", { id: book.id }).getOneOrFail())).not.toContain("reviewIds");
  });
});
