// The seam between the outbox (the record) and whatever schedules draining it: the embedded
// worker loop, or BullMQ when REDIS_URL is set. Intake calls notify() after its transaction
// commits; if the process dies before that, the sweeper finds the rows anyway.
export interface Scheduler {
  notify(connectionIds: string[]): void | Promise<void>;
}

let current: Scheduler = { notify: () => undefined };

export function setScheduler(scheduler: Scheduler): void {
  current = scheduler;
}

export function notifyDue(connectionIds: string[]): void {
  if (connectionIds.length === 0) return;
  // Scheduling is an optimisation: a failure here must never fail the webhook that was stored.
  Promise.resolve()
    .then(() => current.notify(connectionIds))
    .catch(() => undefined);
}
