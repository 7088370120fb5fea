import { DataApiError } from "./data-api-error";

/** The Data API's `Field` union: exactly one member is set. */
export type Field =
  | { isNull: true }
  | { booleanValue: boolean }
  | { longValue: number }
  | { doubleValue: number }
  | { stringValue: string }
  | { blobValue: string }
  | { arrayValue: ArrayValue };

export interface ArrayValue {
  booleanValues?: boolean[];
  longValues?: number[];
  doubleValues?: number[];
  stringValues?: string[];
  arrayValues?: ArrayValue[];
}

export interface SqlParameter {
  name?: string;
  value?: Partial<Record<string, unknown>>;
  typeHint?: "JSON" | "UUID" | "TIMESTAMP" | "DATE" | "TIME" | "DECIMAL";
}

// How a typeHint tells the database to read a string value.
const HINT_CASTS: Record<NonNullable<SqlParameter["typeHint"]>, string> = {
  JSON: "json",
  UUID: "uuid",
  TIMESTAMP: "timestamp",
  DATE: "date",
  TIME: "time",
  DECIMAL: "numeric",
};

const MEMBER_CASTS: Record<string, string> = { booleanValue: "boolean", longValue: "int8", doubleValue: "float8" };

function arrayOf(value: ArrayValue): unknown[] {
  if (value.arrayValues) return value.arrayValues.map(arrayOf);
  return value.booleanValues ?? value.longValues ?? value.doubleValues ?? value.stringValues ?? [];
}

/** A parameter's value for node-postgres, and the cast its typeHint asks for. */
export function parameterValue(parameter: SqlParameter): { value: unknown; cast?: string } {
  const field = parameter.value ?? {};
  const members = Object.keys(field).filter((key) => field[key] !== undefined);
  if (members.length !== 1) {
    throw new DataApiError("BadRequestException", `parameter ${parameter.name ?? ""} must set exactly one member of Field`);
  }
  const cast = parameter.typeHint ? HINT_CASTS[parameter.typeHint] : undefined;
  if (parameter.typeHint && !cast) throw new DataApiError("BadRequestException", `unknown typeHint ${parameter.typeHint}`);
  if (cast && !("stringValue" in field)) {
    throw new DataApiError("BadRequestException", `typeHint ${parameter.typeHint} applies to stringValue only`);
  }
  if ("isNull" in field) return { value: null, cast };
  if ("blobValue" in field) return { value: Buffer.from(String(field.blobValue), "base64"), cast: "bytea" };
  if ("arrayValue" in field) return { value: arrayOf(field.arrayValue as ArrayValue), cast };
  const member = members[0] as string;
  // Typed like the service's JDBC parameters; a string stays untyped unless hinted.
  return { value: field[member], cast: cast ?? MEMBER_CASTS[member] };
}

// PostgreSQL type OIDs and how the Data API returns each.
const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  float4: 700,
  float8: 701,
  numeric: 1700,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

/** JDBC type numbers the Data API reports in columnMetadata.type. */
const JDBC_TYPES: Record<number, number> = {
  [OID.bool]: -7,
  [OID.bytea]: -2,
  [OID.int8]: -5,
  [OID.int2]: 5,
  [OID.int4]: 4,
  [OID.oid]: -5,
  [OID.float4]: 7,
  [OID.float8]: 8,
  [OID.numeric]: 2,
  25: 12,
  1043: 12,
  1042: 1,
  1082: 91,
  1083: 92,
  [OID.timestamp]: 93,
  [OID.timestamptz]: 93,
};

/** A value as PostgreSQL sent it in text form, as the Data API's `Field`. */
export function fieldOf(text: string | null, typeId: number): Field {
  if (text === null) return { isNull: true };
  switch (typeId) {
    case OID.bool:
      return { booleanValue: text === "t" };
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid:
      return { longValue: Number(text) };
    case OID.float4:
    case OID.float8:
      return { doubleValue: Number(text) };
    case OID.bytea:
      return { blobValue: Buffer.from(text.slice(2), "hex").toString("base64") };
    case OID.timestamptz:
      // The session runs in UTC; the Data API writes timestamps without a zone.
      return { stringValue: text.replace(/\+00$/, "") };
    default:
      return { stringValue: text };
  }
}

/** A record as the JSON of `formattedRecords` shows it. */
export function jsonValueOf(text: string | null, typeId: number): unknown {
  const field = fieldOf(text, typeId);
  const [value] = Object.values(field);
  return "isNull" in field ? null : value;
}

export interface ColumnMetadata {
  name: string;
  label: string;
  type: number;
  typeName: string;
  schemaName: string;
  tableName: string;
  isAutoIncrement: boolean;
  isSigned: boolean;
  isCurrency: boolean;
  isCaseSensitive: boolean;
  nullable: number;
  precision: number;
  scale: number;
  arrayBaseColumnType: number;
}

/** The Data API's metadata of a result column. */
export function columnMetadataOf(name: string, typeId: number, typeName: string): ColumnMetadata {
  const numeric = [OID.int2, OID.int4, OID.int8, OID.float4, OID.float8, OID.numeric].includes(typeId as never);
  return {
    name,
    label: name,
    type: JDBC_TYPES[typeId] ?? 1111,
    typeName,
    schemaName: "",
    tableName: "",
    isAutoIncrement: false,
    isSigned: numeric,
    isCurrency: false,
    isCaseSensitive: !numeric && typeId !== OID.bool,
    // columnNullableUnknown: a result column does not say.
    nullable: 2,
    precision: 0,
    scale: 0,
    arrayBaseColumnType: 0,
  };
}
