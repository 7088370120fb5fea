export { ENV, ENVIRONMENT_VARIABLES, type VariableName, type Reader, type Setter, type VariableSpec } from "./environment-variables";
export { environment, type Variables, type VariableSource, type VariableValue } from "./read-environment";
export { ConfigurationError } from "./configuration-error";
