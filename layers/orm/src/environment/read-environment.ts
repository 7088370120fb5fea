import { ConfigurationError } from "./configuration-error";
import { ENVIRONMENT_VARIABLES, type EnvName } from "./environment-variables";

type Spec<N extends EnvName> = (typeof ENVIRONMENT_VARIABLES)[N];
type Parsed<S> = S extends { type: "integer" }
  ? number
  : S extends { type: "boolean" }
    ? boolean
    : S extends { type: "enum"; values: readonly (infer V)[] }
      ? V
      : string;
/** A variable's value: typed by its declaration, never undefined where it has a default. */
export type EnvValue<N extends EnvName> = Spec<N> extends { default: unknown } ? Parsed<Spec<N>> : Parsed<Spec<N>> | undefined;

export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface Environment {
  /** The variable's value, parsed and defaulted; a ConfigurationError naming it when malformed. */
  get<N extends EnvName>(name: N): EnvValue<N>;
  /** The value, or a ConfigurationError naming the variable and `when` it is needed. */
  required<N extends EnvName>(name: N, when: string): NonNullable<EnvValue<N>>;
  /** True when the variable is set to something other than the empty string. */
  isSet(name: EnvName): boolean;
}

function parse(name: EnvName, raw: string): unknown {
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

// Parsed once per source and raw value: a test that changes a variable gets the new value parsed.
const parsedBySource = new WeakMap<EnvSource, Map<EnvName, { raw: string; value: unknown }>>();

/** The environment through its contract (process.env unless another source is given). */
export function environment(source: EnvSource = process.env): Environment {
  let parsed = parsedBySource.get(source);
  if (!parsed) {
    parsed = new Map();
    parsedBySource.set(source, parsed);
  }
  const cache = parsed;
  const get = <N extends EnvName>(name: N): EnvValue<N> => {
    const raw = source[name];
    if (raw === undefined || raw === "") return (ENVIRONMENT_VARIABLES[name] as { default?: unknown }).default as EnvValue<N>;
    const hit = cache.get(name);
    if (hit?.raw === raw) return hit.value as EnvValue<N>;
    const value = parse(name, raw);
    cache.set(name, { raw, value });
    return value as EnvValue<N>;
  };
  return {
    get,
    required: (name, when) => {
      const value = get(name);
      if (value === undefined) throw new ConfigurationError(name, `is required ${when}`);
      return value as NonNullable<EnvValue<typeof name>>;
    },
    isSet: (name) => source[name] !== undefined && source[name] !== "",
  };
}
