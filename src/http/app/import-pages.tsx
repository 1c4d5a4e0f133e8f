/** Uploading a file and following its import: finance and admin. */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { forbidden } from '../../errors.ts';
import type { ImportDoc } from '../../persistence/imports/import.model.ts';
import { errorsCsv, getImport, listImports, queueImport } from '../../services/imports.ts';
import { ImportPage, ImportsPage } from '../../web/views/app/import-pages.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { signedIn } from '../middleware/session.ts';
import { unavailable } from '../unavailable.ts';
import { receiveUpload } from '../uploads.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

const RUNNING = ['queued', 'running'];

export function importPages(deps: AppDeps): Router {
  const r = Router();
  const managers = signedIn(sendForbidden, 'admin', 'finance');

  const list = async (req: Request, res: Response, status: number, errors: FieldError[]) => {
    const l = req.locale;
    const t = l.t.app.imports;
    const history = (await listImports()).map((i) => ({
      href: `/app/imports/${String(i._id)}`,
      file: i.fileName,
      kind: i.kind === 'invoices' ? t.kindInvoices : t.kindSuppliers,
      when: l.instant(i.createdAt, deps.org.timezone),
      by: i.uploadedBy,
      status: t.status[i.status],
      counts: [i.counts.inserted, i.counts.updated, i.counts.unchanged, i.counts.rejected].map((n) => l.number(n)).join(' / '),
    }));
    sendAppPage(res, status, <ImportsPage locale={l} app={chrome(req, res, deps, 'imports')} errors={errors} history={history} />);
  };

  r.get('/app/imports', managers, (req, res) => list(req, res, 200, []));

  r.post('/app/imports', managers, async (req, res) => {
    const t = req.locale.t.app.imports;
    if (!deps.queueUp()) {
      req.resume();
      throw unavailable('redis');
    }
    try {
      const { imp, enqueue } = await receiveUpload(
        req,
        deps.uploadLimitBytes,
        req.user?.email ?? 'unknown',
        (fields) => {
          req.body = fields;
          if (!deps.csrf.valid(req)) throw forbidden('the form had expired');
        },
        // Columns that do not all map are matched by sight; the uploader may ask to check them anyway.
        (fields) => (fields.check === 'true' ? 'always' : 'missing'),
      );
      if (enqueue) await queueImport(imp, deps.enqueueImport);
      res.redirect(303, imp.status === 'mapping' ? `/app/imports/${String(imp._id)}/columns` : `/app/imports/${String(imp._id)}`);
    } catch (e) {
      const err = e as { status?: number; message: string };
      if (err.status === 403) return list(req, res, 403, [{ field: 'file', message: req.locale.t.errors.csrf }]);
      if (err.status && err.status < 500) {
        // Drain what is left of the upload before answering.
        req.resume();
        const message = /no file/.test(err.message) ? t.errFile : err.message;
        return list(req, res, err.status, [{ field: 'file', message }]);
      }
      throw e;
    }
  });

  function progressOf(imp: ImportDoc, req: Request) {
    const l = req.locale;
    const t = l.t.app.imports;
    const p = imp.progress;
    const done = !RUNNING.includes(imp.status);
    const max = p.rowsTotal ?? p.bytesTotal;
    const value = done ? max : p.rowsTotal ? p.rowsRead : p.bytesRead;
    return {
      running: !done,
      status: t.status[imp.status],
      max: Math.max(1, max),
      value: Math.min(value, Math.max(1, max)),
      rows: t.rows(l.number(p.rowsRead), p.rowsTotal === null ? '?' : l.number(p.rowsTotal)),
      bytes: t.bytes(l.number(p.bytesRead), l.number(p.bytesTotal)),
    };
  }

  r.get('/app/imports/:id/progress.json', managers, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(progressOf(await getImport(String(req.params.id)), req));
  });

  r.get('/app/imports/:id/errors.csv', managers, async (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv')
      .attachment(`import-${String(req.params.id)}-errors.csv`)
      .send(await errorsCsv(String(req.params.id)));
  });

  r.get('/app/imports/:id', managers, async (req, res) => {
    const imp = await getImport(String(req.params.id));
    const original = imp.duplicateOf ? await getImport(String(imp.duplicateOf)).catch(() => null) : null;
    const l = req.locale;
    const t = l.t.app.imports;
    const pr = progressOf(imp, req);
    const d = imp.detected;
    sendAppPage(
      res,
      200,
      <ImportPage
        locale={l}
        app={chrome(req, res, deps, 'imports')}
        id={String(imp._id)}
        heading={t.importOf(imp.fileName)}
        status={pr.status}
        running={pr.running}
        message={imp.error ?? null}
        progress={{ value: pr.value, max: pr.max, rows: pr.rows, bytes: pr.bytes }}
        counts={[
          { label: t.inserted, value: l.number(imp.counts.inserted) },
          { label: t.updated, value: l.number(imp.counts.updated) },
          { label: t.unchanged, value: l.number(imp.counts.unchanged) },
          { label: t.rejected, value: l.number(imp.counts.rejected) },
        ]}
        detected={
          d
            ? [d.encoding, `"${d.delimiter === '\t' ? 'tab' : d.delimiter}"`, `${t.decimalMark} "${d.decimalMark}"`, ...d.notes].join('; ')
            : null
        }
        profile={imp.profile ? t.profile(imp.profile.name, imp.profile.source) : null}
        columnsHref={imp.status === 'mapping' ? `/app/imports/${String(imp._id)}/columns` : null}
        errors={imp.firstErrors.map((e) => ({ line: l.number(e.line), column: e.column, value: e.value, reason: t.rowReason(e.reason) }))}
        errorsHref={!pr.running && imp.counts.rejected > 0 ? `/app/imports/${String(imp._id)}/errors.csv` : null}
        duplicateOf={
          original
            ? {
                href: `/app/imports/${String(original._id)}`,
                text: t.duplicateLink(original.fileName, l.instant(original.createdAt, deps.org.timezone), original.uploadedBy),
              }
            : null
        }
      />,
    );
  });
  return r;
}
