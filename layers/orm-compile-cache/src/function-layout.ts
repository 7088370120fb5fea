import { cpSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Where Lambda puts a function's layers, its code, and (under the layers'
 * folder) the compile cache, each relative to the filesystem's root; the
 * CDK app passes the values @bookstore/orm's layer-packages declares.
 */
export interface FunctionLayout {
  layers: string;
  task: string;
  cache: string;
}

export interface LaidOutFunction {
  /** The layers' root, as /opt. */
  layers: string;
  /** The function's code, as /var/task. */
  task: string;
  /** The compile cache, as /opt/compile-cache. */
  cache: string;
}

/**
 * Copies a function's bundle and the layer (`layerRoot`/nodejs) under `root`
 * as Lambda lays them out, so that the cache's keys, paths relative to the
 * cache, are those of Lambda's. `root`/node_modules links to the layer's
 * packages, where Lambda's NODE_PATH leads: Node.js resolves the link, so a
 * module's path is the copy's own. The cache's folder is left to be made:
 * while it is missing, the loaders leave the cache off.
 */
export function layOutFunction(root: string, layout: FunctionLayout, { layerRoot, bundleDir }: { layerRoot: string; bundleDir: string }): LaidOutFunction {
  const laidOut = { layers: join(root, layout.layers), task: join(root, layout.task), cache: join(root, layout.layers, layout.cache) };
  cpSync(join(layerRoot, "nodejs"), join(laidOut.layers, "nodejs"), { recursive: true });
  cpSync(bundleDir, laidOut.task, { recursive: true });
  symlinkSync(join(laidOut.layers, "nodejs", "node_modules"), join(root, "node_modules"), "dir");
  return laidOut;
}
