/**
 * Sample data: a made-up organisation to look around in before any file of one's own is imported
 * (`tijdig demo`, or the button on an empty overview). Everything it stores is marked, shown as sample
 * data wherever it appears, and removed in one step, leaving any real data as it was.
 */
import { randomBytes } from 'node:crypto';
import { addDays, type CalendarDate } from '../domain/dates.ts';
import { type InvoiceInput, resolveInvoice } from '../domain/invoice.ts';
import { supplierHealth } from '../domain/supplier-health.ts';
import { AppError } from '../errors.ts';
import { AlertModel } from '../persistence/alerts/alert.model.ts';
import { dropMarkDigests } from '../persistence/alerts/condition-batch.model.ts';
import { DeliveryModel } from '../persistence/alerts/delivery.model.ts';
import { bumpDataVersion } from '../persistence/data-version/data-version.ts';
import { FxRateModel } from '../persistence/fx/fx-rate.model.ts';
import { saveEurRates } from '../persistence/fx/fx-rate.repository.ts';
import { InvoiceModel } from '../persistence/invoices/invoice.model.ts';
import { RankingListModel } from '../persistence/ranking-lists/ranking-list.model.ts';
import { rateTable } from '../persistence/rates/rate.repository.ts';
import { type SampleDataDoc, SampleDataModel, sampleDataInfo } from '../persistence/sample-data/sample-data.ts';
import { DayTotalsModel, SnapshotModel } from '../persistence/snapshots/snapshot.model.ts';
import { saveSnapshots } from '../persistence/snapshots/snapshot.repository.ts';
import { StatusLinkModel } from '../persistence/status-links/status-link.model.ts';
import { hashStatusToken } from '../persistence/status-links/status-link.repository.ts';
import { SupplierMessageModel } from '../persistence/supplier-messages/supplier-message.model.ts';
import { SupplierModel } from '../persistence/suppliers/supplier.model.ts';
import { sampleData } from '../sample-data/generate.ts';
import { handOverConditions } from './alerts/hand-over.ts';
import type { OrgSettings } from './org-settings.ts';
import { forgetPublishedPractices } from './published-practices.ts';
import { recomputeSuppliers } from './recompute.ts';

export { sampleDataInfo };

/** The source of the sample's exchange rates: how they are found again to be removed. */
const FX_SOURCE = 'made-up sample rates';
/** Days of past figures, so the overview's trend has something to draw. */
const TREND_DAYS = 30;

/** Where the sample's alert conditions and supplier questions go: the alerts queue, for the worker. */
export interface SampleAlerts {
  evaluate: (batchId: string) => Promise<void>;
  message: (messageId: string) => Promise<void>;
}

export interface LoadOptions {
  org: OrgSettings;
  today: CalendarDate;
  by: string;
  alerts: SampleAlerts;
  /** How many suppliers (about 300 unless a test asks for fewer). */
  suppliers?: number;
}

export async function loadSampleData(o: LoadOptions): Promise<SampleDataDoc> {
  if (await SampleDataModel.exists({ _id: 'sample' })) throw new AppError(409, 'sample_loaded', 'sample data is loaded already');
  const own = await SupplierModel.countDocuments({ sample: { $ne: true } });
  if (own > 0)
    throw new AppError(
      409,
      'has_data',
      `sample data goes into an empty installation; this one has ${own} supplier(s) of its own, which the sample would mix with`,
    );
  const data = sampleData(o.today, o.suppliers);
  // Claimed first: a second click or command finds it taken instead of loading the sample twice.
  const info: SampleDataDoc = {
    _id: 'sample',
    loadedAt: new Date(),
    loadedBy: o.by,
    suppliers: data.suppliers.length,
    invoices: data.invoices.length,
  };
  try {
    await SampleDataModel.create(info);
  } catch (e) {
    if ((e as { code?: number }).code === 11000) throw new AppError(409, 'sample_loaded', 'sample data is loaded already');
    throw e;
  }
  try {
    await SupplierModel.collection.insertMany(data.suppliers.map((s) => ({ ...s, sample: true, createdAt: info.loadedAt })));
    for (let i = 0; i < data.invoices.length; i += 5_000)
      await InvoiceModel.collection.insertMany(
        data.invoices.slice(i, i + 5_000).map((inv) => ({ ...inv, sample: true })),
        { ordered: false },
      );
    await saveEurRates([{ date: o.today, perEur: data.perEur, source: FX_SOURCE }]);
    await pastFigures(data, o);
    const ids = data.suppliers.map((s) => s.supplierId);
    const { conditions = [] } = await recomputeSuppliers(ids, o.today, o.org, { alerts: true });
    await handOverConditions(`sample_${o.today}_${Date.now()}`, o.today, conditions, (id) => o.alerts.evaluate(id));
    for (const id of await sampleMessages(data.messages, o.today)) await o.alerts.message(id);
  } catch (e) {
    // Half a sample is worse than none.
    await removeSampleData();
    throw e;
  }
  forgetPublishedPractices();
  await bumpDataVersion();
  return info;
}

/**
 * The last TREND_DAYS days' figures, as the invoices stood on each day: not yet issued invoices left
 * out, payments made later undone. Computed from the generated invoices in memory, then stored as
 * those days' snapshots, so the overview's trend and a supplier's show the harm building up.
 */
async function pastFigures(data: ReturnType<typeof sampleData>, o: LoadOptions): Promise<void> {
  const rates = await rateTable(o.org.regime === 'UK' ? 'UK' : 'EU');
  const bySupplier = new Map<string, InvoiceInput[]>(data.suppliers.map((s) => [s.supplierId, []]));
  for (const inv of data.invoices) bySupplier.get(inv.supplierId)?.push(inv);
  for (let d = TREND_DAYS; d >= 1; d--) {
    const day = addDays(o.today, -d);
    const ctx = { asOf: day, baseCurrency: o.org.baseCurrency, fx: o.org.fx, regime: o.org.regime, rates, org: o.org.profile };
    await saveSnapshots(
      data.suppliers.map((s) =>
        supplierHealth(
          s,
          (bySupplier.get(s.supplierId) ?? [])
            .filter((inv) => inv.issueDate <= day)
            .map((inv) => resolveInvoice(asItStoodOn(inv, day), s.paymentTermsDays, o.org.profile.defaultPaymentTermsDays)),
          ctx,
        ),
      ),
    );
  }
}

/** An invoice as it stood at the end of `day`: a payment or dispute after it not yet there. */
function asItStoodOn(inv: InvoiceInput, day: CalendarDate): InvoiceInput {
  const x = { ...inv };
  if (x.paidDate && x.paidDate > day) {
    x.paidDate = null;
    x.paidAmount = null;
    if (x.status === 'paid') x.status = 'approved';
  }
  if (x.disputedSince && x.disputedSince > day) {
    x.disputedSince = null;
    x.disputeReason = null;
    x.status = 'received';
  }
  return x;
}

/** The suppliers' questions, each sent through a status link of its own (whose token nobody has). */
async function sampleMessages(messages: ReturnType<typeof sampleData>['messages'], today: CalendarDate): Promise<string[]> {
  const ids: string[] = [];
  for (const m of messages) {
    const sent = new Date(`${addDays(today, -m.daysAgo)}T09:30:00Z`);
    const link = await StatusLinkModel.create({
      supplierId: m.supplierId,
      tokenHash: hashStatusToken(randomBytes(24).toString('base64url')),
      createdAt: new Date(sent.getTime() - 20 * 86_400_000),
      createdBy: 'sample data',
      expiresAt: new Date(sent.getTime() + 160 * 86_400_000),
      lastOpenedAt: sent,
      openCount: 3,
    });
    const doc = await SupplierMessageModel.create({
      supplierId: m.supplierId,
      linkId: link._id,
      kind: m.kind,
      invoiceNumber: m.invoiceNumber,
      invoiceDate: null,
      amount: null,
      currency: null,
      message: m.message,
      createdAt: sent,
      ...(m.handled ? { handledAt: new Date(sent.getTime() + 3_600_000), handledBy: 'sample data' } : {}),
    });
    if (!m.handled) ids.push(String(doc._id));
  }
  return ids;
}

/** Removes everything the sample stored; real data stays as it was. */
export async function removeSampleData(): Promise<{ suppliers: number; invoices: number }> {
  const ids = (await SupplierModel.find({ sample: true }, { _id: 0, supplierId: 1 }).lean()).map((s) => s.supplierId);
  const inIds = { supplierId: { $in: ids } };
  const alertIds = (await AlertModel.find(inIds, { _id: 1 }).lean()).map((a) => a._id);
  const invoices = await InvoiceModel.deleteMany({ sample: true });
  await Promise.all([
    SnapshotModel.deleteMany(inIds),
    AlertModel.deleteMany(inIds),
    DeliveryModel.deleteMany({ alertIds: { $in: alertIds } }),
    dropMarkDigests(ids),
    SupplierMessageModel.deleteMany(inIds),
    StatusLinkModel.deleteMany(inIds),
    FxRateModel.deleteMany({ source: FX_SOURCE }),
    // Caches of whole days: made again from what is left.
    DayTotalsModel.deleteMany({}),
    RankingListModel.deleteMany({}),
  ]);
  const suppliers = await SupplierModel.deleteMany({ sample: true });
  await SampleDataModel.deleteOne({ _id: 'sample' });
  forgetPublishedPractices();
  await bumpDataVersion();
  return { suppliers: suppliers.deletedCount, invoices: invoices.deletedCount };
}
