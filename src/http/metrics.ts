/**
 * GET /metrics in Prometheus format (prom-client): HTTP request durations per route, job queue
 * depths and failures, import rows per class and the last import's speed, the last recompute
 * run's duration, the embedded database's journal size, and Node's own figures. Read with
 * `Authorization: Bearer <METRICS_TOKEN>` when that is set, or an admin API token.
 */
import type { Queue } from 'bullmq';
import { type Request, type RequestHandler, Router } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
// The file helper alone, not the embedded server (index.ts), which a process on MongoDB never loads.
import { journalBytes } from '../../embedded-db/storage/files.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { ImportModel } from '../persistence/imports/import.model.ts';
import { findActiveToken } from '../persistence/tokens/token.repository.ts';

export interface MetricsDeps {
  queues: Queue[];
  /** A token only for scraping; without it an admin API token is needed. */
  metricsToken?: string;
  /** The embedded database's data directory, when tijdig runs it. */
  embeddedDbDir?: string;
}

export function metrics(deps: MetricsDeps): { observe: RequestHandler; routes: Router } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tijdig_node_' });

  const http = new Histogram({
    name: 'tijdig_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern (never a token) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'tijdig_queue_jobs',
    help: 'Jobs per queue and state (failed jobs are kept)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of deps.queues) {
        const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
      }
    },
  });

  new Gauge({
    name: 'tijdig_recompute_last_run_seconds',
    help: 'From enqueueing to completion of the last finished recompute run',
    registers: [registry],
    async collect() {
      const q = deps.queues.find((x) => x.name === 'recompute');
      const [last] = q ? await q.getJobs(['completed'], 0, 20) : [];
      const runs = q ? (await q.getJobs(['completed'], 0, 50)).filter((j) => j.name === 'recompute-run' && j.finishedOn) : [];
      const newest = runs.sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))[0] ?? last;
      if (newest?.finishedOn) this.set((newest.finishedOn - newest.timestamp) / 1000);
    },
  });

  new Gauge({
    name: 'tijdig_import_rows',
    help: 'Rows of all finished imports, by class',
    labelNames: ['class'],
    registers: [registry],
    async collect() {
      const [t] = await ImportModel.aggregate<Record<string, number>>([
        { $match: { status: 'completed' } },
        {
          $group: {
            _id: null,
            inserted: { $sum: '$counts.inserted' },
            updated: { $sum: '$counts.updated' },
            unchanged: { $sum: '$counts.unchanged' },
            rejected: { $sum: '$counts.rejected' },
          },
        },
      ]);
      for (const c of ['inserted', 'updated', 'unchanged', 'rejected']) this.set({ class: c }, t?.[c] ?? 0);
    },
  });

  new Gauge({
    name: 'tijdig_import_last_rows_per_second',
    help: 'Rows per second of the last completed import',
    registers: [registry],
    async collect() {
      const last = await ImportModel.findOne(
        { status: 'completed', finishedAt: { $exists: true } },
        { createdAt: 1, finishedAt: 1, progress: 1 },
      )
        .sort({ createdAt: -1 })
        .lean();
      if (last?.finishedAt) {
        const seconds = Math.max(0.001, (last.finishedAt.getTime() - last.createdAt.getTime()) / 1000);
        this.set(last.progress.rowsRead / seconds);
      }
    },
  });

  if (deps.embeddedDbDir) {
    const dir = deps.embeddedDbDir;
    new Gauge({
      name: 'tijdig_embedded_db_journal_bytes',
      help: "Size of the embedded database's journal (compacted into a snapshot as it grows)",
      registers: [registry],
      collect() {
        this.set(journalBytes(dir));
      },
    });
  }

  const observe: RequestHandler = (req, res, next) => {
    const end = http.startTimer();
    res.on('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
    next();
  };

  const routes = Router();
  routes.get('/metrics', async (req, res) => {
    const m = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '');
    if (!m) throw unauthorized('metrics need Authorization: Bearer <METRICS_TOKEN or an admin API token>');
    if (!(deps.metricsToken && m[1] === deps.metricsToken)) {
      const principal = await findActiveToken(m[1]);
      if (!principal) throw unauthorized('the token is not valid');
      if (principal.role !== 'admin') throw forbidden('metrics need METRICS_TOKEN or an admin token');
    }
    res.type(registry.contentType).send(await registry.metrics());
  });
  return { observe, routes };
}

/** The matched route's pattern (`/s/:token`, `/api/v1/imports/:id`), never the path itself. */
function routeOf(req: Request): string {
  const pattern = req.route?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}
