/**
 * One page of a keyset-paginated list, from a fetch of one item more than
 * the page: that extra item tells whether another page follows. The next
 * cursor continues after the last item shown.
 */
export async function keysetPage<Item extends { id: number }>(
  limit: number,
  fetch: (rows: number) => Promise<Item[]>,
  cursorAfter: (id: number) => string,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const fetched = await fetch(limit + 1);
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: fetched.length > limit && last ? cursorAfter(last.id) : null };
}
