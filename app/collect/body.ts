// Reads at most `limit` bytes of a request body: a liar's Content-Length or a chunked flood
// stops at the limit instead of filling memory. Takes Node's request or a web Request's body.
export class TooLargeError extends Error {}

export async function readCapped(declaredLength: string | null | undefined, body: AsyncIterable<Uint8Array> | null, limit: number): Promise<string> {
  const declared = Number(declaredLength ?? "0");
  if (declared > limit) throw new TooLargeError(`body of ${declared} bytes is over the ${limit}-byte limit`);
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (over the limit) cancels the stream: nothing more is read.
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new TooLargeError(`body is over the ${limit}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
