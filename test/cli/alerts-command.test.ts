import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { useMongo } from '../support/mongo.ts';
import { useSmtp } from '../support/smtp.ts';

describe('tijdig alerts', () => {
  const m = useMongo();
  const smtp = useSmtp();

  it('lists alerts (all, or only those not resolved) and the rules in force', async () => {
    const now = new Date('2026-11-25T09:00:00Z');
    const base = { severity: 'warning', invoiceNumbers: [], openedOn: '2026-11-25', createdAt: now, updatedAt: now };
    await m.db.collection('alerts').insertMany([
      {
        ...base,
        dedupKey: 'withheldRevenue|LEV001|withheld|2026-11-25|1',
        conditionKey: 'withheldRevenue|LEV001|withheld',
        openKey: 'withheldRevenue|LEV001|withheld',
        rule: 'withheldRevenue',
        supplierId: 'LEV001',
        supplierName: 'Bakkerij Jansen',
        facts: { rule: 'withheldRevenue', withheldRevenueDays: 6.5, overdue: { EUR: 650_000 } },
        state: 'open',
      },
      {
        ...base,
        dedupKey: 'unlawfulTerms|LEV002|agreed|2026-11-20|1',
        conditionKey: 'unlawfulTerms|LEV002|agreed',
        rule: 'unlawfulTerms',
        supplierId: 'LEV002',
        supplierName: 'Staal BV',
        facts: { rule: 'unlawfulTerms', termDays: 90, limitDays: 60, law: 'EU_MAX_60_DAYS', invoiceNumber: null },
        state: 'resolved',
      },
    ]);
    const open = await runCli(['alerts', 'list', '--open'], m.uri);
    expect(open.code).toBe(0);
    expect(open.stdout).toMatch(
      /open\s+warning\s+withheldRevenue\s+LEV001\s+The €6,500\.00 we have not paid on time is 6\.5 days of this supplier’s revenue\./,
    );
    expect(open.stdout).not.toContain('LEV002');
    const all = await runCli(['alerts', 'list', '--json'], m.uri);
    expect(JSON.parse(all.stdout).map((a: { supplierId: string; state: string }) => `${a.supplierId} ${a.state}`)).toEqual([
      'LEV001 open',
      'LEV002 resolved',
    ]);

    await m.db
      .collection('alertSettings')
      .insertOne({ _id: 'rules' as never, rules: { disputeOpen: { days: 30 }, harmRising: { enabled: false } } });
    const rules = await runCli(['alerts', 'rules'], m.uri);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/willBeLate\s+yes\s+withinDays=3/);
    expect(rules.stdout).toMatch(/disputeOpen\s+yes\s+days=30/);
    expect(rules.stdout).toMatch(/harmRising\s+no\s+levels=high,critical/);
  });

  it('test-send delivers a message through SMTP_URL at once, in the language asked for, or says what is missing', async () => {
    const sent = await runCli(['alerts', 'test-send', '--to', 'en:inkoop@example.org'], m.uri, { SMTP_URL: smtp.url });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^sent to inkoop@example\.org/);
    const [mail] = await smtp.waitFor(1);
    expect(mail.rcpt).toEqual(['inkoop@example.org']);
    expect(mail.subject).toBe('[tijdig] Test message');
    const none = await runCli(['alerts', 'test-send', '--to', 'inkoop@example.org'], m.uri);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/SMTP_URL is not set/);
  });
});
