import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { OsUser } from "./os-user";

/** Whether `user` may pass through the folder (search permission), by its mode bits. */
function canSearch(folder: string, user: OsUser): boolean {
  const { mode, uid, gid } = statSync(folder);
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Whether `user` can reach `path`: every existing folder on the way to it
 * lets that user through. Folders not yet created are skipped: they are
 * made later with modes that do.
 */
export function canReach(path: string, user: OsUser): boolean {
  let folder = resolve(path);
  for (;;) {
    try {
      if (statSync(folder).isDirectory() && !canSearch(folder, user)) return false;
    } catch {
      // Not created yet.
    }
    const parent = dirname(folder);
    if (parent === folder) return true;
    folder = parent;
  }
}
