/** The keys of `T` whose values may be null. */
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];

/**
 * What a client sets of an entity: its fields without those the database
 * or the store fills in (`Generated`), relations and methods; a nullable
 * column may be left out. Adding a column to the entity adds it here.
 */
export type EntityInput<Entity, Generated extends keyof Entity> = Omit<
  { [K in Exclude<keyof Entity, Generated | NullableKeys<Entity>>]: Entity[K] } & {
    [K in Exclude<NullableKeys<Entity>, Generated>]?: Entity[K];
  },
  never
>;
