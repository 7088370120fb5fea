import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..", "..");
const SINGLETONS = ["typeorm", "pg", "reflect-metadata"];

/** Every installed copy of `name` under `dir`'s node_modules, nested ones too. */
function copiesOf(name: string, dir = ROOT, found: string[] = []): string[] {
  const modules = join(dir, "node_modules");
  let entries: string[];
  try {
    entries = readdirSync(modules);
  } catch {
    return found;
  }
  for (const entry of entries) {
    const packages = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((inner) => `${entry}/${inner}`) : [entry];
    for (const pkg of packages) {
      const path = join(modules, pkg);
      if (!statSync(path).isDirectory()) continue;
      if (pkg === name) found.push(path);
      copiesOf(name, path, found);
    }
  }
  return found;
}

describe("the dependency tree", () => {
  test.each(SINGLETONS)("holds exactly one copy of %s (two copies break TypeORM's metadata)", (name) => {
    expect(copiesOf(name)).toEqual([join(ROOT, "node_modules", name)]);
  });
});
