// TypeORM 1.1.3's DataSource#initialize as published (MIT License, Copyright
// (c) 2015-2026 TypeORM), unpatched: the reference the patched one must agree with.
const { CannotConnectAlreadyConnectedError } = require("typeorm/error/CannotConnectAlreadyConnectedError.js");
const validate_isolation_level_1 = require("typeorm/driver/validate-isolation-level.js");
const ObjectUtils_1 = require("typeorm/util/ObjectUtils.js");

module.exports = async function initialize() {
    if (this.isInitialized || this.isInitializing)
        throw new CannotConnectAlreadyConnectedError();
    this.isInitializing = true;
    try {
        // validate isolationLevel before connecting
        (0, validate_isolation_level_1.validateIsolationLevel)(this.driver.supportedIsolationLevels, this.options.isolationLevel);
        // connect to the database via its driver
        await this.driver.connect();
        try {
            // connect to the cache-specific database if cache is enabled
            if (this.queryResultCache)
                await this.queryResultCache.connect();
            // set connected status for the current connection
            ObjectUtils_1.ObjectUtils.assign(this, { isInitialized: true });
            // build all metadatas registered in the current connection
            await this.buildMetadatas();
            await this.driver.afterConnect();
            // if option is set - drop schema once connection is done
            if (this.options.dropSchema)
                await this.dropDatabase();
            // if option is set - automatically synchronize a schema
            if (this.options.migrationsRun)
                await this.runMigrations({
                    transaction: this.options.migrationsTransactionMode,
                });
            // if option is set - automatically synchronize a schema
            if (this.options.synchronize)
                await this.synchronize();
        }
        catch (error) {
            // if for some reason build metadata fail (for example validation error during entity metadata check)
            // connection needs to be closed
            if (this.isInitialized) {
                await this.destroy();
            }
            else {
                // clean up whatever partially connected, without letting
                // a cleanup failure mask the original error
                if (this.queryResultCache) {
                    try {
                        await this.queryResultCache.disconnect();
                    }
                    catch {
                        // ignore
                    }
                }
                try {
                    await this.driver.disconnect();
                }
                catch {
                    // ignore
                }
            }
            throw error;
        }
    }
    finally {
        this.isInitializing = false;
    }
    return this;
};
