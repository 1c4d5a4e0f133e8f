import busboy from 'busboy';
import { type Request, Router } from 'express';
import { badRequest, payloadTooLarge } from '../../errors';
import type { ImportOptions } from '../../import/analyze';
import { UploadTooLarge } from '../../persistence/imports/uploads';
import type { ImportProducer } from '../../queues/import.producer';
import type { RecomputeProducer } from '../../queues/recompute.producer';
import { createImport, errorsCsv, getImport, importJson, importKindSchema, importOptionsSchema, listImports } from '../../services/imports';
import type { OrgSettings } from '../../services/org-settings';
import { requireRole } from '../middleware/auth';

export interface ApiDeps {
  org: OrgSettings;
  recompute: RecomputeProducer;
  imports: ImportProducer;
  uploadLimitBytes: number;
}

const OPTION_FIELDS = ['mapping', 'encoding', 'delimiter', 'decimalMark', 'dateOrder', 'allOrNothing'] as const;

function parseOptions(fields: Record<string, string>): ImportOptions {
  const raw: Record<string, unknown> = {};
  if (fields.options) {
    try {
      Object.assign(raw, JSON.parse(fields.options));
    } catch {
      throw badRequest('field "options" must be a JSON object');
    }
  }
  for (const f of OPTION_FIELDS) {
    const v = fields[f];
    if (v === undefined) continue;
    if (f === 'mapping') {
      try {
        raw.mapping = JSON.parse(v);
      } catch {
        throw badRequest('field "mapping" must be a JSON object of header → field');
      }
    } else if (f === 'allOrNothing') raw.allOrNothing = v === 'true';
    else raw[f] = f === 'delimiter' && v === 'tab' ? '\t' : v;
  }
  const r = importOptionsSchema.safeParse(raw);
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  return r.data;
}

/** Reads a multipart upload: form fields, and the file streamed straight into storage. */
function receive(req: Request, deps: ApiDeps, uploadedBy: string) {
  return new Promise<Awaited<ReturnType<typeof createImport>>>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
      reject(badRequest('expected a multipart/form-data upload with a "file" field'));
      return;
    }
    const fields: Record<string, string> = {};
    let started: Promise<Awaited<ReturnType<typeof createImport>>> | null = null;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || started) {
        stream.resume();
        return;
      }
      const kind = importKindSchema.safeParse(fields.kind);
      if (!kind.success) {
        stream.resume();
        reject(badRequest('field "kind" must come before the file and be "invoices" or "suppliers"'));
        return;
      }
      let options: ImportOptions;
      try {
        options = parseOptions(fields);
      } catch (e) {
        stream.resume();
        reject(e);
        return;
      }
      started = createImport({
        input: stream,
        fileName: info.filename || 'upload.csv',
        kind: kind.data,
        options,
        uploadedBy,
        limitBytes: deps.uploadLimitBytes,
      });
      started.then(resolve, (e) => {
        req.unpipe(bb);
        req.resume();
        reject(e instanceof UploadTooLarge ? payloadTooLarge(e.message) : e);
      });
    });
    bb.on('error', (e) => reject(badRequest(`malformed upload: ${(e as Error).message}`)));
    bb.on('close', () => {
      if (!started) reject(badRequest('no file: send the CSV in a form field named "file"'));
    });
    req.pipe(bb);
  });
}

export function importRoutes(deps: ApiDeps): Router {
  const r = Router();

  r.post('/imports', requireRole('admin', 'finance'), async (req, res) => {
    const declared = Number(req.get('content-length'));
    if (declared > deps.uploadLimitBytes + 64 * 1024)
      throw payloadTooLarge(`the upload is larger than the limit of ${Math.round(deps.uploadLimitBytes / 1024 / 1024)} MB`);
    const { imp, enqueue } = await receive(req, deps, req.principal?.name ?? 'unknown');
    if (enqueue) await deps.imports.enqueue(String(imp._id));
    res
      .status(202)
      .location(`/api/v1/imports/${String(imp._id)}`)
      .json({
        id: String(imp._id),
        status: imp.status,
        ...(imp.duplicateOf ? { duplicateOf: String(imp.duplicateOf), message: imp.error } : {}),
      });
  });

  r.get('/imports', requireRole('admin', 'finance'), async (_req, res) => {
    res.json({ imports: (await listImports()).map(importJson) });
  });

  r.get('/imports/:id', requireRole('admin', 'finance'), async (req, res) => {
    res.json(importJson(await getImport(req.params.id as string)));
  });

  r.get('/imports/:id/errors.csv', requireRole('admin', 'finance'), async (req, res) => {
    res
      .type('text/csv')
      .attachment(`import-${req.params.id}-errors.csv`)
      .send(await errorsCsv(req.params.id as string));
  });

  return r;
}
