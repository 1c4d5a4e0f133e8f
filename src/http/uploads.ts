/**
 * Receiving an import upload (multipart: `kind`, options, then `file`), for the API and the web app
 * alike: the form fields are checked before the file arrives, and the file streams straight into
 * storage (never whole into memory).
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { badRequest, payloadTooLarge } from '../errors.ts';
import type { ImportOptions } from '../import/analyze.ts';
import { UploadTooLarge } from '../persistence/imports/uploads.ts';
import { createImport, importKindSchema, importOptionsSchema, type NewImport } from '../services/imports.ts';

const OPTION_FIELDS = [
  'mapping',
  'encoding',
  'delimiter',
  'decimalMark',
  'dateOrder',
  'allOrNothing',
  'sheet',
  'profile',
  'negateAmounts',
] as const;

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
    // A web form sends its optional fields empty: empty means "detect".
    if (v === undefined || v === '') continue;
    if (f === 'mapping') {
      try {
        raw.mapping = JSON.parse(v);
      } catch {
        throw badRequest('field "mapping" must be a JSON object of header → field');
      }
    } else if (f === 'allOrNothing' || f === 'negateAmounts') raw[f] = v === 'true';
    else raw[f] = f === 'delimiter' && v === 'tab' ? '\t' : v;
  }
  const r = importOptionsSchema.safeParse(raw);
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  return r.data;
}

/**
 * Reads a multipart upload. `beforeFile` sees the fields that came before the file (a web form's
 * CSRF token) and may refuse by throwing; nothing is stored then.
 */
export function receiveUpload(
  req: Request,
  limitBytes: number,
  uploadedBy: string,
  beforeFile?: (fields: Record<string, string>) => void,
  /** The web app's mapping step, from the form's fields (createImport's `ask`). */
  ask?: (fields: Record<string, string>) => NewImport['ask'],
) {
  const declared = Number(req.get('content-length'));
  if (declared > limitBytes + 64 * 1024)
    return Promise.reject(payloadTooLarge(`the upload is larger than the limit of ${Math.round(limitBytes / 1024 / 1024)} MB`));
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
        beforeFile?.(fields);
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
        limitBytes,
        ask: ask?.(fields),
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

/**
 * Reads a multipart upload of one small file kept whole in memory (a bank statement): its name and
 * bytes. `beforeFile` checks the fields before it (the CSRF token) and may refuse by throwing.
 */
export function receiveFile(
  req: Request,
  limitBytes: number,
  beforeFile?: (fields: Record<string, string>) => void,
): Promise<{ fileName: string; body: Buffer }> {
  const declared = Number(req.get('content-length'));
  const tooLarge = () => payloadTooLarge(`the file is larger than the limit of ${Math.round(limitBytes / 1024 / 1024)} MB`);
  if (declared > limitBytes + 64 * 1024) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fieldSize: 4096, fileSize: limitBytes } });
    } catch {
      reject(badRequest('expected a multipart/form-data upload with a "file" field'));
      return;
    }
    const fields: Record<string, string> = {};
    let got: { fileName: string; body: Buffer } | null = null;
    let failed: unknown = null;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || got || failed) {
        stream.resume();
        return;
      }
      try {
        beforeFile?.(fields);
      } catch (e) {
        failed = e;
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed = tooLarge();
      });
      stream.on('end', () => {
        if (!failed) got = { fileName: info.filename || 'statement.xml', body: Buffer.concat(chunks) };
      });
    });
    bb.on('close', () => {
      if (failed) reject(failed);
      else if (!got || got.body.length === 0) reject(badRequest('field "file": choose a file to upload'));
      else resolve(got);
    });
    bb.on('error', () => reject(badRequest('the upload was cut off or is not multipart/form-data')));
    req.pipe(bb);
  });
}
