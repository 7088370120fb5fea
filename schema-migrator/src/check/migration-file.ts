import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const SOURCE = join(__dirname, "..");
const PROJECT_ROOT = join(SOURCE, "..", "..");

/** The source file that declares migration `name` in a dialect's folder, relative to the project; the name itself when none does. */
export function migrationFile(name: string, dialect: "postgres" | "dsql"): string {
  // A DSQL history lists shared classes too: its own folder first, then the PostgreSQL one.
  const folders = dialect === "dsql" ? ["migrations-dsql", "migrations"] : ["migrations"];
  for (const folder of folders) {
    for (const file of readdirSync(join(SOURCE, folder))) {
      const path = join(SOURCE, folder, file);
      if (readFileSync(path, "utf8").includes(`name = "${name}"`)) return relative(PROJECT_ROOT, path);
    }
  }
  return name;
}
