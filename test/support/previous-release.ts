import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./run-script";

export interface PreviousRelease {
  commit: string;
  /** One self-contained script per function, as that release built them. */
  handlers: { books: string; reviews: string };
  /** Where it was unpacked; the caller removes it. */
  dir: string;
}

/** The release recorded in release/previous-release.json; fails, saying so, when this clone does not have that commit. */
export function previousReleaseCommit(): string {
  const { commit } = JSON.parse(readFileSync(join(PROJECT_ROOT, "release", "previous-release.json"), "utf8")) as { commit: string };
  try {
    execFileSync("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: PROJECT_ROOT, stdio: "ignore" });
  } catch {
    throw new Error(
      `the previous release ${commit} (release/previous-release.json) is not in this clone's history: fetch it (git fetch --unshallow) or record the release this tree follows`,
    );
  }
  return commit;
}

/**
 * The previous release's functions, built from that commit's own sources
 * (its layer, packages and services, its workspace links) with this
 * tree's installed dependencies, each into one script.
 */
export async function buildPreviousRelease(): Promise<PreviousRelease> {
  const commit = previousReleaseCommit();
  const dir = await mkdtemp(join(tmpdir(), "bookstore-previous-release-"));
  const archive = join(dir, "release.tar");
  execFileSync("git", ["archive", "--format=tar", `--output=${archive}`, commit, "layers", "packages", "services", "tsconfig.json", "tsconfig.base.json"], { cwd: PROJECT_ROOT });
  execFileSync("tar", ["-xf", archive, "-C", dir]);
  // Its workspace packages, linked by name as npm links them.
  await mkdir(join(dir, "node_modules", "@bookstore"), { recursive: true });
  const folders = ["layers/orm", ...(await readdir(join(dir, "packages"))).map((name) => `packages/${name}`), ...(await readdir(join(dir, "services"))).map((name) => `services/${name}`)];
  for (const folder of folders) {
    const { name } = JSON.parse(await readFile(join(dir, folder, "package.json"), "utf8")) as { name: string };
    await symlink(join(dir, folder), join(dir, "node_modules", name));
  }
  const bundle = async (service: "books" | "reviews") => {
    const outfile = join(dir, "out", `${service}.js`);
    await build({
      entryPoints: [join(dir, "services", service, "src", "handler.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      keepNames: true,
      outfile,
      nodePaths: [join(PROJECT_ROOT, "node_modules")],
      external: ["pg-native"],
      tsconfig: join(dir, "tsconfig.json"),
      logLevel: "error",
    });
    return outfile;
  };
  const handlers = { books: await bundle("books"), reviews: await bundle("reviews") };
  return { commit, handlers, dir };
}
