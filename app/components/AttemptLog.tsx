// Every recorded transition of one delivery: when, from which state to which, and what the vendor said.
import { Card, DataTable, Text } from "@shopify/polaris";
import { DELIVERY_LABEL } from "../admin/status";
import { Timestamp } from "./Timestamp";
import { Wrap } from "./Wrap";

export interface Attempt {
  id: string;
  at: Date;
  fromStatus: string;
  toStatus: string;
  httpStatus: number | null;
  durationMs: number | null;
  error: string | null;
}

const label = (s: string) => DELIVERY_LABEL[s] ?? s;

export function AttemptLog({ attempts }: { attempts: Attempt[] }) {
  return (
    <Card padding="0">
      <DataTable
        columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
        headings={["When", "Change", "HTTP", "Took", "Detail"]}
        rows={attempts.map((a) => [
          <Timestamp key="at" at={a.at} />,
          `${label(a.fromStatus)} → ${label(a.toStatus)}`,
          a.httpStatus ?? "—",
          a.durationMs === null ? "—" : `${a.durationMs} ms`,
          <Wrap key="error"><Text as="span" variant="bodySm">{a.error ?? ""}</Text></Wrap>,
        ])}
        footerContent={attempts.length ? undefined : "No attempt yet: the row is waiting for its first send."}
      />
    </Card>
  );
}
