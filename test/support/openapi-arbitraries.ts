import fc from "fast-check";

/** The part of JSON Schema the API's document uses. */
export interface Schema {
  $ref?: string;
  type?: string;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  minProperties?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

const checkDigit13 = (first12: string) => (10 - ([...first12].reduce((sum, digit, index) => sum + Number(digit) * (index % 2 === 0 ? 1 : 3), 0) % 10)) % 10;
const checkDigit10 = (first9: string) => {
  const rest = (11 - ([...first9].reduce((sum, digit, index) => sum + Number(digit) * (10 - index), 0) % 11)) % 11;
  return rest === 10 ? "X" : String(rest);
};

/** ISBNs as clients write them: ISBN-13 or ISBN-10 (978 books), with or without hyphens. */
const anIsbn = fc
  .tuple(fc.stringMatching(/^[0-9]{9}$/), fc.boolean(), fc.boolean())
  .map(([nine, as13, hyphenated]) => {
    const digits = as13 ? `978${nine}${checkDigit13(`978${nine}`)}` : `${nine}${checkDigit10(nine)}`;
    return hyphenated ? `${digits.slice(0, -1)}-${digits.slice(-1)}` : digits;
  });

export interface DocumentSchemas {
  components: { schemas: Record<string, Schema> };
}

export function resolve(document: DocumentSchemas, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = document.components.schemas[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return target;
}

/** Values the schema allows; `undefined` for a schema it cannot generate from (an opaque string). */
export function validValue(document: DocumentSchemas, given: Schema): fc.Arbitrary<unknown> | undefined {
  const schema = resolve(document, given);
  if (schema.anyOf) {
    const options = schema.anyOf.map((option) => validValue(document, option)).filter((option) => option !== undefined);
    return fc.oneof(...options);
  }
  switch (schema.type) {
    case "null":
      return fc.constant(null);
    case "integer":
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 });
    case "string": {
      if (schema.format === "isbn") return anIsbn;
      if (schema.maxLength === undefined) return undefined;
      const { minLength = 0, maxLength } = schema;
      // A pattern narrow enough that random text would almost never match it is generated from.
      if (schema.pattern !== undefined && !schema.pattern.includes("\\u0000")) {
        return fc.stringMatching(new RegExp(schema.pattern, "u")).filter((text) => [...text].length >= minLength && [...text].length <= maxLength);
      }
      const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u");
      return fc.string({ unit: "binary", minLength, maxLength }).filter((text) => pattern === undefined || pattern.test(text));
    }
    case "object": {
      const entries = Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
        const value = validValue(document, property);
        return value ? [[name, value] as const] : [];
      });
      return fc
        .record(Object.fromEntries(entries), { requiredKeys: schema.required ?? [] })
        .filter((object) => Object.keys(object).length >= (schema.minProperties ?? 0));
    }
    default:
      throw new Error(`no generator for ${JSON.stringify(schema)}`);
  }
}

/** Values the schema refuses, each breaking one rule it states. */
export function invalidValue(document: DocumentSchemas, given: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(document, given);
  const wrongTypes = fc.constantFrom<unknown>(true, [], {}, "12", 1.5);
  if (schema.anyOf) return fc.constantFrom<unknown>(true, [], {}, 1.5);
  switch (schema.type) {
    case "integer":
      return fc.oneof(
        wrongTypes.filter((value) => typeof value !== "number" || !Number.isInteger(value)),
        ...(schema.minimum !== undefined ? [fc.integer({ min: schema.minimum - 1000, max: schema.minimum - 1 })] : []),
        ...(schema.maximum !== undefined ? [fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1000 })] : []),
      );
    case "string":
      return fc.oneof(
        fc.constantFrom<unknown>(12, true, null, [], {}),
        fc.constantFrom("", " ", "\t\n", "\u00a0\u3000", "ok\u0000"),
        ...(schema.maxLength !== undefined ? [fc.constant("é".repeat(schema.maxLength + 1))] : []),
      );
    case "object": {
      const valid = validValue(document, schema) as fc.Arbitrary<Record<string, unknown>>;
      const names = Object.keys(schema.properties ?? {});
      const mutations: fc.Arbitrary<Record<string, unknown>>[] = [
        valid.map((object) => ({ ...object, notAField: 1 })),
        fc.constant({}),
      ];
      for (const name of schema.required ?? []) {
        mutations.push(valid.map(({ [name]: _dropped, ...rest }) => rest));
      }
      for (const name of names) {
        const property = schema.properties?.[name] as Schema;
        mutations.push(fc.tuple(valid, invalidValue(document, property)).map(([object, bad]) => ({ ...object, [name]: bad })));
      }
      return fc.oneof(...mutations);
    }
    default:
      return wrongTypes;
  }
}

/** A query or path value the schema refuses, as text. */
export function invalidParameter(document: DocumentSchemas, given: Schema): fc.Arbitrary<string> {
  const schema = resolve(document, given);
  if (schema.type === "integer") {
    return fc.oneof(
      fc.constantFrom("", "abc", "1.5", "1e3", "+1", "01", "0x10", " 1"),
      ...(schema.minimum !== undefined ? [fc.integer({ min: schema.minimum - 1000, max: schema.minimum - 1 }).map(String)] : []),
      ...(schema.maximum !== undefined ? [fc.bigInt({ min: BigInt(schema.maximum) + 1n, max: 10n ** 30n }).map(String)] : []),
    );
  }
  return fc.constantFrom("", " ", "\u0000x", "x".repeat((schema.maxLength ?? 1000) + 1));
}
