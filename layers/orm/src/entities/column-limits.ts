/**
 * Sizes and ranges shared by the entities, the migrations and request
 * validation, so a value the API accepts always fits its column.
 */
export const BOOK_LIMITS = {
  titleLength: 200,
  authorLength: 100,
  publisherLength: 100,
  /** The first printed books; nothing older has a publication year. */
  yearMin: 1450,
  yearMax: 2100,
} as const;

export const REVIEW_LIMITS = {
  reviewerLength: 100,
  reviewLength: 500,
  rateMin: 1,
  rateMax: 5,
} as const;

/** PostgreSQL `integer` keys: ids outside this range can never match a row. */
export const MAX_ENTITY_ID = 2_147_483_647;
