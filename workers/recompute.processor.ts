import type { Job } from 'bullmq';
import { todayIn } from '../src/domain/dates.ts';
import type { AlertsProducer } from '../src/queues/alerts.producer.ts';
import { RECOMPUTE_JOBS, type RecomputeBatchData, type RecomputeFiguresData, type RecomputeRunData } from '../src/queues/definitions.ts';
import type { RecomputeProducer } from '../src/queues/recompute.producer.ts';
import { handOverConditions } from '../src/services/alerts/hand-over.ts';
import { keepGroupFigures } from '../src/services/group-figures.ts';
import type { OrgSettings } from '../src/services/org-settings.ts';
import { recomputeSuppliers } from '../src/services/recompute.ts';
import type { Processor } from './registry.ts';

export interface RunResult {
  runId: string;
  asOf: string;
  suppliers: number;
  computed: number;
  batches: number;
}

/** Alerts are about today: `today` is the alerts' own clock (a test fixes it). */
export interface RecomputeAlerts {
  queue: AlertsProducer;
  today: () => string;
}

/**
 * With `alerts`, every batch of a recompute for today also works out its alert conditions and
 * queues their evaluation; a recompute of a past day has nothing to alert about.
 */
export function recomputeHandlers(org: OrgSettings, producer: RecomputeProducer, alerts?: RecomputeAlerts): Record<string, Processor> {
  return {
    [RECOMPUTE_JOBS.batch]: async (job: Job<RecomputeBatchData>) => {
      const forAlerts = !!alerts && job.data.asOf === alerts.today();
      const { computed, conditions } = await recomputeSuppliers(job.data.supplierIds, job.data.asOf, org, { alerts: forAlerts });
      if (alerts && conditions)
        await handOverConditions(`recompute_${String(job.id)}`, job.data.asOf, conditions, (id) => alerts.queue.evaluate(id));
      return { computed, worker: process.pid };
    },
    [RECOMPUTE_JOBS.run]: async (job: Job<RecomputeRunData>): Promise<RunResult> => {
      const children = Object.values(await job.getChildrenValues()) as Array<{ computed: number }>;
      // The overview's figures of this day, kept next so that no person waits for them.
      if (job.data.suppliers > 0) await producer.keepFigures(job.data.asOf, job.data.runId);
      return {
        runId: job.data.runId,
        asOf: job.data.asOf,
        suppliers: job.data.suppliers,
        computed: children.reduce((s, c) => s + c.computed, 0),
        batches: children.length,
      };
    },
    [RECOMPUTE_JOBS.figures]: async (job: Job<RecomputeFiguresData>) => {
      const figures = await keepGroupFigures(job.data.asOf, org);
      return { asOf: job.data.asOf, suppliers: Object.values(figures.levels).reduce((a, b) => a + b, 0) };
    },
    [RECOMPUTE_JOBS.daily]: async () => {
      const asOf = todayIn(org.timezone);
      const run = await producer.full(asOf, `daily_${asOf}`);
      return { asOf, runJobId: run.id };
    },
  };
}
