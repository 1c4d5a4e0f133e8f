/** The overview's trend: past days' totals are kept, and dropped when that day is recomputed. */
import { describe, expect, it } from 'vitest';
import { shippedTable } from '../../src/domain/rates/rate-table.ts';
import { supplierHealth } from '../../src/domain/supplier-health.ts';
import { DayTotalsModel } from '../../src/persistence/snapshots/snapshot.model.ts';
import { dailyTotals, saveSnapshots } from '../../src/persistence/snapshots/snapshot.repository.ts';
import { inv } from '../domain/fixtures.ts';
import { useApp } from '../support/app.ts';

const ctx = (asOf: string) => ({
  asOf,
  baseCurrency: 'EUR',
  regime: 'NL' as const,
  rates: shippedTable('EU'),
  org: { isLarge: true, defaultPaymentTermsDays: 30 },
});
const health = (asOf: string, amount: number) =>
  supplierHealth({ supplierId: 'S1', name: 'S', employees: 3 }, [inv({ dueDate: '2025-01-01', amount })], ctx(asOf));

describe('day totals for the trend', () => {
  useApp({ workers: false });

  it('sums a day once, keeps it (or that it had none), and recomputes it after that day’s snapshots are saved', async () => {
    await saveSnapshots([health('2025-03-01', 100_00), health('2025-03-02', 200_00)]);
    const first = await dailyTotals('2025-02-28', '2025-03-03');
    expect(first.map((d) => [d.asOf, d.overdue.EUR])).toEqual([
      ['2025-03-01', 100_00],
      ['2025-03-02', 200_00],
    ]);
    // The two days with snapshots are kept with their totals, the two without as having none.
    expect(await DayTotalsModel.countDocuments({ none: { $exists: false } })).toBe(2);
    expect((await DayTotalsModel.find({ none: true }).lean()).map((d) => d._id).sort()).toEqual(['2025-02-28', '2025-03-03']);
    await saveSnapshots([health('2025-03-02', 500_00), health('2025-03-03', 700_00)]);
    expect(await DayTotalsModel.exists({ _id: '2025-03-02' })).toBeNull();
    expect(await DayTotalsModel.exists({ _id: '2025-03-03' })).toBeNull();
    expect(await DayTotalsModel.exists({ _id: '2025-03-01' })).not.toBeNull();
    const second = await dailyTotals('2025-02-28', '2025-03-03');
    expect(second.map((d) => d.overdue.EUR)).toEqual([100_00, 500_00, 700_00]);
  });
});
