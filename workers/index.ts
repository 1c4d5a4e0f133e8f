/** Starts one BullMQ worker per queue, each dispatching by job name. */
import { Worker } from 'bullmq';
import type { Logger } from '../src/logger.ts';
import { workerConnection } from '../src/queues/connections.ts';
import { QUEUES, type QueueDefinition, type QueueKey } from '../src/queues/definitions.ts';
import { checkHandlers, dispatch, type Processor } from './registry.ts';

export interface WorkerDeps {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  handlers: Record<string, Record<string, Processor>>;
  /** Which queues to serve (default: all). */
  only?: QueueKey[];
  /** Lock duration; a job whose worker died is taken over after about this long. */
  lockMs?: number;
}

export interface RunningWorkers {
  workers: Worker[];
  close: () => Promise<void>;
}

export function startWorkers(deps: WorkerDeps): RunningWorkers {
  const queues = (deps.only ?? (Object.keys(QUEUES) as QueueKey[])).map((k) => QUEUES[k] as QueueDefinition);
  checkHandlers(queues, deps.handlers);
  const connections = queues.map(() => workerConnection(deps.redisUrl));
  const workers = queues.map((q, i) => {
    const w = new Worker(q.name, dispatch(q.name, deps.handlers[q.name]), {
      connection: connections[i],
      prefix: deps.prefix,
      concurrency: q.concurrency,
      // A job whose worker died is taken over; only one that kills worker after worker gives up
      // (BullMQ's default of 1 would fail an import on the second crash of its worker).
      maxStalledCount: 5,
      ...(deps.lockMs ? { lockDuration: deps.lockMs, stalledInterval: deps.lockMs } : {}),
    });
    w.on('error', (err) => deps.logger.error({ err, queue: q.name }, 'worker error'));
    w.on('failed', (job, err) => deps.logger.warn({ err, queue: q.name, jobId: job?.id, attempts: job?.attemptsMade }, 'job failed'));
    return w;
  });
  deps.logger.info({ queues: queues.map((q) => q.name) }, workers.length ? 'workers started' : 'no queues are defined yet; worker idle');
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      // A worker leaves the connection it was given open; a process that stops its workers and
      // goes on (the CLI) would otherwise never exit.
      for (const c of connections) c.disconnect();
    },
  };
}
