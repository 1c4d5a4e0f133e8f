/** A new user's path: import the example files, propose a run with a budget, read it, write the bank file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { statementFromPain001, xmllintErrors } from '../support/bank-files.ts';
import { runCli } from '../support/cli.ts';
import { useMongo } from '../support/mongo.ts';
import { ROOT } from '../support/spawn.ts';

describe('tijdig payment-run propose', () => {
  const m = useMongo();

  it('lists the invoices to pay with their reasons, the figures before and after, the simple rules, and writes a bank file', {
    timeout: 120_000,
  }, async () => {
    for (const [kind, file] of [
      ['suppliers', 'leveranciers.csv'],
      ['invoices', 'facturen.csv'],
    ])
      expect((await runCli(['import', kind, path.join(ROOT, 'test/fixtures/status', file)], m.uri)).code).toBe(0);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-run-')), 'run.csv');
    const r = await runCli(['payment-run', 'propose', '--budget', '2500', '--as-of', '2025-11-20', '--out', out], m.uri);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Payment run for 2025-11-20 \(figures as of that day\): \d+ invoices, harm removed [\d.]+$/);
    expect(lines.find((l) => /^1\s/.test(l))).toMatch(
      /LEV001\s+Bakkerij Jansen\s+J-101\s+EUR 1234\.56\s+50\s+[\d.]+\s+micro supplier, 50 days overdue/,
    );
    expect(r.stdout).toMatch(/overdue\s+EUR 14534\.56\s+EUR 13300\.00/);
    expect(r.stdout).toMatch(/oldest-due-first\s+[\d.]+/);
    expect(r.stdout).toMatch(/largest-first\s+[\d.]+/);
    expect(r.stdout).not.toContain('J-102');
    expect(fs.readFileSync(out, 'utf8')).toMatch(
      /^supplierId,name,iban,amount,currency,invoiceNumbers,reference\r\nLEV001,Bakkerij Jansen,NL91ABNA0417164300,/,
    );
    expect(r.stderr).toMatch(/bank file written to/);

    const bad = await runCli(['payment-run', 'propose', '--budget', 'lots'], m.uri);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--budget "lots" is not an amount such as 250000 or EUR:250000\.00/);
  });

  it('saves a run for a named user, refuses its approval by that user, approves it for another, writes the SEPA file, and reads the statement back', {
    timeout: 180_000,
  }, async () => {
    const env = { ORG_NAME: 'Gemeente Voorbeeld', ORG_IBAN: ibanOf('NL', 'INGB0001234567') };
    const cli = (args: string[]) => runCli(args, m.uri, env);
    for (const [email, role] of [
      ['anna@example.org', 'finance'],
      ['bram@example.org', 'admin'],
      ['cees@example.org', 'procurement'],
    ])
      expect((await cli(['users', 'create', '--email', email, '--role', role])).code).toBe(0);
    const saved = await cli([
      'payment-run',
      'propose',
      '--budget',
      '100000',
      '--as-of',
      '2025-11-20',
      '--pay-date',
      '2025-11-21',
      '--save',
      '--pay-interest',
      '--user',
      'anna@example.org',
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    const run = JSON.parse(saved.stdout);
    expect(run).toMatchObject({ state: 'draft', draftedBy: { email: 'anna@example.org' } });

    const noUser = await cli(['payment-run', 'approve', run.id]);
    expect(noUser.code).not.toBe(0);
    const procurement = await cli(['payment-run', 'approve', run.id, '--user', 'cees@example.org']);
    expect(procurement.code).not.toBe(0);
    expect(procurement.stderr).toMatch(/a procurement user does not handle payment runs/);
    const own = await cli(['payment-run', 'approve', run.id, '--user', 'anna@example.org']);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/the run was drafted by you: another person approves it \(four eyes\)/);
    const early = await cli(['payment-run', 'export', run.id, '--out', '/dev/null', '--user', 'bram@example.org']);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/the run is a draft: it is exported once approved/);
    const ok = await cli(['payment-run', 'approve', run.id, '--user', 'bram@example.org']);
    expect(ok.stdout).toMatch(new RegExp(`^run ${run.id}: approved \\(1 of 1 approvals\\)`));

    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-sepa-')), 'run.xml');
    const exported = await cli(['payment-run', 'export', run.id, '--format', 'pain.001', '--out', out, '--user', 'anna@example.org']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/exported; pain\.001 written to .*; 1 supplier\(s\) without a valid IBAN are not in it/);
    const pain = fs.readFileSync(out, 'utf8');
    expect(xmllintErrors(pain, 'pain.001.001.09.xsd')).toBe('');

    const stmt = path.join(path.dirname(out), 'camt.xml');
    fs.writeFileSync(
      stmt,
      statementFromPain001(pain, { iban: env.ORG_IBAN, statementId: 'CLI-1', bookingDate: '2025-11-21', version: '02' }),
    );
    const imported = await cli(['import', 'bank-statement', stmt]);
    expect(imported.code, imported.stderr).toBe(0);
    const transfers = (pain.match(/<CdtTrfTxInf>/g) ?? []).length;
    expect(imported.stdout).toMatch(
      new RegExp(
        `statement CLI-1 of NL\\w+: ${transfers} entries, ${transfers} payments; matched ${transfers} \\(0 in part\\), 0 to look at`,
      ),
    );
    const again = await cli(['import', 'bank-statement', stmt]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/statement CLI-1 of NL\w+ was imported before; nothing changed/);
  });
});
