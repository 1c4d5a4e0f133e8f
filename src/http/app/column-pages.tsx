/**
 * The mapping step of an upload whose columns do not all map, or whose uploader asked to check them
 * (finance, admin), and the import profiles it saves. Nothing is imported until the choices are
 * right: every required field has a column, no column serves two fields, the dates can be read.
 */

import express, { type Request, type Response, Router } from 'express';
import { AppError } from '../../errors.ts';
import { fieldsOf, type ImportKind, mapColumns } from '../../import/columns.ts';
import { ERP_PROFILES } from '../../import/erp-profiles.ts';
import { type Preview, previewUpload } from '../../import/preview.ts';
import type { Delimiter, Encoding } from '../../import/source.ts';
import { SupplierNames } from '../../import/supplier-names.ts';
import { type ImportDoc, ImportModel } from '../../persistence/imports/import.model.ts';
import { openUpload } from '../../persistence/imports/uploads.ts';
import { supplierNames } from '../../persistence/suppliers/supplier.repository.ts';
import { entityRefs } from '../../services/entities.ts';
import { deleteProfile, listProfiles, renameProfile, saveProfile } from '../../services/import-profiles.ts';
import { getImport, queueImport } from '../../services/imports.ts';
import { type ColumnChoices, choiceErrors, columnsView, mappingOf } from '../../web/view-models/columns-view.ts';
import { ColumnsPage } from '../../web/views/app/columns-page.tsx';
import { ProfilesPage } from '../../web/views/app/profiles-page.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The choices from a form (or a query), else the ones the import has now. */
function choicesOf(imp: ImportDoc, source: Record<string, unknown> | null): ColumnChoices {
  const header = imp.header ?? [];
  const kind = imp.kind as ImportKind;
  const opts = imp.options as Record<string, unknown>;
  const columns: Record<string, number | null> = {};
  if (source && Object.keys(source).some((k) => k.startsWith('f-'))) {
    for (const { field } of fieldsOf(kind)) {
      const v = str(source[`f-${field}`]);
      const n = v === '' ? Number.NaN : Number(v);
      columns[field] = Number.isInteger(n) && n >= 0 && n < header.length ? n : null;
    }
  } else {
    const mapped = mapColumns(kind, header, opts.mapping as Record<string, string> | undefined);
    for (const { field } of fieldsOf(kind)) columns[field] = null;
    for (const [index, field] of mapped.fields) columns[field] = index;
  }
  const pick = (k: string, allowed: string[]) => {
    const v = source ? str(source[k]) : String(opts[k] ?? '');
    return allowed.includes(v) ? v : '';
  };
  return {
    columns,
    encoding: pick('encoding', ['utf-8', 'windows-1252']),
    delimiter: pick('delimiter', [';', ',', 'tab', '\t']).replace('\t', 'tab'),
    decimalMark: pick('decimalMark', [',', '.']),
    dateOrder: pick('dateOrder', ['DMY', 'MDY']),
    negate: source ? str(source.negate) === '1' : !!opts.negateAmounts,
    name: source ? str(source.name) : (imp.profile?.name ?? imp.fileName.replace(/\.[^.]+$/, '')),
  };
}

const optionsOf = (c: ColumnChoices, header: string[]) => ({
  mapping: mappingOf(header, c),
  ...(c.encoding ? { encoding: c.encoding as Encoding } : {}),
  ...(c.delimiter ? { delimiter: (c.delimiter === 'tab' ? '\t' : c.delimiter) as Delimiter } : {}),
  ...(c.decimalMark ? { decimalMark: c.decimalMark as ',' | '.' } : {}),
  ...(c.dateOrder ? { dateOrder: c.dateOrder as 'DMY' | 'MDY' } : {}),
  ...(c.negate ? { negateAmounts: true } : {}),
});

export function columnPages(deps: AppDeps): Router {
  const r = Router();
  const managers = signedIn(sendForbidden, 'admin', 'finance');
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

  async function preview(imp: ImportDoc, c: ColumnChoices): Promise<Preview> {
    const opts = optionsOf(c, imp.header ?? []);
    const names = c.columns.supplierName != null && c.columns.supplierId == null ? new SupplierNames(await supplierNames()) : undefined;
    return previewUpload(
      () => openUpload(imp.fileId),
      imp.kind,
      opts,
      deps.importLocale,
      deps.org.baseCurrency,
      10,
      names,
      await entityRefs(deps.org),
    );
  }

  async function page(
    req: Request,
    res: Response,
    imp: ImportDoc,
    c: ColumnChoices,
    status: number,
    naming: boolean,
    extra: FieldError[] = [],
  ) {
    const p = await preview(imp, c);
    const errors = [...extra, ...choiceErrors(req.locale, imp.kind, imp.header ?? [], c, p, naming)];
    sendAppPage(
      res,
      errors.length && status === 200 && naming ? 400 : status,
      <ColumnsPage
        locale={req.locale}
        app={chrome(req, res, deps, 'imports')}
        fileName={imp.fileName}
        action={`/app/imports/${String(imp._id)}/columns`}
        v={columnsView(req.locale, imp.kind, p, c, errors)}
        choices={c}
      />,
    );
  }

  const waiting = async (req: Request, res: Response) => {
    const imp = await getImport(String(req.params.id));
    if (imp.status !== 'mapping') {
      res.redirect(303, `/app/imports/${String(imp._id)}`);
      return null;
    }
    return imp;
  };

  r.get('/app/imports/:id/columns', managers, async (req, res) => {
    const imp = await waiting(req, res);
    if (!imp) return;
    const q = req.query as Record<string, unknown>;
    await page(req, res, imp, choicesOf(imp, Object.keys(q).length ? q : null), 200, false);
  });

  r.post('/app/imports/:id/columns', managers, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const imp = await waiting(req, res);
    if (!imp) return;
    const c = choicesOf(imp, req.body ?? {});
    if (req.body?.go !== 'import') {
      res.locals.audit = false; // A preview changes nothing.
      return page(req, res, imp, c, 200, false);
    }
    const p = await preview(imp, c);
    const errors = choiceErrors(req.locale, imp.kind, imp.header ?? [], c, p, true);
    if (errors.length) return page(req, res, imp, c, 400, true);
    const opts = optionsOf(c, imp.header ?? []);
    try {
      await saveProfile(
        {
          name: c.name,
          kind: imp.kind,
          headers: imp.header ?? [],
          mapping: opts.mapping,
          options: { encoding: opts.encoding, delimiter: opts.delimiter, decimalMark: opts.decimalMark, dateOrder: opts.dateOrder },
          negateAmounts: !!opts.negateAmounts,
        },
        req.user?.email ?? 'unknown',
      );
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      return page(req, res, imp, c, e.status, true, [{ field: 'name', message: e.message.replace(/^name: /, '') }]);
    }
    const queued = await ImportModel.findOneAndUpdate(
      { _id: imp._id, status: 'mapping' },
      { $set: { status: 'queued', options: { ...imp.options, ...opts, profile: c.name }, profile: { name: c.name, source: 'named' } } },
      { new: true },
    ).lean<ImportDoc>();
    if (queued) await queueImport(queued, deps.enqueueImport);
    res.redirect(303, `/app/imports/${String(imp._id)}`);
  });

  const profilesPage = async (req: Request, res: Response, status: number, errors: FieldError[]) => {
    const profiles = await listProfiles();
    const l = req.locale;
    sendAppPage(
      res,
      status,
      <ProfilesPage
        locale={l}
        app={chrome(req, res, deps, 'imports')}
        errors={errors}
        profiles={profiles.map((p) => ({
          id: String(p._id),
          name: p.name,
          kind: p.kind === 'invoices' ? l.t.app.imports.kindInvoices : l.t.app.imports.kindSuppliers,
          mapping: Object.entries(p.mapping)
            .filter(([, f]) => f)
            .map(([h, f]) => `${h} → ${l.t.columns.fields[f] ?? f}`)
            .join('; '),
          changed: `${p.updatedBy ?? p.createdBy}, ${l.instant(p.updatedAt ?? p.createdAt, deps.org.timezone)}`,
        }))}
        erp={ERP_PROFILES.map((p) => p.name)}
      />,
    );
  };

  r.get('/app/imports/profiles', managers, (req, res) => profilesPage(req, res, 200, []));
  r.post('/app/imports/profiles/:id/rename', managers, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    try {
      await renameProfile(String(req.params.id), str(req.body?.name), req.user?.email ?? 'unknown');
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      return profilesPage(req, res, e.status, [{ field: `name-${String(req.params.id)}`, message: e.message.replace(/^name: /, '') }]);
    }
    res.redirect(303, '/app/imports/profiles');
  });
  r.post('/app/imports/profiles/:id/remove', managers, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    await deleteProfile(String(req.params.id));
    res.redirect(303, '/app/imports/profiles');
  });
  return r;
}
