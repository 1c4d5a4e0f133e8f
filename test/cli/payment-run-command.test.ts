/** A new user's path: import the example files, propose a run with a budget, read it, write the bank file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
