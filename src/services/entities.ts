/**
 * The group's legal entities: the default one made from the organisation's settings (every invoice
 * that names none is its), and those an entities file brought. A file may give the default's code to
 * set its name, financial year and the rest.
 */
import { type Entity, type EntityLaw, type Laws, lawOf } from '../domain/entity.ts';
import type { RateTable } from '../domain/rates/rate-table.ts';
import { AppError, notFound } from '../errors.ts';
import { readEntities } from '../import/entities.ts';
import type { EntityRef, RowError } from '../import/rows.ts';
import { FileRejected } from '../import/source.ts';
import { saveEntities, storedEntities } from '../persistence/entities/entity.repository.ts';
import { rateTable } from '../persistence/rates/rate.repository.ts';
import type { OrgSettings } from './org-settings.ts';

export interface EntityDirectory {
  /** The code of the entity of invoices that name none. */
  defaultCode: string;
  /** Every entity, the default first. */
  list: Entity[];
  /** By code, without regard to case. */
  get(code: string): Entity | undefined;
  /** Whether an entities file was imported (else the default entity is the organisation's settings alone). */
  fromFile: boolean;
}

export function defaultEntity(org: OrgSettings): Entity {
  return {
    code: org.entityCode,
    name: org.name ?? org.entityCode,
    country: org.regime === 'UK' ? 'GB' : 'NL',
    regime: org.regime,
    locale: org.locale,
    isLarge: org.profile.isLarge,
    paymentTermsDays: org.profile.defaultPaymentTermsDays,
    financialYearStart: '01-01',
    financialYears: [],
    baseCurrency: org.baseCurrency,
    timezone: org.timezone,
    registrationNumber: null,
    vatNumber: null,
    iban: org.iban ?? null,
    bic: org.bic ?? null,
    statements: {},
  };
}

export async function entityDirectory(org: OrgSettings): Promise<EntityDirectory> {
  const stored = await storedEntities();
  const key = (c: string) => c.toUpperCase();
  const fallback = defaultEntity(org);
  const own = stored.find((e) => key(e.code) === key(fallback.code)) ?? fallback;
  const list = [own, ...stored.filter((e) => e !== own)];
  const byKey = new Map(list.map((e) => [key(e.code), e]));
  return { defaultCode: own.code, list, get: (code) => byKey.get(key(code)), fromFile: stored.length > 0 };
}

/** The entities by upper-case code, for checking an invoice file's entity column. */
export async function entityRefs(org: OrgSettings): Promise<Map<string, EntityRef>> {
  const dir = await entityDirectory(org);
  return new Map(dir.list.map((e) => [e.code.toUpperCase(), { code: e.code, baseCurrency: e.baseCurrency }]));
}

/** An entity by code, or a 404 that lists the codes there are. */
export function entityNamed(dir: EntityDirectory, code: string): Entity {
  const e = dir.get(code);
  if (!e) throw notFound(`no entity ${code} (entities: ${dir.list.map((x) => x.code).join(', ')})`);
  return e;
}

/** What an entity filter needs: the entity's code as stored, and whether it is the default one. */
export interface EntityFilter {
  code: string;
  defaultCode: string;
  entity: Entity;
}

/** An `?entity=` of a request or command, checked (a 404 naming the codes there are). */
export async function entityFilter(org: OrgSettings, code: string | undefined): Promise<EntityFilter | undefined> {
  if (code === undefined) return undefined;
  const dir = await entityDirectory(org);
  const entity = entityNamed(dir, code);
  return { code: entity.code, defaultCode: dir.defaultCode, entity };
}

/** Each entity's law for the figures: regime, rate table, size and standard terms. */
export async function lawsOf(dir: EntityDirectory): Promise<Laws> {
  const tables = new Map<string, RateTable>();
  for (const family of new Set(dir.list.map((e) => (e.regime === 'UK' ? 'UK' : 'EU'))))
    tables.set(family, await rateTable(family as 'UK' | 'EU'));
  const lawFor = (e: Entity): EntityLaw => ({
    code: e.code,
    regime: e.regime,
    rates: tables.get(e.regime === 'UK' ? 'UK' : 'EU') as RateTable,
    profile: { isLarge: e.isLarge, defaultPaymentTermsDays: e.paymentTermsDays },
  });
  const fallback = lawFor(dir.list[0]);
  // Invoices store the code as the file gave it: both spellings find the law.
  const byCode = new Map<string, EntityLaw>();
  for (const e of dir.list) {
    const law = e === dir.list[0] ? fallback : lawFor(e);
    byCode.set(e.code, law);
    byCode.set(e.code.toUpperCase(), law);
  }
  return { fallback, byCode };
}

/**
 * The entities' laws once an entities file was imported, else none: a single organisation's figures
 * are computed from its settings exactly as before entities existed.
 */
export async function groupLaws(org: OrgSettings): Promise<Laws | undefined> {
  const dir = await entityDirectory(org);
  return dir.fromFile ? lawsOf(dir) : undefined;
}

/** The standard payment terms of an invoice's entity (the organisation's without a group). */
export const termsOf = (laws: Laws | undefined, entity: string | null | undefined, org: OrgSettings): number =>
  laws ? lawOf(laws, entity).profile.defaultPaymentTermsDays : org.profile.defaultPaymentTermsDays;

export class EntitiesRejected extends AppError {
  constructor(readonly errors: RowError[]) {
    super(
      400,
      'entities_rejected',
      `the entities file was not imported: ${errors
        .slice(0, 5)
        .map((e) => `line ${e.line}, ${e.column}: ${e.reason}`)
        .join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
      { errors },
    );
  }
}

/** Reads and stores an entities file, all or nothing. */
export async function importEntities(
  file: Buffer,
  org: OrgSettings,
  actor: string,
): Promise<{ entities: Entity[]; added: string[]; changed: string[] }> {
  const defaults = {
    locale: org.locale,
    isLarge: org.profile.isLarge,
    paymentTermsDays: org.profile.defaultPaymentTermsDays,
    baseCurrency: org.baseCurrency,
    timezone: org.timezone,
  };
  const read = await readEntities(file, defaults).catch((e: unknown) => {
    if (e instanceof FileRejected) throw new EntitiesRejected([{ line: 1, column: '', value: '', reason: e.message }]);
    throw e;
  });
  if ('errors' in read) throw new EntitiesRejected(read.errors);
  const saved = await saveEntities(read.entities, actor);
  return { entities: read.entities, ...saved };
}

/** The accounts of the entities that pay from an account of their own (an IBAN in the entities file), by upper-case code. */
export async function entityAccounts(org: OrgSettings): Promise<Map<string, { name: string; iban: string; bic: string | null }>> {
  const dir = await entityDirectory(org);
  const out = new Map<string, { name: string; iban: string; bic: string | null }>();
  // Without an entities file there is only the organisation's own account (ORG_IBAN).
  if (!dir.fromFile) return out;
  for (const e of dir.list) if (e.iban) out.set(e.code.toUpperCase(), { name: e.name, iban: e.iban, bic: e.bic });
  return out;
}
