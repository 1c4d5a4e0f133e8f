import { Command } from 'commander';
import { startWorkers } from '../../../workers/index.ts';
import { type RunResult, recomputeHandlers } from '../../../workers/recompute.processor.ts';
import { todayIn } from '../../domain/dates.ts';
import { resolveAsOf } from '../../services/reports.ts';
import { dateArg } from './report.ts';
import { print, withContext } from './run-with-context.ts';

export function recomputeCommand(): Command {
  return new Command('recompute')
    .description('recompute every supplier health snapshot for an as-of date')
    .option('--as-of <date>', 'as-of date (default: today in the organisation time zone)', dateArg)
    .option('--wait', 'wait until the run has finished (runs the work here when no worker is running)')
    .option('--timeout <seconds>', 'how long --wait waits', (v) => Number(v), 3600)
    .action((o: { asOf?: string; wait?: boolean; timeout: number }) =>
      withContext(async (ctx) => {
        const asOf = resolveAsOf(o.asOf, ctx.org);
        const producer = await ctx.recompute();
        const job = await producer.full(asOf, `cli_${asOf}_${Date.now()}`);
        print(`recompute for ${asOf} queued as job ${job.id}`);
        if (!o.wait) return;
        let local: { close: () => Promise<void> } | null = null;
        if ((await producer.queue.getWorkersCount()) === 0) {
          print('no worker is running; processing here');
          local = startWorkers({
            redisUrl: ctx.redisUrl,
            prefix: ctx.config.QUEUE_PREFIX,
            logger: ctx.logger,
            // Alert evaluations are queued for the worker that serves the alerts queue.
            handlers: {
              recompute: recomputeHandlers(ctx.org, producer, { queue: await ctx.alerts(), today: () => todayIn(ctx.org.timezone) }),
            },
            only: ['recompute'],
          });
        }
        const started = Date.now();
        try {
          const r = await producer.waitFor<RunResult>(job, o.timeout * 1000);
          print(
            `recomputed ${r.computed} of ${r.suppliers} suppliers in ${r.batches} batches for ${r.asOf} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          );
        } finally {
          await local?.close();
        }
      }),
    );
}
