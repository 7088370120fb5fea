const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `900`, `90s`, `15m`, `1h`, `1d` as seconds; undefined when it is none of those. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] || "s"] as number);
}
