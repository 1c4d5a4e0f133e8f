import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { todayIn } from '../../domain/dates.ts';
import { formatMinor } from '../../domain/money.ts';
import type { ImportOptions } from '../../import/analyze.ts';
import type { CliContext } from '../../runtime/cli-context.ts';
import { handOverConditions } from '../../services/alerts/hand-over.ts';
import { EntitiesRejected, entityRefs, importEntities } from '../../services/entities.ts';
import { runImport } from '../../services/import-runner.ts';
import { createImport, importOptionsSchema } from '../../services/imports.ts';
import { importBankStatement } from '../../services/payment-runs/statements.ts';
import { recomputeSuppliers } from '../../services/recompute.ts';
import { actingUser, cliPaymentDeps } from './payment-run-deps.ts';
import { print, withContext } from './run-with-context.ts';

function progressBar(done: number, total: number): string {
  const width = 30;
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const fill = Math.round(frac * width);
  return `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${Math.round(frac * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} rows`;
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'import an invoice or supplier CSV or Excel workbook (.xlsx): any ERP export, Dutch or English; or e-invoices (UBL or CII XML, a zip of them, a Factur-X/ZUGFeRD PDF)',
    )
    .argument('<kind>', 'invoices | suppliers | entities | bank-statement')
    .argument('<file>', 'the CSV or Excel file; for bank-statement a camt.053 XML file; entities: a CSV of legal entities')
    .option('--user <email>', 'bank-statement: the person importing it (recorded with the statement)')
    .option('--mapping <json>', 'header → field overrides, e.g. \'{"Factuur nr.":"invoiceNumber"}\'')
    .addOption(new Option('--encoding <encoding>', 'instead of detecting').choices(['utf-8', 'windows-1252']))
    .addOption(new Option('--delimiter <delimiter>', 'instead of detecting').choices([',', ';', 'tab']))
    .addOption(new Option('--decimal-mark <mark>', 'instead of detecting').choices([',', '.']))
    .addOption(new Option('--date-order <order>', 'for numeric dates, instead of detecting').choices(['DMY', 'MDY']))
    .option('--all-or-nothing', 'import nothing when any row is rejected')
    .option('--sheet <name>', 'Excel workbooks: the sheet to import (default: the first)')
    .option(
      '--profile <name>',
      'read it with this import profile (one made for its columns, or a recognised ERP export, is chosen without it)',
    )
    .option('--negate-amounts', 'amounts owed are written as negative numbers: turn them around')
    .action((kind: string, file: string, o: Record<string, string | boolean | undefined>) =>
      withContext(async (ctx) => {
        if (kind !== 'invoices' && kind !== 'suppliers' && kind !== 'bank-statement' && kind !== 'entities')
          throw new InvalidArgumentError(`kind must be invoices, suppliers, entities or bank-statement, not "${kind}"`);
        if (!fs.existsSync(file)) throw new InvalidArgumentError(`no such file: ${file}`);
        if (kind === 'bank-statement') return importStatementFile(ctx, file, o.user as string | undefined);
        if (kind === 'entities') return importEntitiesFile(ctx, file);
        let mapping: unknown;
        try {
          mapping = o.mapping ? JSON.parse(String(o.mapping)) : undefined;
        } catch {
          throw new InvalidArgumentError('--mapping must be a JSON object');
        }
        const parsed = importOptionsSchema.safeParse({
          mapping,
          encoding: o.encoding,
          delimiter: o.delimiter === 'tab' ? '\t' : o.delimiter,
          decimalMark: o.decimalMark,
          dateOrder: o.dateOrder,
          allOrNothing: o.allOrNothing ? true : undefined,
          sheet: o.sheet,
          profile: o.profile,
          negateAmounts: o.negateAmounts ? true : undefined,
        });
        if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => i.message).join('; '));
        const options: ImportOptions = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
        const { imp, enqueue } = await createImport({
          input: fs.createReadStream(file),
          fileName: path.basename(file),
          kind,
          options,
          uploadedBy: `cli:${os.userInfo().username}`,
          limitBytes: ctx.config.UPLOAD_LIMIT_MB * 1024 * 1024,
        });
        if (!enqueue) {
          print(`${path.basename(file)} was already imported (import ${String(imp.duplicateOf)}); nothing changed`);
          return;
        }
        const tty = process.stderr.isTTY;
        const done = await runImport(imp._id, {
          baseCurrency: ctx.org.baseCurrency,
          entities: () => entityRefs(ctx.org),
          locale: ctx.config.ORG_LOCALE,
          today: todayIn(ctx.org.timezone),
          onProgress: (p) => {
            if (tty) process.stderr.write(`\r${progressBar(p.rowsRead, p.rowsTotal)}`);
          },
          afterImport: async (supplierIds, imp) => {
            const ids = [...new Set(supplierIds)];
            const today = todayIn(ctx.org.timezone);
            const { conditions = [] } = await recomputeSuppliers(ids, today, ctx.org, { alerts: true });
            // Evaluated by the worker (tijdig start), which sends what comes of it.
            const queue = await ctx.alerts();
            await handOverConditions(`cli_import_${String(imp._id)}`, today, conditions, (id) => queue.evaluate(id));
          },
        });
        if (tty) process.stderr.write('\n');
        print(`import ${String(done._id)}: ${done.status}`);
        if (done.profile)
          print(
            `  read with the import profile "${done.profile.name}" (${{ named: 'as asked', saved: 'saved for these columns', erp: 'a recognised ERP export' }[done.profile.source]})`,
          );
        for (const n of done.detected?.notes ?? []) print(`  ${n}`);
        const c = done.counts;
        print(`  inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}`);
        for (const e of done.firstErrors.slice(0, 10)) print(`  line ${e.line}, column ${e.column}, value "${e.value}": ${e.reason}`);
        if (c.rejected > 10) print(`  … all rejected rows: GET /api/v1/imports/${String(done._id)}/errors.csv`);
        if (done.status === 'rejected') {
          process.stderr.write(`tijdig: the file was rejected: ${done.error}\n`);
          process.exitCode = 1;
        }
      }),
    );
}

/** An entities file, all or nothing: each entity printed, or each fault with its line and column. */
async function importEntitiesFile(ctx: CliContext, file: string): Promise<void> {
  try {
    const done = await importEntities(fs.readFileSync(file), ctx.org, `cli:${os.userInfo().username}`);
    print(`${done.entities.length} entities imported (${done.added.length} new, ${done.changed.length} changed)`);
    for (const e of done.entities)
      print(`  ${e.code}: ${e.name}, ${e.country}, ${e.regime} law, financial year from ${e.financialYearStart}, ${e.baseCurrency}`);
  } catch (e) {
    if (!(e instanceof EntitiesRejected)) throw e;
    process.stderr.write('tijdig: the entities file was not imported; nothing changed:\n');
    for (const x of e.errors)
      process.stderr.write(`  line ${x.line}, column ${x.column}${x.value ? `, value "${x.value}"` : ''}: ${x.reason}\n`);
    process.exitCode = 1;
  }
}

/** A camt.053 statement: its debits matched to invoices, what it did printed, what is left listed. */
async function importStatementFile(ctx: CliContext, file: string, user: string | undefined): Promise<void> {
  const by = user ? await actingUser(user) : { userId: 'cli', email: `cli (${os.userInfo().username})`, at: new Date() };
  const { statements } = await importBankStatement(
    fs.createReadStream(file),
    path.basename(file),
    by,
    (await cliPaymentDeps(ctx)).statements,
  );
  for (const s of statements) {
    const c = s.counts;
    print(
      `statement ${s.statementId} of ${s.iban}: ${c.entries} entries, ${c.debits} payments; matched ${c.matched} (${c.partial} in part), ${c.unmatched} to look at; ${c.invoicesPaid} invoices marked paid`,
    );
    for (const l of s.lines.filter((x) => x.by === 'none'))
      print(`  ${l.at} ${l.bookingDate} ${l.currency} ${formatMinor(l.amount, l.currency)} ${l.creditorName ?? ''}: ${l.reason}`);
  }
}
