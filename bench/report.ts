// The benchmark's table: each figure beside the ceiling (or floor) it must respect.
export interface Check {
  figure: string;
  value: number;
  unit: string;
  /**
   * "max": value must not exceed limit; "min": value must reach it; "info": reported beside what
   * `why` names, held to nothing (no ceiling was measured for it and no goal states one).
   */
  kind: "max" | "min" | "info";
  limit: number;
  why: string;
}

export const passes = (c: Check) => c.kind === "info" || (Number.isFinite(c.value) && (c.kind === "max" ? c.value <= c.limit : c.value >= c.limit));

const fmt = (v: number, unit: string) => `${Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : "n/a"} ${unit}`.trim();

export function table(checks: Check[]): string {
  const rows = checks.map((c) =>
    c.kind === "info"
      ? [c.figure, fmt(c.value, c.unit), "—", "", c.why]
      : [c.figure, fmt(c.value, c.unit), `${c.kind === "max" ? "≤" : "≥"} ${fmt(c.limit, c.unit)}`, passes(c) ? "ok" : "BROKEN", c.why],
  );
  const head = ["figure", "measured", "ceiling", "", "why this ceiling"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
