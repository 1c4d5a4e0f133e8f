/**
 * Import profiles: a confirmed way to read one kind of export, found again by its header set. A
 * profile named by the caller wins; then a saved profile made for exactly these columns; then one of
 * the common ERPs' exports recognised out of the box (import/erp-profiles.ts); else tijdig's own
 * matching of column names.
 */

import { AppError, notFound } from '../errors.ts';
import { headerKey, type ImportKind } from '../import/columns.ts';
import { type ErpProfile, recognisedExport } from '../import/erp-profiles.ts';
import { type ImportProfileDoc, ImportProfileModel } from '../persistence/imports/import-profile.model.ts';

/** What an import reads a file with, and where that came from. */
export interface ChosenProfile {
  name: string;
  source: 'named' | 'saved' | 'erp';
  mapping: Record<string, string>;
  options: ImportProfileDoc['options'];
  negateAmounts: boolean;
}

const fromDoc = (p: ImportProfileDoc, source: 'named' | 'saved'): ChosenProfile => ({
  name: p.name,
  source,
  mapping: p.mapping,
  options: p.options ?? {},
  negateAmounts: !!p.negateAmounts,
});

const fromErp = (p: ErpProfile): ChosenProfile => ({
  name: p.name,
  source: 'erp',
  mapping: p.mapping,
  options: p.options ?? {},
  negateAmounts: !!p.negateAmounts,
});

export async function chooseProfile(kind: ImportKind, header: string[], named?: string): Promise<ChosenProfile | null> {
  if (named) {
    const p = await ImportProfileModel.findOne({ name: named }).lean<ImportProfileDoc>();
    if (p) {
      if (p.kind !== kind) throw new AppError(400, 'bad_request', `profile "${named}" is for ${p.kind}, not ${kind}`);
      return fromDoc(p, 'named');
    }
    const erp = recognisedExport(kind, header, named);
    if (erp) return { ...fromErp(erp), source: 'named' };
    throw new AppError(400, 'bad_request', `profile: there is no import profile named "${named}"`);
  }
  const saved = await ImportProfileModel.findOne({ kind, headerKey: headerKey(header) }).lean<ImportProfileDoc>();
  if (saved) return fromDoc(saved, 'saved');
  const erp = recognisedExport(kind, header);
  return erp ? fromErp(erp) : null;
}

export interface ProfileInput {
  name: string;
  kind: ImportKind;
  headers: string[];
  mapping: Record<string, string>;
  options: ImportProfileDoc['options'];
  negateAmounts?: boolean;
}

/** Saves the profile for this header set, replacing one made for the same columns before. */
export async function saveProfile(p: ProfileInput, by: string): Promise<ImportProfileDoc> {
  const name = p.name.trim();
  if (!name || name.length > 100) throw new AppError(400, 'bad_request', 'name: give the profile a name of at most 100 characters');
  const key = headerKey(p.headers);
  const clash = await ImportProfileModel.findOne({ name, headerKey: { $ne: key } }, { _id: 1 }).lean();
  if (clash) throw new AppError(409, 'name_taken', `name: a profile named "${name}" exists already for other columns`);
  const now = new Date();
  return (await ImportProfileModel.findOneAndUpdate(
    { kind: p.kind, headerKey: key },
    {
      $set: {
        name,
        headers: p.headers,
        mapping: p.mapping,
        options: p.options,
        negateAmounts: !!p.negateAmounts,
        updatedBy: by,
        updatedAt: now,
      },
      $setOnInsert: { createdBy: by, createdAt: now },
    },
    { upsert: true, new: true },
  ).lean<ImportProfileDoc>()) as ImportProfileDoc;
}

export async function listProfiles(): Promise<ImportProfileDoc[]> {
  return ImportProfileModel.find({}).sort({ name: 1 }).lean<ImportProfileDoc[]>();
}

export async function getProfile(id: string): Promise<ImportProfileDoc> {
  const p = /^[0-9a-f]{24}$/.test(id) ? await ImportProfileModel.findById(id).lean<ImportProfileDoc>() : null;
  if (!p) throw notFound(`no import profile ${id}`);
  return p;
}

export async function renameProfile(id: string, name: string, by: string): Promise<void> {
  const p = await getProfile(id);
  await saveProfile({ ...p, name }, by);
}

export async function deleteProfile(id: string): Promise<void> {
  const r = await ImportProfileModel.deleteOne({ _id: (await getProfile(id))._id });
  if (r.deletedCount === 0) throw notFound(`no import profile ${id}`);
}
