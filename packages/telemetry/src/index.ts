export { configureTelemetry, telemetry, type Telemetry } from "./telemetry";
