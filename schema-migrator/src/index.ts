export { migrate, type MigrateOptions } from "./migrate";
export { MIGRATIONS } from "./migration-history";
export { runMigrations, MIGRATION_ACTIONS, type MigrationAction, type MigrationReport } from "./run-migrations";
export { ensureAppRole, type AppRoleOptions } from "./app-role";
export { openMigratorDataSource } from "./open-migrator-data-source";
export { dsqlStartupViolations, dsqlStatementViolations, forPostgres, DSQL_SESSION_PARAMETERS, DSQL_STATEMENT_RULES } from "./dsql/dsql-rules";
export { checkMigrations, type CheckFinding, type CheckOptions } from "./check/run-check";
export { lintWithSquawk, type CapturedMigration, type LintFinding } from "./check/squawk-lint";
