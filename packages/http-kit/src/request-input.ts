import type { APIGatewayProxyEvent } from "aws-lambda";
import * as z from "zod/mini";
import type { $ZodType, output } from "zod/v4/core";
import { validationFailed } from "./api-error";
import { integerString } from "./field-schemas";
import { parseInput } from "./validate-input";

/**
 * A path parameter that is a key: a whole number from 1 to `max`. `schema`
 * documents it; `read` takes it from an event, else 400 naming it. Its
 * schema is built once, when first used: building a schema costs far more
 * than running it, and a cold start serves one route.
 */
export function pathIdParameter(name: string, max: number) {
  const build = () => z.strictObject({ [name]: integerString(1, max) });
  let built: ReturnType<typeof build> | undefined;
  const schema = () => (built ??= build());
  return {
    get schema() {
      return schema();
    },
    read: (event: APIGatewayProxyEvent): number =>
      (parseInput(schema(), { [name]: event.pathParameters?.[name] }) as Record<string, number>)[name] as number,
  };
}

/** Query parameters through a strict schema; a parameter given twice is a 400 too. */
export function readQuery<Schema extends $ZodType>(event: APIGatewayProxyEvent, schema: Schema): output<Schema> {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ field: name, message: "must be given once" }));
  if (repeated.length > 0) throw validationFailed(repeated);
  return parseInput(schema, event.queryStringParameters ?? {});
}
