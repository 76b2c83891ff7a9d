// Exactly what was sent or answered, pretty-printed when it is JSON, otherwise as it came.
import { Box, Text } from "@shopify/polaris";

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function CodeBlock({ text, empty }: { text: string | null; empty: string }) {
  if (!text) return <Text as="p" tone="subdued">{empty}</Text>;
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200" overflowX="scroll">
      <pre style={{ margin: 0, fontSize: 12, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>{pretty(text)}</pre>
    </Box>
  );
}
