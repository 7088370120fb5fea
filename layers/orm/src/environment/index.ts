export { ENV, ENVIRONMENT_VARIABLES, type EnvName, type Reader, type Setter, type VariableSpec } from "./environment-variables";
export { environment, type Environment, type EnvSource, type EnvValue } from "./read-environment";
export { ConfigurationError } from "./configuration-error";
