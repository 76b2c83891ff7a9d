// Times render in UTC on the server and switch to the merchant's own clock once the page runs in
// their browser: the first client render matches the server's, so hydration never disagrees.
import { useEffect, useState } from "react";

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function Timestamp({ at }: { at: Date | string | null | undefined }) {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  if (!at) return <>—</>;
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{inBrowser ? local.format(date) : `${utc.format(date)} UTC`}</time>;
}
