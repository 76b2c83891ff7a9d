// Keeps a page current while deliveries it shows are still on their way, so a merchant who pressed
// Retry sees the outcome without reloading. Stops as soon as nothing is pending.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

export function useRevalidateWhile(active: boolean, everyMs = 3_000) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active || state !== "idle") return;
    const timer = setTimeout(revalidate, everyMs);
    return () => clearTimeout(timer);
  }, [active, state, revalidate, everyMs]);
}
