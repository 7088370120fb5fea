import "reflect-metadata";

export { Book, Review, IdempotencyRecord, ENTITIES, BOOK_LIMITS, REVIEW_LIMITS, MAX_ENTITY_ID, CONSTRAINT_FIELDS, apiFieldsOf, maxLengthOf, type ApiField } from "./entities";

export type { ConnectionSettings, ConnectionTuning, SettingsSource } from "./connection/connection-settings";
export { ConfigurationError, ENV, environment, type VariableName, type Variables, type VariableSource } from "./environment";
export {
  chooseAuthMode,
  resolveConnectionSettings,
  resolveConnectionTuning,
} from "./connection/resolve-connection-settings";
export { libpqUrlOf, readLibpqSettings } from "./connection/sources/libpq-source";
export { readRdsSecret, type RdsSecret } from "./connection/sources/secrets-manager-source";
export { buildDataSource, type DataSourceParts } from "./connection/create-data-source";
export { buildDataApiDataSource } from "./data-api/build-data-api-data-source";
export { databaseDialect, type DatabaseDialect } from "./connection/database-dialect";
export { chooseTransport, readDataApiSettings, type DataApiSettings, type Transport } from "./data-api/data-api-settings";
export { explainConnectionFailure } from "./connection/explain-connection-failure";
export { closeDataSource, getDataSource, warmUpDataSource } from "./connection/get-data-source";
export { asApplicationError, onDatabaseRetry, runInTransaction, runOnConnection, type RetryReason, type WorkIntent } from "./connection/run-on-connection";
export { setWorkDeadline } from "./connection/work-deadline";

export { classifyDatabaseError, type DatabaseFailure } from "./errors/classify-database-error";
export { DatabaseUnavailableError, type UnavailableReason } from "./errors/database-unavailable-error";
export {
  AppError,
  ConflictError,
  ForbiddenError,
  InvalidReferenceError,
  InvalidValueError,
  NotFoundError,
  PreconditionFailedError,
  type AppErrorKind,
} from "./errors/app-errors";

// The TypeORM pieces the stores and the migrator use, so that their bundles
// import TypeORM from this layer and never carry a second copy of it.
export { In, IsNull, LessThan, MigrationExecutor, MoreThan } from "typeorm";
export type {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
  MigrationInterface,
  QueryRunner,
  Repository,
  SelectQueryBuilder,
} from "typeorm";

export { writeCompiledScripts } from "./compile-cache/compiled-scripts";
