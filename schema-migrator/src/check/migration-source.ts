/** One migration file to write: its class, whether it runs in a transaction, its statements each way. */
export interface MigrationDraft {
  className: string;
  /** The file name without folder, e.g. `1796000005000-add-book-subtitle.ts`. */
  fileName: string;
  transactional: boolean;
  up: string[];
  down: string[];
  /** What the doc comment says it does. */
  summary: string;
}

const literal = (sql: string) => `\`${sql.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;

/** The TypeScript source of a migration, in the form of the committed ones. */
export function migrationSource(draft: MigrationDraft): string {
  const body = (statements: string[]) => statements.map((sql) => `    await queryRunner.query(${literal(sql)});`).join("\n");
  return `import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

/**
 * ${draft.summary}
 * Written by \`npm run migrate -- generate\`: read it, say why it is safe
 * for the release still running, and keep it expand only.
 */
export class ${draft.className} implements MigrationInterface {
  name = "${draft.className}";${draft.transactional ? "" : "\n  transaction = false as const;"}

  async up(queryRunner: QueryRunner): Promise<void> {
${body(draft.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${body(draft.down)}
  }
}
`;
}
