import type { Knex } from 'knex';
import { schemaStatus } from '../db/knex';

/** What `GET /readyz` answers: no personal data, no versions worth hiding — whether to send traffic here. */
export interface Readiness {
  ready: boolean;
  /** What is wrong when not ready: the database does not answer, or its schema is behind this code. */
  reason?: 'database' | 'schema';
}

/** A load balancer asks every few seconds: a database that takes longer than this is not ready. */
const READY_TIMEOUT_MS = 2000;

/** The database answers and every migration this code knows is applied: two small queries. */
export async function readiness(db: Knex): Promise<Readiness> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: 'database' }), READY_TIMEOUT_MS);
  });
  const check = schemaStatus(db).then(
    (status): Readiness => (status.current ? { ready: true } : { ready: false, reason: 'schema' }),
    (): Readiness => ({ ready: false, reason: 'database' }),
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
