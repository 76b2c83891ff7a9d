// For a read whose cost grows with the data it counts and that is asked for on a timer (the Import
// page refreshes itself every 1.5 s while a run goes on; Prometheus scrapes /metrics every 15 s or
// so): its answer is reused until nine times as long as it took has passed, so it holds at most a
// tenth of the process's time — in the embedded default, of the event loop that answers webhooks —
// however large the data. A cheap read (a few ms) is thereby still fresh on every refresh.

export interface PacedOptions {
  /** The most of the process's time the read may take. */
  share?: number;
  /** An answer is reused for at least this long, however cheap (a setting's floor). */
  atLeastMs?: number;
  now?: () => number;
}

/** Callers of one key share a read in flight and then its answer while it is fresh; a failed read is not kept. */
export function paced<T>({ share = 0.1, atLeastMs = 0, now = () => performance.now() }: PacedOptions = {}): (key: string, read: () => Promise<T>) => Promise<T> {
  const answers = new Map<string, { until: number; value: Promise<T> }>();
  return (key, read) => {
    const started = now();
    for (const [k, a] of answers) if (a.until <= started) answers.delete(k);
    const fresh = answers.get(key);
    if (fresh) return fresh.value;
    const answer = { until: Infinity, value: read() };
    answers.set(key, answer);
    answer.value.then(
      () => {
        const ended = now();
        answer.until = Math.max(started + atLeastMs, ended + (ended - started) * (1 / share - 1));
      },
      () => answers.get(key) === answer && answers.delete(key),
    );
    return answer.value;
  };
}
