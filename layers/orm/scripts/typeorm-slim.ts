// What the layer uses of TypeORM, imported module by module. The layer
// build maps `import … from "typeorm"` here, so the bundle carries only
// these modules and what they need: not the CLI, the entity schemas, the
// Mongo API or the decorators nothing uses. An export missing here fails
// the build, not a request.
export { DataSource } from "typeorm/data-source/DataSource.js";
export { getMetadataArgsStorage } from "typeorm/globals.js";
export { QueryFailedError } from "typeorm/error/QueryFailedError.js";
export { QueryRunnerAlreadyReleasedError } from "typeorm/error/QueryRunnerAlreadyReleasedError.js";
export { QueryRunnerProviderAlreadyReleasedError } from "typeorm/error/QueryRunnerProviderAlreadyReleasedError.js";
export { MoreThan } from "typeorm/find-options/operator/MoreThan.js";
export { LessThan } from "typeorm/find-options/operator/LessThan.js";
export { In } from "typeorm/find-options/operator/In.js";
export { IsNull } from "typeorm/find-options/operator/IsNull.js";
export { MigrationExecutor } from "typeorm/migration/MigrationExecutor.js";
export { Entity } from "typeorm/decorator/entity/Entity.js";
export { Column } from "typeorm/decorator/columns/Column.js";
export { PrimaryGeneratedColumn } from "typeorm/decorator/columns/PrimaryGeneratedColumn.js";
export { PrimaryColumn } from "typeorm/decorator/columns/PrimaryColumn.js";
export { CreateDateColumn } from "typeorm/decorator/columns/CreateDateColumn.js";
export { UpdateDateColumn } from "typeorm/decorator/columns/UpdateDateColumn.js";
export { DeleteDateColumn } from "typeorm/decorator/columns/DeleteDateColumn.js";
export { Check } from "typeorm/decorator/Check.js";
export { Index } from "typeorm/decorator/Index.js";
export { OneToMany } from "typeorm/decorator/relations/OneToMany.js";
export { ManyToOne } from "typeorm/decorator/relations/ManyToOne.js";
export { JoinColumn } from "typeorm/decorator/relations/JoinColumn.js";
