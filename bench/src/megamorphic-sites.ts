import { readFileSync } from "node:fs";
import { readableSource, SourceMaps } from "./source-maps";

/** A property access V8 gave up specializing: it met more than four object shapes. */
export interface MegamorphicSite {
  /** The original source file and line (through the built file's source map), or the built file's position. */
  at: string;
  /** LoadIC, StoreIC, KeyedLoadIC or KeyedStoreIC. */
  access: string;
  /** The property name the last change of state saw (for keyed accesses, one of many). */
  property: string;
}

interface CodeRange {
  start: number;
  end: number;
  /** The built JavaScript file the code was compiled from. */
  file: string;
}

// V8's --log-ic lines: kind,pc,time,line,column,old state,new state,map,key,…
// "N" is the megamorphic state. code-creation lines give each compiled
// function's address range and "name file:line:column".
const IC_LINE = /^(Load|Store|KeyedLoad|KeyedStore)IC,/;
const SCRIPT = /\s(\/\S+?\.js):\d+:\d+/;

/**
 * The code V8 has compiled, by address, as the log goes: a code object
 * created where others were means those are gone (their space reused).
 */
class CodeRanges {
  private readonly ranges: CodeRange[] = [];

  /** Index of the first range starting after `address`. */
  private after(address: number): number {
    let low = 0;
    let high = this.ranges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.ranges[middle] as CodeRange).start <= address) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(range: CodeRange): void {
    let first = this.after(range.start);
    while (first > 0 && (this.ranges[first - 1] as CodeRange).end > range.start) first -= 1;
    let last = first;
    while (last < this.ranges.length && (this.ranges[last] as CodeRange).start < range.end) last += 1;
    this.ranges.splice(first, last - first, range);
  }

  at(pc: number): CodeRange | undefined {
    const range = this.ranges[this.after(pc) - 1];
    return range && pc < range.end ? range : undefined;
  }
}

/** A code-creation line's range, when its code comes from a JavaScript file. */
function codeRangeOf(line: string): CodeRange | undefined {
  const fields = line.split(",");
  const file = SCRIPT.exec(fields[6] ?? "")?.[1];
  const start = Number.parseInt(fields[4] ?? "", 16);
  return file && Number.isFinite(start) ? { start, end: start + Number(fields[5]), file } : undefined;
}

/**
 * The property accesses of the files under `builtRoot` whose last state in
 * a V8 IC log (node --log-ic) is megamorphic, each mapped to its original
 * source when the built file has a source map beside it.
 */
export function megamorphicSites(logFile: string, builtRoot: string): MegamorphicSite[] {
  const code = new CodeRanges();
  const lastState = new Map<string, { state: string; property: string }>();
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    if (line.startsWith("code-creation,")) {
      const range = codeRangeOf(line);
      if (range) code.add(range);
      continue;
    }
    if (!IC_LINE.test(line)) continue;
    const [access, pc, , sourceLine, sourceColumn, , state, , property] = line.split(",");
    const range = code.at(Number.parseInt(pc ?? "", 16));
    if (!range?.file.startsWith(builtRoot)) continue;
    lastState.set([access, range.file, sourceLine, sourceColumn].join("\u0000"), { state: state ?? "", property: property ?? "" });
  }
  const maps = new SourceMaps();
  const sites = new Map<string, MegamorphicSite>();
  for (const [key, { state, property }] of lastState) {
    if (state !== "N") continue;
    const [access, file, line, column] = key.split("\u0000") as [string, string, string, string];
    const original = maps.original(file, Number(line) - 1, Number(column) - 1);
    const at = original ? `${original.source}:${original.line}` : `${readableSource(file)}:${line}:${column}`;
    sites.set(`${at} ${access} ${property}`, { at, access, property });
  }
  return [...sites.values()].sort((a, b) => a.at.localeCompare(b.at, "en", { numeric: true }) || a.property.localeCompare(b.property));
}
