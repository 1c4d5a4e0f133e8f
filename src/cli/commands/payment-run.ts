import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { HarmLevel } from '../../domain/harm.ts';
import { decimalToScaled, exponentOf, formatMinor, type Totals } from '../../domain/money.ts';
import { bankCsv, moneyText, proposalJson, reasonText } from '../../presentation/payment-run.ts';
import { runJson } from '../../presentation/payment-runs.ts';
import { EXPORT_FORMATS, type ExportFormat, exportRun } from '../../services/payment-runs/export.ts';
import { proposeRun } from '../../services/payment-runs/proposal.ts';
import { approveRun, saveDraft } from '../../services/payment-runs/runs.ts';
import { resolveAsOf } from '../../services/reports.ts';
import { textTable } from '../table.ts';
import { actingUser, cliPaymentDeps } from './payment-run-deps.ts';
import { dateArg } from './report.ts';
import { print, withContext } from './run-with-context.ts';

const collect = (v: string, prev: string[]) => [...prev, v];

/** "250000", "EUR:250000" or "USD:1000.50" into minor units per currency. */
export function parseMoneyOptions(values: string[], defaultCurrency: string, what: string): Totals {
  const out: Totals = {};
  for (const v of values) {
    const m = /^(?:([A-Z]{3}):)?(\d+(?:\.\d+)?)$/.exec(v.trim());
    if (!m) throw new InvalidArgumentError(`${what} "${v}" is not an amount such as 250000 or EUR:250000.00`);
    const currency = m[1] ?? defaultCurrency;
    try {
      out[currency] = Number(decimalToScaled(m[2], exponentOf(currency)));
    } catch {
      throw new InvalidArgumentError(`${what} "${v}" has more decimals than ${currency} has`);
    }
  }
  return out;
}

interface ProposeOptions {
  budget: string[];
  currency?: string;
  asOf?: string;
  payDate?: string;
  approvedOnly?: boolean;
  supplierCap: string[];
  mustPay: string[];
  out?: string;
  format: string;
  limit: number;
  save?: boolean;
  payInterest?: boolean;
  user?: string;
}

const LEVELS: HarmLevel[] = ['critical', 'high', 'medium', 'low'];

export function paymentRunCommand(): Command {
  const run = new Command('payment-run').description('propose which invoices to pay first (tijdig never pays anything)');
  run
    .command('propose')
    .description('choose the open invoices to pay within a budget so that they remove the most harm')
    .requiredOption('--budget <amount>', 'budget, e.g. 250000 or EUR:250000 (repeat for more currencies)', collect, [])
    .option('--currency <code>', 'currency of budgets given without one (default: ORG_BASE_CURRENCY)')
    .option('--as-of <date>', 'as-of date (default: today)', dateArg)
    .option('--pay-date <date>', 'when the payments would be made (default: the as-of date)', dateArg)
    .option('--approved-only', 'only invoices approved or scheduled for payment')
    .option('--supplier-cap <amount>', 'at most this much to one supplier, e.g. 50000 or EUR:50000', collect, [])
    .option('--must-pay <supplier:invoice>', 'an invoice that must be in the run (repeatable)', collect, [])
    .option('--out <file>', 'write the run as a CSV a bank-payment tool can import')
    .option('--save', 'save it as a draft run (one currency), for another person to approve')
    .option('--pay-interest', 'with --save: pay the statutory interest and compensation owed with the invoices')
    .option('--user <email>', 'with --save: the person drafting it (recorded on the run)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--limit <n>', 'payments to list in the table', (v) => Number(v), 30)
    .action((o: ProposeOptions) =>
      withContext(async (ctx) => {
        if (o.save) return saveFromCli(ctx, o);
        const currency = o.currency ?? ctx.org.baseCurrency;
        const mustPay = o.mustPay.map(mustPayKey);
        const asOf = resolveAsOf(o.asOf, ctx.org);
        const p = await proposeRun(
          {
            budgets: parseMoneyOptions(o.budget, currency, '--budget'),
            supplierCap: o.supplierCap.length ? parseMoneyOptions(o.supplierCap, currency, '--supplier-cap') : undefined,
            approvedOnly: !!o.approvedOnly,
            mustPay,
          },
          { asOf, payDate: o.payDate },
          ctx.org,
        );
        if (o.out) fs.writeFileSync(o.out, bankCsv(p));
        if (o.format === 'json') return print(JSON.stringify(proposalJson(p), null, 2));
        print(`Payment run for ${p.payDate} (figures as of that day): ${p.payments.length} invoices, harm removed ${p.harmRemoved}`);
        print(
          textTable(
            ['#', 'supplier', 'name', 'invoice', 'amount', 'days overdue', 'harm removed', 'why'],
            p.payments
              .slice(0, o.limit)
              .map((x, i) => [
                i + 1,
                x.supplierId,
                x.name,
                x.invoiceNumber,
                `${x.currency} ${formatMinor(x.amount, x.currency)}`,
                x.daysOverdue,
                x.harmRemoved,
                reasonText(x.why),
              ]),
          ),
        );
        if (p.payments.length > o.limit) print(`… and ${p.payments.length - o.limit} more (--limit, --format json or --out for all)`);
        print('');
        print(
          textTable(
            ['', 'before', 'after'],
            [
              ['overdue', moneyText(p.before.overdue), moneyText(p.after.overdue)],
              ['statutory interest, next 30 days', moneyText(p.before.interestNext30Days), moneyText(p.after.interestNext30Days)],
              ...LEVELS.map((l) => [`suppliers with harm ${l}`, p.before.suppliersByLevel[l], p.after.suppliersByLevel[l]]),
              ['withheld revenue days (all suppliers)', p.before.withheldRevenueDays, p.after.withheldRevenueDays],
              ['DBT (days)', p.before.dbt, p.after.dbt],
              ['payer score', p.before.payerScore, p.after.payerScore],
            ],
          ),
        );
        print(`compensation avoided by paying on time: ${moneyText(p.compensationAvoided)}`);
        print('');
        print(
          textTable(
            ['rule', 'harm removed', 'paid', 'invoices', 'this proposal removes more'],
            [
              [
                'this proposal',
                p.harmRemoved,
                moneyText(Object.fromEntries(p.currencies.map((c) => [c.currency, c.spent]))),
                p.payments.length,
                '',
              ],
              ...p.rules.map((r) => [
                r.rule,
                r.harmRemoved,
                moneyText(r.paid),
                r.invoices,
                Math.round((p.harmRemoved - r.harmRemoved) * 100) / 100,
              ]),
            ],
          ),
        );
        if (o.out) process.stderr.write(`bank file written to ${o.out} (tijdig pays nothing itself)\n`);
      }),
    );
  run
    .command('approve')
    .description('approve a draft run as a user other than its drafter; the last approval schedules its invoices')
    .argument('<run>', 'the run id')
    .requiredOption('--user <email>', 'the person approving (refused for the one who drafted it)')
    .action((id: string, o: { user: string }) =>
      withContext(async (ctx) => {
        const by = await actingUser(o.user);
        const done = await approveRun(id, by, (await cliPaymentDeps(ctx)).run);
        print(`run ${id}: ${done.state} (${done.approvals.length} of ${done.approvalsNeeded} approvals)`);
      }),
    );
  run
    .command('export')
    .description("write an approved run's bank file: SEPA pain.001 (EUR) or CSV")
    .argument('<run>', 'the run id')
    .addOption(new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).default('pain.001'))
    .requiredOption('--out <file>', 'where to write it')
    .requiredOption('--user <email>', 'the person exporting it (recorded on the run)')
    .action((id: string, o: { format: ExportFormat; out: string; user: string }) =>
      withContext(async (ctx) => {
        const by = await actingUser(o.user);
        const file = await exportRun(id, o.format, by, (await cliPaymentDeps(ctx)).export);
        fs.writeFileSync(o.out, file.body);
        const left = file.run.unpayable.length;
        print(
          `run ${id}: ${file.run.state}; ${o.format} written to ${o.out}${left ? `; ${left} supplier(s) without a valid IBAN are not in it (see the run)` : ''}`,
        );
      }),
    );
  return run;
}

/** `propose --save`: the proposal saved as a draft, printed as the API writes a run. */
async function saveFromCli(ctx: Parameters<Parameters<typeof withContext>[0]>[0], o: ProposeOptions): Promise<void> {
  const by = await actingUser(o.user);
  const currency = o.currency ?? ctx.org.baseCurrency;
  const budgets = parseMoneyOptions(o.budget, currency, '--budget');
  const currencies = Object.keys(budgets);
  if (currencies.length !== 1) throw new InvalidArgumentError('--save: a run is in one currency; give one --budget');
  const [c] = currencies;
  const cap = o.supplierCap.length ? (parseMoneyOptions(o.supplierCap, c, '--supplier-cap')[c] ?? null) : null;
  const asOf = resolveAsOf(o.asOf, ctx.org);
  const run = await saveDraft(
    {
      currency: c,
      budget: budgets[c],
      asOf,
      payDate: o.payDate ?? asOf,
      approvedOnly: !!o.approvedOnly,
      supplierCap: cap,
      mustPay: o.mustPay.map(mustPayKey),
      dropped: [],
      payInterest: !!o.payInterest,
    },
    by,
    (await cliPaymentDeps(ctx)).run,
  );
  print(JSON.stringify(runJson(run), null, 2));
}

function mustPayKey(m: string) {
  const i = m.indexOf(':');
  if (i <= 0 || i === m.length - 1) throw new InvalidArgumentError(`--must-pay "${m}" is not SUPPLIER:INVOICE`);
  return { supplierId: m.slice(0, i), invoiceNumber: m.slice(i + 1) };
}
