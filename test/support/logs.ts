// Conduit logs one JSON object per line (pino); console lines of the entry points are plain text.
export type LogLine = Record<string, unknown> & { msg?: string };

export function jsonLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}
