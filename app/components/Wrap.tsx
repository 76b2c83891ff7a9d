// Polaris DataTable cells never wrap; a sentence (an error, a report) must, or the table scrolls sideways.
export function Wrap({ children, minWidth = 220 }: { children: React.ReactNode; minWidth?: number }) {
  return <div style={{ whiteSpace: "normal", minWidth }}>{children}</div>;
}
