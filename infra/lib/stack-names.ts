/** The stacks by owner, in the order they deploy. */
export const STACK_NAMES = { data: "BookstoreData", schema: "BookstoreSchema", api: "BookstoreApi" } as const;
