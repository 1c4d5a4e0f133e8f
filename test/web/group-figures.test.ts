/**
 * The overview's group figures: kept by the recompute run that follows an import, served from there
 * while the data stay as they were, and computed again once they change.
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { todayIn } from '../../src/domain/dates.ts';
import { dataVersion } from '../../src/persistence/data-version/data-version.ts';
import { dayFiguresOf, groupFigures } from '../../src/services/group-figures.ts';
import { publishedPractices } from '../../src/services/published-practices.ts';
import { harmRanking } from '../../src/services/reports.ts';
import { createUser } from '../../src/services/users.ts';
import { bearer, useApp, waitForImport, waitForRun } from '../support/app.ts';
import { setPasswordFor, signInCookie } from '../support/forms.ts';

const suppliers = ['Leveranciernummer;Naam;Land;Aantal medewerkers', 'A1;Atelier Een;NL;4', 'B2;Bouw Twee;NL;40'].join('\n');
const invoices = (more: string[] = []) =>
  [
    'Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta',
    'A1;A-1;01-06-2026;01-07-2026;1.000,00;EUR',
    'A1;A-2;01-11-2026;01-12-2026;500,00;EUR',
    'B2;B-1;01-10-2026;31-10-2026;2.000,00;EUR',
    ...more,
  ].join('\n');

describe('the overview’s group figures', () => {
  const app = useApp();
  const kept = () => mongoose.connection.db!.collection('groupFigures').findOne({});

  /** Uploads a file and waits for the import, the recompute run it starts and the figures that run keeps. */
  async function importAndRecompute(kind: 'invoices' | 'suppliers', text: string): Promise<void> {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', kind)
      .attach('file', Buffer.from(text), 'f.csv');
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForImport(app, r.body.id)).status).toBe('completed');
    if (kind !== 'invoices') return;
    await waitForRun(app, `run_import_${r.body.id}`);
    await waitForRun(app, `figures_import_${r.body.id}`);
  }

  it('are kept after an import’s recompute run, reused while the data version stands, and computed again after a change', {
    timeout: 120_000,
  }, async () => {
    const today = todayIn('Europe/Amsterdam');
    await importAndRecompute('suppliers', suppliers);
    await importAndRecompute('invoices', invoices());

    // Kept by the job the run queued, tagged with the data version as it stands, and equal to the figures
    // computed from every snapshot and invoice.
    const doc = await kept();
    expect(doc?._id).toBe(`${today}|EUR`);
    expect(doc?.version).toBe(await dataVersion());
    const fresh = dayFiguresOf(await harmRanking(today), today, (await publishedPractices(today, app.org))[0]);
    expect(doc?.figures).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect(fresh.ageing.outstanding).toEqual({ EUR: 3_500_00 });
    expect(fresh.levels.critical + fresh.levels.high + fresh.levels.medium + fresh.levels.low).toBe(2);

    // The overview shows the kept figures: marked ones are what a person sees.
    await mongoose.connection.db!.collection('groupFigures').updateOne({}, { $set: { 'figures.levels.low': 4242 } });
    expect((await groupFigures(today, app.org)).levels.low).toBe(4242);
    await setPasswordFor(app.http, (await createUser('finance@example.org', 'finance', 'test')).setPasswordPath);
    const cookie = await signInCookie(app.http, 'finance@example.org');
    expect((await app.http.get('/app').set('Cookie', cookie).expect(200)).text).toMatch(/4[.,]242/);

    // Another import changes the data version: the figures are the new ones, not the marked ones.
    await importAndRecompute('invoices', invoices(['B2;B-2;01-11-2026;01-12-2026;250,00;EUR']));
    const after = await groupFigures(today, app.org);
    expect(after.levels.low).not.toBe(4242);
    expect(after.ageing.outstanding).toEqual({ EUR: 3_750_00 });
    expect((await app.http.get('/app').set('Cookie', cookie).expect(200)).text).not.toMatch(/4[.,]242/);
  });
});
