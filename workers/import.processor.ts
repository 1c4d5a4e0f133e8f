import type { Job } from 'bullmq';
import { todayIn } from '../src/domain/dates.ts';
import type { Locale } from '../src/import/analyze.ts';
import { IMPORT_JOBS, type ImportJobData } from '../src/queues/definitions.ts';
import type { RecomputeProducer } from '../src/queues/recompute.producer.ts';
import { entityRefs } from '../src/services/entities.ts';
import { ImportSuperseded, markFailed, runImport } from '../src/services/import-runner.ts';
import type { OrgSettings } from '../src/services/org-settings.ts';
import type { Processor } from './registry.ts';

export function importHandlers(org: OrgSettings, locale: Locale, recompute: RecomputeProducer): Record<string, Processor> {
  return {
    [IMPORT_JOBS.file]: async (job: Job<ImportJobData>) => {
      try {
        return await run(job);
      } catch (e) {
        // A newer run of this import holds it (this worker's lock lapsed): it is that run's to finish or fail.
        if (e instanceof ImportSuperseded) return { status: 'superseded' };
        // After the last attempt the import must not stay "running" forever.
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markFailed(job.data.importId, (e as Error).message);
        throw e;
      }
    },
  };

  async function run(job: Job<ImportJobData>) {
    {
      const imp = await runImport(job.data.importId, {
        baseCurrency: org.baseCurrency,
        entities: () => entityRefs(org),
        locale,
        today: todayIn(org.timezone),
        onProgress: (p) => job.updateProgress(p),
        // Only the suppliers in the file are recomputed, for today.
        afterImport: async (supplierIds, done) => {
          await recompute.suppliers(supplierIds, todayIn(org.timezone), `import_${String(done._id)}`);
        },
      });
      return { status: imp.status, counts: imp.counts };
    }
  }
}
