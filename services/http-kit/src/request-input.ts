import { MAX_ENTITY_ID } from "@bookstore/orm";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { z } from "zod";
import { validationFailed } from "./api-error";
import { integerString } from "./field-schemas";
import { parseInput } from "./validate-input";

const idSchema = integerString(1, MAX_ENTITY_ID);

/** A path id: a positive whole number within the key range, else 400 naming it. */
export function readPathId(event: APIGatewayProxyEvent, name = "id"): number {
  const value = event.pathParameters?.[name];
  return parseInput(z.object({ [name]: idSchema }), { [name]: value })[name] as number;
}

/** Query parameters through a strict schema; a parameter given twice is a 400 too. */
export function readQuery<Schema extends z.ZodType>(event: APIGatewayProxyEvent, schema: Schema): z.output<Schema> {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ field: name, message: "must be given once" }));
  if (repeated.length > 0) throw validationFailed(repeated);
  return parseInput(schema, event.queryStringParameters ?? {});
}
