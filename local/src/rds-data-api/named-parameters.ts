/**
 * The Data API's `:name` placeholders turned into PostgreSQL's `$n`, in the
 * order they first appear; the same name is the same `$n`. String literals,
 * quoted identifiers, comments and `::` casts are left alone.
 */
export function toPositional(
  sql: string,
  placeholder: (name: string, position: number) => string = (_name, position) => `$${position}`,
): { text: string; names: string[] } {
  const names: string[] = [];
  let text = "";
  let index = 0;
  while (index < sql.length) {
    const char = sql[index] as string;
    const next = sql[index + 1];
    const skipTo = (end: string, from: number) => {
      const found = sql.indexOf(end, from);
      return found === -1 ? sql.length : found + end.length;
    };
    let end = index + 1;
    if (char === "'") end = skipTo("'", index + 1);
    else if (char === '"') end = skipTo('"', index + 1);
    else if (char === "-" && next === "-") end = skipTo("\n", index + 2);
    else if (char === "/" && next === "*") end = skipTo("*/", index + 2);
    else if (char === "$" && /[A-Za-z_$]/.test(next ?? "")) {
      // A dollar-quoted string: $tag$ … $tag$.
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(index))?.[0];
      if (tag) end = skipTo(tag, index + tag.length);
    } else if (char === ":" && next === ":") end = index + 2;
    else if (char === ":" && /[A-Za-z_]/.test(next ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(index + 1))?.[0] as string;
      let position = names.indexOf(name);
      if (position === -1) position = names.push(name) - 1;
      text += placeholder(name, position + 1);
      index += name.length + 1;
      continue;
    }
    text += sql.slice(index, end);
    index = end;
  }
  return { text, names };
}
