/**
 * The API's lists for integrators: the harm ranking paged with a stable cursor and filtered, every row
 * as CSV, conditional requests (ETag, 304), a supplier's master data, invoices with their figures,
 * and imports paged.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { bearer, uploadText, useApp } from '../support/app.ts';
import { FIXTURE_TODAY, importStatusFixtures } from '../support/status-fixtures.ts';

const today = todayIn('Europe/Amsterdam');
const dmy = (d: string) => DateTime.fromISO(d).toFormat('dd-MM-yyyy');
const N = 25;

// 25 suppliers, each with one overdue invoice: supplier i is i*3 days late with (i+1)*100 euros.
const SUPPLIERS = [
  'Leveranciernummer;Naam;Land;Aantal medewerkers;Betalingstermijn',
  ...Array.from({ length: N }, (_, i) => {
    const name = i === 7 ? 'Café Müller' : `Leverancier ${String(i).padStart(2, '0')}`;
    return `P${String(i).padStart(2, '0')};${name};${i % 2 ? 'NL' : 'DE'};${[3, 20, 100, 500][i % 4]};${i === 4 ? 90 : 30}`;
  }),
].join('\n');
const invoices = (shift: number) =>
  [
    'Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta',
    ...Array.from({ length: N }, (_, i) => {
      const late = ((i * 3 + shift) % 80) + 1;
      return `P${String(i).padStart(2, '0')};F-${i};${dmy(addDays(today, -late - 30))};${dmy(addDays(today, -late))};${(i + 1) * 100},00;EUR`;
    }),
  ].join('\n');

describe('API lists', () => {
  const app = useApp();
  const get = (path: string, headers: Record<string, string> = {}) => app.http.get(path).set(bearer(app.tokens.procurement)).set(headers);

  const upload = (kind: 'invoices' | 'suppliers', csv: string, name: string) => uploadText(app, kind, csv, name);

  /** Until today's ranking has every supplier of the file (the recompute after an import is queued). */
  async function ranked(count: number) {
    for (let i = 0; i < 300; i++) {
      const r = await get('/api/v1/suppliers?limit=1000&q=p');
      if (r.status === 200 && r.body.total >= count) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the ranking was not recomputed');
  }

  beforeAll(async () => {
    await importStatusFixtures(app);
    await upload('suppliers', SUPPLIERS, 'p.csv');
    await upload('invoices', invoices(0), 'p-invoices.csv');
    await ranked(N);
  }, 200_000);

  type Row = { supplierId: string; harmScore: number; maxDaysOverdue: number; name: string; overdue: Record<string, string> };

  async function all(query: string): Promise<Row[]> {
    const out: Row[] = [];
    let url: string | null = `/api/v1/suppliers?${query}`;
    while (url) {
      const r: { body: { items: Row[]; nextCursor: string | null } } = await get(url).expect(200);
      out.push(...r.body.items);
      url = r.body.nextCursor ? `/api/v1/suppliers?${query}&cursor=${r.body.nextCursor}` : null;
    }
    return out;
  }

  it('pages the ranking: limit, total, nextCursor and a Link header, each supplier once', async () => {
    const first = await get('/api/v1/suppliers?limit=10').expect(200);
    expect(first.body.items).toHaveLength(10);
    const total = first.body.total as number;
    expect(total).toBe(N + 3);
    expect(first.headers.link).toMatch(/^<\/api\/v1\/suppliers\?limit=10&cursor=[\w-]+>; rel="next"$/);
    const rows = await all('limit=10');
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.supplierId)).size).toBe(total);
    // Most harmed first, ties by supplier id.
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.harmScore > b.harmScore || (a.harmScore === b.harmScore && a.supplierId < b.supplierId)).toBe(true);
    }
    await get('/api/v1/suppliers?limit=1001').expect(400);
    const bad = await get('/api/v1/suppliers?cursor=bm9wZQ').expect(400);
    expect(bad.body.error.message).toMatch(/^query\.cursor: not a cursor tijdig gave out/);
  });

  it('a recompute between two pages skips or repeats no supplier', async () => {
    const first = await get('/api/v1/suppliers?limit=10').expect(200);
    const before = first.body.items.map((r: Row) => r.supplierId);
    // Every supplier's lateness changes, so the order changes; then the rest of the pages.
    await upload('invoices', invoices(37), 'p-invoices-2.csv');
    let changed = false;
    for (let i = 0; i < 300 && !changed; i++) {
      const again = await get('/api/v1/suppliers?limit=10').expect(200);
      changed = JSON.stringify(again.body.items.map((r: Row) => r.supplierId)) !== JSON.stringify(before);
      if (!changed) await new Promise((res) => setTimeout(res, 100));
    }
    expect(changed).toBe(true);
    const rest: string[] = [];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const r = await get(`/api/v1/suppliers?limit=10&cursor=${cursor}`).expect(200);
      rest.push(...r.body.items.map((x: Row) => x.supplierId));
      cursor = r.body.nextCursor;
    }
    const seen = [...before, ...rest];
    expect(seen).toHaveLength(first.body.total);
    expect(new Set(seen).size).toBe(first.body.total);
  });

  it('filters: level, size, country, unlawful terms, minimum score, search without accents', async () => {
    const rows = await all('limit=1000');
    const levels = await all('level=high,critical&limit=1000');
    expect(levels.map((r) => r.supplierId)).toEqual(
      rows.filter((r) => ['high', 'critical'].includes((r as unknown as { harmLevel: string }).harmLevel)).map((r) => r.supplierId),
    );
    expect((await all('level=low&level=medium&limit=1000')).length + levels.length).toBe(rows.length);
    const micro = await all('sizeClass=micro&country=nl&limit=1000');
    expect(micro.length).toBeGreaterThan(0);
    expect(micro.every((r) => (r as unknown as { sizeClass: string }).sizeClass === 'micro')).toBe(true);
    expect((await all('breach=true&q=P04')).map((r) => r.supplierId)).toEqual(['P04']);
    const min = await all('minScore=20&limit=1000');
    expect(min.map((r) => r.supplierId)).toEqual(rows.filter((r) => r.harmScore >= 20).map((r) => r.supplierId));
    expect((await all('q=cafe%20muller')).map((r) => r.name)).toEqual(['Café Müller']);
    expect((await all('q=CAFÉ')).map((r) => r.name)).toEqual(['Café Müller']);
    const bad = await get('/api/v1/suppliers?level=severe').expect(400);
    expect(bad.body.error.message).toContain('query.level: severe is not one of');
    await get('/api/v1/suppliers?supplier[$ne]=x').expect(400);
  });

  it('sorts by name, overdue money and days overdue', async () => {
    const byName = await all('sort=name&limit=1000');
    const names = byName.map((r) => r.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    expect(names).toEqual([...names].sort());
    const byDays = await all('sort=maxDaysOverdue&limit=1000');
    expect(byDays.map((r) => r.maxDaysOverdue)).toEqual([...byDays.map((r) => r.maxDaysOverdue)].sort((a, b) => b - a));
    const byMoney = (await all('sort=overdue&q=p&limit=1000')).map((r) => Number(r.overdue.EUR ?? 0));
    expect(byMoney).toEqual([...byMoney].sort((a, b) => b - a));
    expect(byMoney[0]).toBe(2500);
  });

  it('format=csv writes every matching row, ranked, not one page', async () => {
    const r = await get('/api/v1/suppliers?format=csv&q=p&limit=5').expect(200);
    const lines = r.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^rank,supplierId,name,harmScore/);
    expect(lines).toHaveLength(N + 1);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it('answers a repeated call with 304 until the data changes', async () => {
    const a = await get('/api/v1/suppliers?limit=5').expect(200);
    expect(a.headers.etag).toMatch(/^W\/"\d+-[\w-]+"$/);
    expect(a.headers['cache-control']).toBe('private, max-age=5');
    const same = await get('/api/v1/suppliers?limit=5', { 'If-None-Match': a.headers.etag }).expect(304);
    expect(same.text ?? '').toBe('');
    expect(same.headers.etag).toBe(a.headers.etag);
    // Still only for a caller with a token, and counted against its limit.
    await app.http.get('/api/v1/suppliers?limit=5').set('If-None-Match', a.headers.etag).expect(401);
    expect(same.headers['ratelimit-policy']).toMatch(/^"\d+-in-1min"/);
    // Another URL is another tag; a list that is not conditional answers in full whatever tag is sent.
    const b = await get('/api/v1/suppliers?limit=6', { 'If-None-Match': a.headers.etag }).expect(200);
    expect(b.headers.etag).not.toBe(a.headers.etag);
    // A tag made the same way for a list that never gave one out is not taken for current.
    const version = /^W\/"(\d+)-/.exec(a.headers.etag)?.[1];
    const hash = createHash('sha256').update(`/api/v1/alerts|${today}`).digest('base64url').slice(0, 22);
    const forged = await get('/api/v1/alerts', { 'If-None-Match': `W/"${version}-${hash}"` }).expect(200);
    expect(forged.body.items).toBeDefined();
    await upload('suppliers', SUPPLIERS.replace('Leverancier 03', 'Leverancier drie'), 'p2.csv');
    const changed = await get('/api/v1/suppliers?limit=5', { 'If-None-Match': a.headers.etag }).expect(200);
    expect(changed.headers.etag).not.toBe(a.headers.etag);
  });

  it('a supplier: master data and its figures of the day', async () => {
    const r = await get(`/api/v1/suppliers/LEV001?asOf=${today}`).expect(200);
    expect(r.body.supplier).toMatchObject({
      supplierId: 'LEV001',
      name: 'Bakkerij Jansen',
      country: 'NL',
      employees: 6,
      annualRevenue: { EUR: '365000.00' },
      paymentTermsDays: 30,
      iban: 'NL91ABNA0417164300',
    });
    expect(r.body.figures.supplierId).toBe('LEV001');
    expect((await get('/api/v1/suppliers/LEV001?asOf=2020-01-01').expect(200)).body.figures).toBeNull();
    await get('/api/v1/suppliers/NOPE').expect(404);
  });

  it('a supplier’s invoices with their figures as of a date', async () => {
    const r = await get(`/api/v1/suppliers/LEV001/invoices?asOf=${FIXTURE_TODAY}&limit=1000`).expect(200);
    const j101 = r.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === 'J-101');
    // 1,234.56 at 10.15 % a year for 50 days = 17.17; fixed compensation 40.00.
    expect(j101).toMatchObject({
      dueDate: '2025-10-01',
      amount: { EUR: '1234.56' },
      state: 'received',
      outstanding: { EUR: '1234.56' },
      daysOverdue: 50,
      late: true,
      interest: { EUR: '17.17' },
      compensation: { EUR: '40.00' },
    });
    const j103 = r.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === 'J-103');
    expect(j103).toMatchObject({ state: 'approved', daysOverdue: 0, late: false, interest: { EUR: '0.00' }, compensation: null });
    expect(r.body.items.every((i: { supplierId: string }) => i.supplierId === 'LEV001')).toBe(true);
    await get('/api/v1/suppliers/NOPE/invoices').expect(404);
  });

  it('invoices across suppliers: filters, and pages that hold', async () => {
    const overdue = await get(`/api/v1/invoices?overdueOn=${FIXTURE_TODAY}&asOf=${FIXTURE_TODAY}&supplierId=LEV001&limit=1000`).expect(200);
    expect(overdue.body.items.map((i: { invoiceNumber: string }) => i.invoiceNumber).sort()).toEqual(['J-101', 'J-102']);
    const disputed = await get('/api/v1/invoices?status=disputed&limit=1000').expect(200);
    expect(disputed.body.items.map((i: { invoiceNumber: string }) => i.invoiceNumber)).toEqual(['J-102']);
    const due = await get('/api/v1/invoices?dueFrom=2025-11-01&dueTo=2025-11-30&limit=1000').expect(200);
    expect(due.body.items.map((i: { invoiceNumber: string }) => i.invoiceNumber).sort()).toEqual(['DV-7', 'J-070', 'J-102']);
    // Paged five at a time: every invoice once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        body: { items: Array<{ supplierId: string; invoiceNumber: string }>; nextCursor: string | null };
        headers: Record<string, string>;
      } = await get(`/api/v1/invoices?limit=5${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items.map((i: { supplierId: string; invoiceNumber: string }) => `${i.supplierId}/${i.invoiceNumber}`));
      cursor = page.body.nextCursor;
      if (cursor) expect(page.headers.link).toContain('rel="next"');
    } while (cursor);
    expect(seen).toHaveLength(13 + N);
    expect(new Set(seen).size).toBe(seen.length);
    await get('/api/v1/invoices?status=lost').expect(400);
    await get('/api/v1/invoices?cursor=xyz').expect(400);
  });

  it('imports, newest first, paged', async () => {
    const first = await app.http.get('/api/v1/imports?limit=2').set(bearer(app.tokens.finance)).expect(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await app.http
      .get(`/api/v1/imports?limit=100&cursor=${first.body.nextCursor}`)
      .set(bearer(app.tokens.finance))
      .expect(200);
    const all = [...first.body.items, ...rest.body.items].map((i: { id: string }) => i.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(6);
    expect(rest.body.nextCursor).toBeNull();
  });
});
