/** Supplier-file counts come from what is stored, so a batch written twice (a resumed import) counts once. */
import { describe, expect, it } from 'vitest';
import { SupplierModel } from '../../src/persistence/suppliers/supplier.model.ts';
import { ensureSuppliers, upsertSuppliers } from '../../src/persistence/suppliers/supplier.repository.ts';
import { useApp } from '../support/app.ts';

describe('supplier import counts', () => {
  useApp();

  it('counts a batch written twice by one import the same both times, in the right class', async () => {
    await ensureSuppliers(['CNT-P']);
    const rows = [
      { supplierId: 'CNT-P', set: { supplierId: 'CNT-P', name: 'Placeholder BV', employees: 12 }, unset: [] },
      { supplierId: 'CNT-1', set: { supplierId: 'CNT-1', name: 'Eerste BV', country: 'NL' }, unset: [] },
      { supplierId: 'CNT-2', set: { supplierId: 'CNT-2', name: 'Tweede BV', paymentTermsDays: 30 }, unset: [] },
    ];
    const first = await upsertSuppliers(rows, 'imp-a');
    expect(first).toEqual({ inserted: 2, updated: 1, unchanged: 0 });
    // The worker died after writing the batch and before recording it: the retry writes it again.
    expect(await upsertSuppliers(rows, 'imp-a')).toEqual(first);
    expect(await SupplierModel.findOne({ supplierId: 'CNT-P' }).lean()).toMatchObject({ name: 'Placeholder BV', employees: 12 });
    expect((await SupplierModel.findOne({ supplierId: 'CNT-P' }).lean())?.masterDataMissing).toBeUndefined();

    // Another import of the same rows changes nothing; one changed row is the only update.
    expect(await upsertSuppliers(rows, 'imp-b')).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    const changed = rows.map((r) => (r.supplierId === 'CNT-1' ? { ...r, set: { ...r.set, name: 'Eerste BV (nieuw)' } } : r));
    expect(await upsertSuppliers(changed, 'imp-c')).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    expect(await upsertSuppliers(changed, 'imp-c')).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    // A field the file no longer fills is removed, and that is a change.
    const cleared = [{ supplierId: 'CNT-2', set: { supplierId: 'CNT-2', name: 'Tweede BV' }, unset: ['paymentTermsDays'] }];
    expect(await upsertSuppliers(cleared, 'imp-d')).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect((await SupplierModel.findOne({ supplierId: 'CNT-2' }).lean())?.paymentTermsDays).toBeUndefined();
  });
});
