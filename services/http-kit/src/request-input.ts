import { MAX_ENTITY_ID } from "@bookstore/orm";
import type { APIGatewayProxyEvent } from "aws-lambda";
import * as z from "zod/mini";
import type { $ZodType, output } from "zod/v4/core";
import { validationFailed } from "./api-error";
import { integerString } from "./field-schemas";
import { parseInput } from "./validate-input";

// Built once: constructing a schema costs far more than running it.
const pathIdSchemas = new Map<string, $ZodType<unknown, unknown>>();

/** A path id: a positive whole number within the key range, else 400 naming it. */
export function readPathId(event: APIGatewayProxyEvent, name = "id"): number {
  let schema = pathIdSchemas.get(name);
  if (!schema) {
    schema = z.object({ [name]: integerString(1, MAX_ENTITY_ID) });
    pathIdSchemas.set(name, schema);
  }
  const parsed = parseInput(schema, { [name]: event.pathParameters?.[name] }) as Record<string, number>;
  return parsed[name] as number;
}

/** Query parameters through a strict schema; a parameter given twice is a 400 too. */
export function readQuery<Schema extends $ZodType>(event: APIGatewayProxyEvent, schema: Schema): output<Schema> {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ field: name, message: "must be given once" }));
  if (repeated.length > 0) throw validationFailed(repeated);
  return parseInput(schema, event.queryStringParameters ?? {});
}
