// Vendors with a per-second call limit per account (Ometria 4, Tracify 5): the (N+1)th call starts
// at least a second after the answer to the 1st came back. The answer is the only moment we know the
// vendor had the request: a busy process sends late what it timed on time (a 5th push reached
// Ometria 324 ms after the 1st, although it left 1 050 ms after that one was timed — a 429), and
// the network can bunch requests. A sliding window, not evenly spaced slots: a call that went late
// is made up by the ones after it.
const MARGIN_MS = 10;

interface Call {
  /** When its answer came back; undefined while it is under way. */
  answeredAt?: number;
  answered: Promise<void>;
}

const calls = new Map<string, Call[]>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for the next call's turn to `key` (at most `perSecond` calls in any second, counted from
 * their answers), and takes it. Call the returned function once the answer came back, or the call
 * failed: the next calls wait for it.
 */
export async function paceCall(key: string, perSecond: number): Promise<() => void> {
  for (;;) {
    const recent = calls.get(key) ?? [];
    if (recent.length < perSecond) break;
    const oldest = recent[recent.length - perSecond];
    if (oldest.answeredAt === undefined) {
      await oldest.answered;
      continue;
    }
    const wait = oldest.answeredAt + 1000 + MARGIN_MS - Date.now();
    if (wait <= 0) break;
    await sleep(wait);
  }
  // No await between the last look and taking the turn: two waiters never take the same one.
  let answer!: () => void;
  const call: Call = { answered: new Promise((r) => (answer = r)) };
  const recent = calls.get(key) ?? [];
  recent.push(call);
  if (recent.length > perSecond) recent.splice(0, recent.length - perSecond);
  calls.set(key, recent);
  return () => {
    call.answeredAt ??= Date.now();
    answer();
  };
}
