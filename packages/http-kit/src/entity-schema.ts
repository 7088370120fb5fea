import type { ApiField } from "@bookstore/orm";
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";

function schemaOf(field: ApiField): $ZodType {
  const base =
    field.type === "integer"
      ? z.int()
      : field.type === "date-time"
        ? z.string().check(z.meta({ format: "date-time" }))
        : z.string().check(z.meta(field.maxLength === undefined ? {} : { maxLength: field.maxLength }));
  return field.nullable ? z.nullable(base) : base;
}

/** The response shape of an entity, from its API fields: every field present, nullable ones as null. */
export function entityShape(fields: readonly ApiField[]): Record<string, $ZodType> {
  return Object.fromEntries(fields.map((field) => [field.name, schemaOf(field)]));
}
