/**
 * Every benchmark under bench/ still runs, at a small size: it exits 0, prints its figures and its
 * targets line, and leaves no keys in Redis. Its speed is not judged here (a timed test on a shared
 * machine proves nothing); what is judged are the parts of its output that are not speed: the load
 * benchmarks' error counts, the compaction's lost writes, the payment run's harm against the rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { useRedis } from '../support/redis';
import { ROOT, spawnTs } from '../support/spawn';

interface Case {
  args: string[];
  /** What the output must say besides its targets line. */
  says?: RegExp[];
}

const CASES: Record<string, Case> = {
  'alerts.ts': { args: ['--invoices', '4000', '--suppliers', '200'], says: [/open alerts per harmed supplier <= 2: (MET|MISSED) \(\d/] },
  'api-load.ts': {
    args: ['--suppliers', '300', '--invoices', '6000', '--seconds', '1', '--connections', '8'],
    says: [
      /no errors: MET/,
      /ranking, first page again \(If-None-Match → 304\)/,
      /page of 100 suppliers with 300 invoices each < 150 KB: MET/,
    ],
  },
  'audit.ts': { args: ['--seconds', '1', '--connections', '4', '--suppliers', '50'], says: [/[\d,]+ audit records written/] },
  'backup.ts': { args: ['--docs', '20000', '--rate', '400'], says: [/backup file \d+ MiB, [\d,]+ invoices as of its moment/] },
  'bank-files.ts': { args: ['--transfers', '500', '--entries', '1000'], says: [/every debit matched: MET/] },
  'compaction.ts': {
    args: ['--docs', '20000', '--rounds', '1'],
    // Every write the clients were told succeeded is there after the compaction, and after a restart.
    says: [
      /documents: ([\d,]+) \(seeded and inserted: \1\)[\s\S]*restart: answers after [\d.]+ s; the first command on the invoices \(a count of \1\)/,
    ],
  },
  'db.ts': { args: ['--n', '5000'] },
  'einvoices.ts': { args: ['--documents', '600'], says: [/imported 600, rejected 0; suppliers afterwards 500;[^\n]*new 250/] },
  'import.ts': { args: ['--rows', '5000'] },
  'import-preview.ts': { args: ['--rows', '20000'], says: [/the preview \(10 of 10 rows read as valid\)/] },
  'pages.ts': { args: ['--suppliers', '300', '--requests', '3'] },
  'payment-run.ts': {
    args: ['--invoices', '6000', '--suppliers', '300', '--budget', '500000'],
    says: [/never less harm removed than either rule: MET/],
  },
  'recompute.ts': { args: ['--invoices', '6000', '--suppliers', '300'] },
  // The chaos soak's short version: a minute, one fault of each kind.
  'soak.ts': {
    args: ['--minutes', '1', '--rate', '10', '--files', '6', '--rows', '8000'],
    says: [
      /no 500 answers: MET/,
      /imports as uninterrupted: MET/,
      /invoices = union of the files: MET/,
      /alerts and e-mails once each: MET/,
    ],
  },
  'status-page.ts': { args: ['--seconds', '1', '--connections', '8', '--invoices', '50'], says: [/no errors: MET/] },
  'xlsx.ts': { args: ['--rows', '3000'] },
};

function run(file: string, args: string[], redisUrl: string): Promise<{ code: number | null; out: string }> {
  const child = spawnTs(path.join('bench', file), args, { REDIS_URL: redisUrl });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('the benchmarks', () => {
  const redis = useRedis();

  it('has a case here for every benchmark under bench/', () => {
    const benches = fs.readdirSync(path.join(ROOT, 'bench')).filter((f) => f.endsWith('.ts'));
    expect(Object.keys(CASES).sort()).toEqual(benches.sort());
  });

  for (const [file, c] of Object.entries(CASES)) {
    it(`${file} runs at a small size and leaves Redis clean`, { timeout: 240_000 }, async () => {
      const { code, out } = await run(file, c.args, redis.url);
      expect(out, out).toMatch(/\btargets?\b[^\n]*: (MET|MISSED)/);
      for (const re of c.says ?? []) expect(out, out).toMatch(re);
      expect(code, out).toBe(0);
      const r = new Redis(redis.url);
      try {
        expect(await r.keys('tijdig-bench-*')).toEqual([]);
      } finally {
        r.disconnect();
      }
    });
  }
});
