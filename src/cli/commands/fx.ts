import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { fxDays } from '../../persistence/fx/fx-rate.repository.ts';
import { importRates } from '../../services/fx.ts';
import { textTable } from '../table.ts';
import { print, withContext } from './run-with-context.ts';

export function fxCommand(): Command {
  const fx = new Command('fx').description('exchange rates (per 1 EUR, as the ECB publishes them) for converted totals');
  fx.command('import')
    .description('import rates: the ECB reference-rate CSV (Date,USD,JPY,…) or a plain date,currency,rate CSV (units per 1 EUR)')
    .argument('<file>', 'the CSV file')
    .option('--source <text>', 'where the rates come from (default: the file name)')
    .action((file: string, o: { source?: string }) =>
      withContext(async () => {
        if (!fs.existsSync(file)) throw new InvalidArgumentError(`no such file: ${file}`);
        const r = await importRates(fs.readFileSync(file, 'utf8'), o.source ?? path.basename(file));
        print(`${r.rates} rates of ${r.days} day(s) stored; organisation-wide totals are now also shown converted`);
      }),
    );
  fx.command('list')
    .description('the days that have rates, newest first')
    .action(() =>
      withContext(async () => {
        print(
          textTable(
            ['date', 'currencies', 'source'],
            (await fxDays()).map((d) => [d.date, d.currencies, d.source]),
          ),
        );
      }),
    );
  return fx;
}
