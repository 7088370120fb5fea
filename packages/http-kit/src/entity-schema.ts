import type { ApiField } from "@bookstore/orm";
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";

// An ISO 8601 time as JSON writes a Date: 2026-12-02T10:09:30.916Z.
const DATE_TIME_MAX_LENGTH = 30;

function schemaOf(field: ApiField): $ZodType {
  const base =
    field.type === "integer"
      ? // Columns are integer or smallint.
        z.int().check(z.meta({ format: "int32" }))
      : field.type === "date-time"
        ? z.string().check(z.meta({ format: "date-time", maxLength: DATE_TIME_MAX_LENGTH }))
        : z.string().check(z.meta(field.maxLength === undefined ? {} : { maxLength: field.maxLength }));
  return field.nullable ? z.nullable(base) : base;
}

/** The response shape of an entity, from its API fields: every field present, nullable ones as null. */
export function entityShape(fields: readonly ApiField[]): Record<string, $ZodType> {
  return Object.fromEntries(fields.map((field) => [field.name, schemaOf(field)]));
}
