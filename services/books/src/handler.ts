import { createHttpHandler } from "@bookstore/http-kit";
import { warmUpDataSource } from "@bookstore/orm";
import { createBook } from "./routes/create-book";
import { deleteBook } from "./routes/delete-book";
import { getBook } from "./routes/get-book";
import { listBooks } from "./routes/list-books";
import { updateBook } from "./routes/update-book";

// Connect while Lambda initializes the container, not on the first request.
warmUpDataSource();

export const handler = createHttpHandler("books", {
  "/book": { GET: listBooks, POST: createBook, PUT: createBook },
  "/book/{id}": { GET: getBook, PATCH: updateBook, DELETE: deleteBook },
});
