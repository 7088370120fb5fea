import { ConfigurationError } from "./configuration-error";
import { ENVIRONMENT_VARIABLES, type VariableName } from "./environment-variables";

type Spec<N extends VariableName> = (typeof ENVIRONMENT_VARIABLES)[N];
type Parsed<S> = S extends { type: "integer" }
  ? number
  : S extends { type: "boolean" }
    ? boolean
    : S extends { type: "enum"; values: readonly (infer V)[] }
      ? V
      : string;
/** A variable's value: typed by its declaration, never undefined where it has a default. */
export type VariableValue<N extends VariableName> = Spec<N> extends { default: unknown } ? Parsed<Spec<N>> : Parsed<Spec<N>> | undefined;

export type VariableSource = Readonly<Record<string, string | undefined>>;

export interface Variables {
  /** The variable's value, parsed and defaulted; a ConfigurationError naming it when malformed. */
  get<N extends VariableName>(name: N): VariableValue<N>;
  /** The value, or a ConfigurationError naming the variable and `when` it is needed. */
  required<N extends VariableName>(name: N, when: string): NonNullable<VariableValue<N>>;
  /** True when the variable is set to something other than the empty string. */
  isSet(name: VariableName): boolean;
}

function parse(name: VariableName, raw: string): unknown {
  const spec = ENVIRONMENT_VARIABLES[name] as { type: string; values?: readonly string[] };
  switch (spec.type) {
    case "integer": {
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
        throw new ConfigurationError(name, `"${raw}" is not a positive whole number`);
      }
      return value;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") throw new ConfigurationError(name, `"${raw}" is not one of true, false`);
      return raw === "true";
    case "enum":
      if (!spec.values?.includes(raw)) throw new ConfigurationError(name, `"${raw}" is not one of ${spec.values?.join(", ")}`);
      return raw;
    default:
      return raw;
  }
}

// One reader per source, each value parsed once per raw value: a test that changes a variable gets the new value parsed.
const readers = new WeakMap<VariableSource, Variables>();

/** The environment through its contract (process.env unless another source is given). */
export function environment(source: VariableSource = process.env): Variables {
  let reader = readers.get(source);
  if (!reader) {
    reader = readerOf(source);
    readers.set(source, reader);
  }
  return reader;
}

function readerOf(source: VariableSource): Variables {
  const cache = new Map<VariableName, { raw: string; value: unknown }>();
  const get = <N extends VariableName>(name: N): VariableValue<N> => {
    const raw = source[name];
    if (raw === undefined || raw === "") return (ENVIRONMENT_VARIABLES[name] as { default?: unknown }).default as VariableValue<N>;
    const hit = cache.get(name);
    if (hit?.raw === raw) return hit.value as VariableValue<N>;
    const value = parse(name, raw);
    cache.set(name, { raw, value });
    return value as VariableValue<N>;
  };
  return {
    get,
    required: (name, when) => {
      const value = get(name);
      if (value === undefined) throw new ConfigurationError(name, `is required ${when}`);
      return value as NonNullable<VariableValue<typeof name>>;
    },
    isSet: (name) => source[name] !== undefined && source[name] !== "",
  };
}
