import os from 'node:os';
import { Command } from 'commander';
import { todayIn } from '../../domain/dates.ts';
import { loadSampleData, removeSampleData } from '../../services/sample-data.ts';
import { print, withContext } from './run-with-context.ts';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'load a made-up organisation (300 suppliers, their invoices, questions and alerts) to look around in; --remove takes it out again',
    )
    .option('--remove', 'remove the sample data (and nothing else)')
    .action((o: { remove?: boolean }) =>
      withContext(async (ctx) => {
        if (o.remove) {
          const gone = await removeSampleData();
          print(`sample data removed: ${gone.suppliers} suppliers, ${gone.invoices} invoices`);
          return;
        }
        const today = todayIn(ctx.org.timezone);
        const started = Date.now();
        const info = await loadSampleData({ org: ctx.org, today, by: `cli:${os.userInfo().username}`, alerts: await ctx.alerts() });
        print(
          `sample data loaded for ${today}: ${info.suppliers} suppliers, ${info.invoices.toLocaleString('en')} invoices (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        print(`open ${ctx.config.publicUrl}/app to look around; \`tijdig demo --remove\` removes it (alerts open once a worker runs)`);
      }),
    );
}
