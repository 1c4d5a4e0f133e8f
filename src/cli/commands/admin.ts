import { Command, InvalidArgumentError, Option } from 'commander';
import { isReferenceDate } from '../../domain/rates/rate-table.ts';
import { addRate } from '../../persistence/rates/rate.repository.ts';
import { ROLES, type Role } from '../../persistence/tokens/token.model.ts';
import { createToken } from '../../persistence/tokens/token.repository.ts';
import { dateArg } from './report.ts';
import { print, withContext } from './run-with-context.ts';

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('API tokens');
  tokens
    .command('create')
    .description('create an API token and print it once (only its hash is stored)')
    .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses it')
    .option('--rate-limit <perMinute>', 'API requests a minute this token may make (default 600)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${v} is not a whole number of requests a minute`);
      return n;
    })
    .action((o: { role: Role; name: string; rateLimit?: number }) =>
      withContext(async () => {
        const token = await createToken(o.name, o.role, o.rateLimit);
        print(token);
        process.stderr.write(`token for "${o.name}" (${o.role}) created; it is shown only this once\n`);
      }),
    );
  return tokens;
}

export function ratesCommand(): Command {
  const rates = new Command('rates').description('statutory reference rates');
  rates
    .command('add')
    .description('add (or correct) the reference rate of a half-year')
    .argument('<date>', 'reference date: YYYY-01-01 / YYYY-07-01 (EU), YYYY-12-31 / YYYY-06-30 (UK)', dateArg)
    .argument('<rate>', 'reference rate in percent, e.g. 2.15 (the 8 points are added by tijdig)', (v: string) => {
      if (!/^\d{1,2}(\.\d{1,2})?$/.test(v)) throw new InvalidArgumentError(`"${v}" is not a percentage such as 2.15`);
      return Number(v).toFixed(2);
    })
    .requiredOption('--source <text>', 'where the rate comes from')
    .addOption(new Option('--family <family>', 'EU (ECB, for NL/EU) or UK (Bank of England)').choices(['EU', 'UK']).default('EU'))
    .action((date: string, rate: string, o: { source: string; family: 'EU' | 'UK' }) =>
      withContext(async () => {
        if (!isReferenceDate(o.family, date))
          throw new InvalidArgumentError(
            `${o.family} reference dates are ${o.family === 'EU' ? '1 January or 1 July' : '31 December or 30 June'}, not ${date}`,
          );
        await addRate(o.family, { from: date, rate, source: o.source });
        print(`${o.family} reference rate ${rate}% from ${date} stored (${o.source}); run \`tijdig recompute\` to apply it`);
      }),
    );
  return rates;
}
