import type { Knex } from 'knex';
import { completeEndedCancellations } from '../services/cancellations';
import { applyDueIntervalChanges } from '../services/billing';
import { invoicingJob } from '../services/invoicing';
import { purgeExpiredIdempotencyKeys } from '../services/idempotency';
import { refreshPlannerStatistics } from '../db/knex';

export type Job = (db: Knex, today: string) => Promise<unknown>;

/** Jobs that keep the data true as days pass (each idempotent); later issues add theirs here. */
export const DAILY_JOBS: Array<{ name: string; run: Job }> = [
  { name: 'cancellations: end subscriptions and complete cancellations past their end date', run: completeEndedCancellations },
  { name: 'billing: apply invoice interval changes on their effective day', run: applyDueIntervalChanges },
  // After the interval changes: an invoice dated on a switch's effective day is issued with the new interval.
  { name: 'billing: the invoicing run (every due invoice, once)', run: invoicingJob },
  { name: 'idempotency: forget answers to Idempotency-Key requests older than a day', run: (db) => purgeExpiredIdempotencyKeys(db) },
  // Every tick: cheap when nothing has grown much.
  { name: "database: refresh the query planner's statistics (SQLite)", run: (db) => refreshPlannerStatistics(db) },
];

export async function runJobs(db: Knex, today: string): Promise<void> {
  for (const job of DAILY_JOBS) await job.run(db, today);
}

/** Runs the jobs at start and then every hour (the jobs act only when the day has changed). */
export function startJobs(db: Knex, today: () => string): () => void {
  const tick = () =>
    runJobs(db, today()).catch((err) => console.error(JSON.stringify({ level: 'error', job: 'daily', error: String(err?.name) })));
  void tick();
  const timer = setInterval(tick, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
