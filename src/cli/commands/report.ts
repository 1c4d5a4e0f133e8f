import { Command, InvalidArgumentError, Option } from 'commander';
import { isCalendarDate } from '../../domain/dates.ts';
import { formatMinor, formatTotals } from '../../domain/money.ts';
import { entityView } from '../../domain/supplier-health.ts';
import { ukPackCsv } from '../../presentation/entities.ts';
import { healthJson, healthListJson } from '../../presentation/json.ts';
import { ageingCsv, ageingReportJson, convertedJson, paymentPracticesCsv, rankingCsv } from '../../presentation/reports.ts';
import { entityFilter } from '../../services/entities.ts';
import { nlHalfYearReport, ukSubmissionPack } from '../../services/entity-reports.ts';
import { reportingTable } from '../../services/fx.ts';
import { ageingReport, harmRanking, paymentPracticesReport, resolveAsOf, supplierReport } from '../../services/reports.ts';
import { textTable } from '../table.ts';
import { print, withContext } from './run-with-context.ts';

export const dateArg = (v: string) => {
  if (!isCalendarDate(v)) throw new InvalidArgumentError(`"${v}" is not a calendar date YYYY-MM-DD`);
  return v;
};

const entityOption = () => new Option('--entity <code>', "one legal entity's figures (default: the whole group)");
const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table');
const money = (t: Record<string, number>) => formatTotals(t) || '—';
const pct = (x: number | null) => (x === null ? null : `${Math.round(x * 1000) / 10}%`);

export function reportCommand(): Command {
  const report = new Command('report').description('print reports from the latest computed health snapshots');

  report
    .command('suppliers')
    .description('harm ranking, most harmed supplier first')
    .option('--as-of <date>', 'as-of date (default: today in the organisation time zone)', dateArg)
    .addOption(entityOption())
    .addOption(formatOption())
    .action((o: { asOf?: string; format: string; entity?: string }) =>
      withContext(async (ctx) => {
        const asOf = resolveAsOf(o.asOf, ctx.org);
        const ef = await entityFilter(ctx.org, o.entity);
        const all = await harmRanking(asOf);
        const rows = ef ? all.flatMap((h) => entityView(h, ef.code, ef.defaultCode) ?? []) : all;
        if (o.format === 'json') return print(JSON.stringify({ asOf, suppliers: rows.map(healthListJson) }, null, 2));
        if (o.format === 'csv') return print(rankingCsv(rows));
        print(`Suppliers by harm, as of ${asOf}`);
        print(
          textTable(
            ['#', 'supplier', 'name', 'harm', 'level', 'max days', 'overdue', 'interest owed', 'dependency'],
            rows.map((h, i) => [
              i + 1,
              h.supplierId,
              h.name,
              h.harmScore,
              h.harmLevel,
              h.maxDaysOverdue,
              money(h.overdue),
              money(h.interestOwed),
              pct(h.dependencyShare),
            ]),
          ),
        );
      }),
    );

  report
    .command('supplier')
    .description("one supplier's health, with the reasons behind its harm score")
    .argument('<id>', 'supplier id')
    .option('--as-of <date>', 'as-of date', dateArg)
    .addOption(formatOption())
    .action((id: string, o: { asOf?: string; format: string }) =>
      withContext(async (ctx) => {
        const h = await supplierReport(id, resolveAsOf(o.asOf, ctx.org));
        if (o.format === 'json') return print(JSON.stringify(healthJson(h), null, 2));
        if (o.format === 'csv') return print(rankingCsv([h]));
        print(`${h.name} (${h.supplierId}), as of ${h.asOf}: harm ${h.harmScore} (${h.harmLevel})`);
        print(
          textTable(
            ['measure', 'value'],
            [
              ['outstanding', money(h.outstanding)],
              ['overdue', money(h.overdue)],
              ['max days overdue', h.maxDaysOverdue],
              ['DBT (days)', h.dbt],
              ['payer score', h.payerScore],
              ['interest owed', money(h.interestOwed)],
              ['compensation owed', money(h.compensationOwed)],
              ['spend last 12 months', money(h.spend12m)],
              ['dependency share', pct(h.dependencyShare)],
              ['withheld revenue days', h.withheldRevenueDays],
            ],
          ),
        );
        print(`\nWhy:\n${h.reasons.map((r) => `  - ${r}`).join('\n')}`);
        if (h.notes.length) print(`\nNotes:\n${h.notes.map((r) => `  - ${r}`).join('\n')}`);
      }),
    );

  report
    .command('payment-practices')
    .description('payment-practice statistics for the period [from, to)')
    .requiredOption('--from <date>', 'first day of the period', dateArg)
    .requiredOption('--to <date>', 'day after the period', dateArg)
    .addOption(entityOption())
    .addOption(formatOption())
    .action((o: { from: string; to: string; format: string; entity?: string }) =>
      withContext(async (ctx) => {
        const r = await paymentPracticesReport(o.from, o.to, ctx.org, o.entity);
        if (o.format === 'json') return print(JSON.stringify(r, null, 2));
        if (o.format === 'csv') return print(paymentPracticesCsv(r));
        const p = r.organisation;
        print(`Payment practices ${p.from} to ${p.to} (exclusive)`);
        print(
          textTable(
            ['measure', 'value'],
            [
              ['payments made', p.paymentsMade],
              ['mean days to pay', p.meanDaysToPay],
              ['median days to pay', p.medianDaysToPay],
              ['95th percentile days', p.p95DaysToPay],
              ['paid within 30 days (count / value)', `${pct(p.within30.count) ?? '—'} / ${pct(p.within30.value) ?? '—'}`],
              ['paid in 31–60 days', `${pct(p.days31to60.count) ?? '—'} / ${pct(p.days31to60.value) ?? '—'}`],
              ['paid in 61+ days', `${pct(p.over60.count) ?? '—'} / ${pct(p.over60.value) ?? '—'}`],
              ['payments due', p.paymentsDue],
              ['not paid within terms', `${pct(p.notWithinTerms.count) ?? '—'} / ${pct(p.notWithinTerms.value) ?? '—'}`],
              ['disputed share of late', pct(p.disputedShareOfLate)],
            ],
          ),
        );
      }),
    );

  report
    .command('ageing')
    .description('outstanding amounts by days overdue, per currency')
    .option('--as-of <date>', 'as-of date', dateArg)
    .addOption(entityOption())
    .addOption(formatOption())
    .action((o: { asOf?: string; format: string; entity?: string }) =>
      withContext(async (ctx) => {
        const asOf = resolveAsOf(o.asOf, ctx.org);
        const r = await ageingReport(asOf, await entityFilter(ctx.org, o.entity));
        const table = await reportingTable(asOf, ctx.org.reportingCurrency);
        if (o.format === 'json') return print(JSON.stringify(ageingReportJson(r, table), null, 2));
        if (o.format === 'csv') return print(ageingCsv(r));
        print(`Ageing as of ${r.asOf}`);
        print(
          textTable(
            ['currency', 'not due', '1–30', '31–60', '61–90', '91+'],
            Object.keys(r.total)
              .sort()
              .map((c) => {
                const b = r.total[c];
                return [c, ...[b.notDue, b.d1_30, b.d31_60, b.d61_90, b.d91plus].map((v) => formatMinor(v, c))];
              }),
          ),
        );
        print(`\ninterest owed: ${money(r.interestOwed)}; compensation owed: ${money(r.compensationOwed)}`);
        if (table) {
          const c = convertedJson(r, table);
          print(
            `converted to ${c.currency} (${c.rates}): outstanding ${c.outstanding}, overdue ${c.overdue}, interest ${c.interestOwed}, compensation ${c.compensationOwed}${c.leftOut.length ? `; left out (no rate): ${c.leftOut.join(', ')}` : ''}`,
          );
        }
      }),
    );

  report
    .command('uk-pack')
    .description("the UK payment-practices report of one entity's reporting period, item by item in the form's order")
    .requiredOption('--entity <code>', 'the legal entity')
    .requiredOption('--period-start <date>', "the first day of the reporting period (a half of the entity's financial year)", dateArg)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action((o: { entity: string; periodStart: string; format: string }) =>
      withContext(async (ctx) => {
        const pack = await ukSubmissionPack(ctx.org, o.entity, o.periodStart);
        if (o.format === 'json') return print(JSON.stringify(pack, null, 2));
        if (o.format === 'csv') return print(ukPackCsv(pack));
        print(`${pack.entity.name} (${pack.entity.code}): reporting period ${pack.period.from} to ${pack.period.to}`);
        print(
          textTable(
            ['question', 'answer', 'note'],
            pack.items.map((i) => [i.question, i.answer ?? '—', i.note ?? '']),
          ),
        );
      }),
    );

  report
    .command('nl-half-year')
    .description("one entity's half-year payment behaviour against the Dutch statutory terms (30 and 60 days)")
    .requiredOption('--entity <code>', 'the legal entity')
    .requiredOption('--period-start <date>', "the first day of the half of the entity's financial year", dateArg)
    .action((o: { entity: string; periodStart: string }) =>
      withContext(async (ctx) => {
        print(JSON.stringify(await nlHalfYearReport(ctx.org, o.entity, o.periodStart), null, 2));
      }),
    );

  return report;
}
