import { getMetadataArgsStorage } from "typeorm";
import { isoDateTimeOf } from "./iso-date-time";

/** One field of what the API shows of an entity, from the entity's own column declaration. */
export interface ApiField {
  name: string;
  type: "integer" | "string" | "date-time";
  nullable: boolean;
  maxLength?: number;
}

const INTEGER_TYPES = new Set(["integer", "int", "int4", "smallint", "int2", "bigint", "int8"]);
const DATE_TIME_TYPES = new Set(["timestamptz", "timestamp with time zone", "timestamp"]);

function apiTypeOf(columnType: unknown, entity: string, name: string): ApiField["type"] {
  const type = String(columnType);
  if (INTEGER_TYPES.has(type)) return "integer";
  if (DATE_TIME_TYPES.has(type)) return "date-time";
  if (type === "varchar" || type === "text" || type === "character varying") return "string";
  throw new Error(`${entity}.${name}: column type ${type} has no API type; add it to api-fields.ts`);
}

const fieldsByEntity = new Map<Function, readonly ApiField[]>();
const hiddenByEntity = new Map<Function, Set<string>>();

/** Keeps a column out of what the API shows: the store's and the authorization's own. */
export function HiddenFromApi(): PropertyDecorator {
  return (prototype, property) => {
    const entity = prototype.constructor;
    if (!hiddenByEntity.has(entity)) hiddenByEntity.set(entity, new Set());
    hiddenByEntity.get(entity)?.add(String(property));
  };
}

/**
 * The fields an entity shows in the API: its columns, in declaration order,
 * never its relations. The one list its JSON, its response schema and the
 * OpenAPI document are made from.
 */
export function apiFieldsOf(entity: Function): readonly ApiField[] {
  let fields = fieldsByEntity.get(entity);
  if (!fields) {
    const hidden = hiddenByEntity.get(entity);
    fields = getMetadataArgsStorage()
      // The delete date is the store's bookkeeping, never shown.
      .columns.filter((column) => column.target === entity && column.mode !== "deleteDate" && !hidden?.has(column.propertyName))
      .map(({ propertyName, options }) => ({
        name: propertyName,
        type: apiTypeOf(options.type, entity.name, propertyName),
        nullable: options.nullable === true,
        ...(options.length === undefined ? {} : { maxLength: Number(options.length) }),
      }));
    fieldsByEntity.set(entity, fields);
  }
  return fields;
}

type JsonWriter = (entity: object) => Record<string, unknown>;
const jsonWriters = new Map<Function, JsonWriter>();

/**
 * A date-time field as JSON.stringify would write it (an invalid date as
 * null), already a string: JSON.stringify calling a Date's toJSON takes about
 * twice as long as toISOString, and toISOString twice as long as isoDateTimeOf.
 */
function dateTimeJsonOf(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoDateTimeOf(value);
  return value ?? null;
}

/**
 * The function that writes an entity class's JSON: one object literal of its
 * API fields, each read by name. V8 then checks an entity's shape once per
 * field instead of looking each field's name up in a shared cache, as a loop
 * over the names does. Where code cannot be generated from a string
 * (--disallow-code-generation-from-strings), that loop.
 */
function jsonWriterOf(entity: Function): JsonWriter {
  const fields = apiFieldsOf(entity);
  try {
    const values = fields.map(({ name, type }) => {
      const read = `entity[${JSON.stringify(name)}]`;
      return `${JSON.stringify(name)}: ${type === "date-time" ? `dateTimeJsonOf(${read})` : `${read} ?? null`}`;
    });
    const write = new Function("dateTimeJsonOf", `"use strict"; return function writeJson(entity) { return { ${values.join(", ")} }; };`);
    return write(dateTimeJsonOf) as JsonWriter;
  } catch {
    return (entityValue) => {
      const json: Record<string, unknown> = {};
      for (const { name, type } of fields) {
        const value = (entityValue as Record<string, unknown>)[name];
        json[name] = type === "date-time" ? dateTimeJsonOf(value) : (value ?? null);
      }
      return json;
    };
  }
}

/**
 * An entity as the API shows it: its API fields in declaration order, a
 * missing nullable one as null, a date as its ISO string.
 */
export function apiJsonOf(entity: object): Record<string, unknown> {
  let write = jsonWriters.get(entity.constructor);
  if (!write) {
    write = jsonWriterOf(entity.constructor);
    jsonWriters.set(entity.constructor, write);
  }
  return write(entity);
}

/** The declared length of a text column: what a request may send for it. */
export function maxLengthOf<Entity extends object>(entity: new () => Entity, property: keyof Entity & string): number {
  const length = apiFieldsOf(entity).find((field) => field.name === property)?.maxLength;
  if (length === undefined) throw new Error(`${entity.name}.${property} is not a text column with a length`);
  return length;
}
