import mongoose, { Schema } from 'mongoose';
import { SIZE_CLASSES, type Supplier } from '../../domain/supplier.ts';

export interface SupplierDoc extends Supplier {
  /** Created from an invoice whose supplier was not in the master data. */
  masterDataMissing?: boolean;
  /** The supplier-file import that inserted it. */
  importId?: string;
  /** The last supplier-file import that changed it (what keeps a resumed import's counts exact). */
  lastImportId?: string;
  /** Made up by `tijdig demo` (sample data): shown as such, removed in one step. */
  sample?: boolean;
  /** The supplier asked not to get remittance advice by e-mail (set in the web app). */
  remittanceOptOut?: boolean;
  /** What identifies it as a company (supplier files, e-invoices): an e-invoice's supplier is found by these. */
  vatNumber?: string;
  registrationNumber?: string;
  /** Peppol participant identifier, scheme:id. */
  peppolId?: string;
  bic?: string;
  /** An IBAN an e-invoice gave whose check digits do not match: shown, never paid to. */
  ibanInvalid?: string;
}

const schema = new Schema<SupplierDoc>(
  {
    supplierId: { type: String, required: true },
    name: { type: String, required: true },
    country: { type: String, match: /^[A-Z]{2}$/ },
    employees: { type: Number, min: 0 },
    annualRevenue: { type: Number, min: 0 },
    revenueCurrency: { type: String, match: /^[A-Z]{3}$/ },
    paymentTermsDays: { type: Number, min: 0 },
    contactEmail: String,
    ownerEmail: String,
    sizeClass: { type: String, enum: SIZE_CLASSES },
    iban: { type: String, match: /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/ },
    masterDataMissing: Boolean,
    importId: String,
    lastImportId: String,
    sample: Boolean,
    remittanceOptOut: Boolean,
    vatNumber: String,
    registrationNumber: String,
    peppolId: String,
    bic: String,
    ibanInvalid: String,
  },
  { timestamps: true, versionKey: false },
);

// Lookups and upserts by the supplier's own id.
schema.index({ supplierId: 1 }, { unique: true });

export const SupplierModel = mongoose.model<SupplierDoc>('Supplier', schema, 'suppliers');
