import { aBook, aReview } from "@bookstore/test-harness";
import { useIsolatedDatabase } from "../../support/isolated-database";
import { addReviews, ownerQuery } from "../../support/owner-database";
import { testApi } from "../../support/test-api";

useIsolatedDatabase();

// Only the dsql lane runs this file: only there is a book deleted in several transactions.
describe("a deletion in several DSQL transactions", () => {
  test("a book whose deletion was interrupted stays hidden with its reviews, takes no new review, and a DELETE finishes it", async () => {
    const id = (await testApi().post("/book").send(aBook({ title: "Half gone" })).expect(201)).body.id as number;
    const review = (await testApi().post("/review").send(aReview({ bookId: id })).expect(201)).body.id as number;
    await addReviews(id, 10);
    // Where a deletion in several transactions stopped after hiding the book.
    await ownerQuery("UPDATE book SET deleted_at = now() WHERE id = $1", [id]);
    await testApi().get(`/book/${id}`).expect(404);
    await testApi().get(`/review?bookId=${id}`).expect(404);
    await testApi().get(`/review/${review}`).expect(404);
    await testApi().patch(`/book/${id}`).send({ year: 2001 }).expect(404);
    await testApi().post("/review").send(aReview({ bookId: id })).expect(404);
    expect((await testApi().get("/book?limit=100").expect(200)).body.books.map((book: { id: number }) => book.id)).not.toContain(id);
    await testApi().delete(`/book/${id}`).expect(204);
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM review WHERE book_id = $1", [id]))[0]?.count).toBe(0);
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE id = $1", [id]))[0]?.count).toBe(0);
    await testApi().delete(`/book/${id}`).expect(404);
  });

});
