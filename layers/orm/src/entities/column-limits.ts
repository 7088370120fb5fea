/**
 * Ranges the entities' check constraints and request validation share, so a
 * value the API accepts always passes its check. (Text lengths are the
 * columns' own: read them with maxLengthOf.)
 */
export const BOOK_LIMITS = {
  /** The first printed books; nothing older has a publication year. */
  yearMin: 1450,
  yearMax: 2100,
} as const;

export const REVIEW_LIMITS = {
  rateMin: 1,
  rateMax: 5,
} as const;

/** PostgreSQL `integer` keys: ids outside this range can never match a row. */
export const MAX_ENTITY_ID = 2_147_483_647;
