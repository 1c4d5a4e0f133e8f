/**
 * A folder tijdig imports from by itself (IMPORT_WATCH_DIR), so an access point or an ERP's scheduled
 * export feeds it without a person. Every file put there (CSV, Excel or e-invoices; supplier files in
 * its `suppliers/` folder) is imported once, then moved to `done/` or `failed/` beside a short report.
 *
 * A file is taken once its size and time have stayed the same for one look (it is written whole),
 * by moving it into `processing/`: a rename, so two workers never take one file. One left there by a
 * process that stopped goes back on start; importing it again is harmless (the same file is reported
 * as already imported and changes nothing).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { FileRejected } from '../import/source.ts';
import type { Logger } from '../logger.ts';
import { type ImportDoc, ImportModel } from '../persistence/imports/import.model.ts';
import { audit } from './audit.ts';
import { createImport } from './imports.ts';

export interface WatchedFolderDeps {
  dir: string;
  intervalMs: number;
  limitBytes: number;
  enqueue: (importId: string) => Promise<void>;
  logger: Logger;
}

const FOLDERS = { processing: 'processing', done: 'done', failed: 'failed', suppliers: 'suppliers' };
const FINISHED = new Set(['completed', 'rejected', 'failed', 'duplicate']);
/** Files being written by their sender, by the usual conventions, and tijdig's own reports. */
const IGNORED = /^\.|\.(part|tmp|crdownload|report\.txt)$/i;

export interface WatchedFolder {
  /** Looks once (the loop does this every interval); resolves when the files found are done. */
  scan: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function watchFolder(deps: WatchedFolderDeps): Promise<WatchedFolder> {
  const { dir } = deps;
  for (const f of Object.values(FOLDERS)) await fs.mkdir(path.join(dir, f), { recursive: true });
  await fs.mkdir(path.join(dir, FOLDERS.processing, FOLDERS.suppliers), { recursive: true });
  await putBack(dir);
  /** What each candidate looked like at the last look: taken when unchanged. */
  const seen = new Map<string, string>();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function scan(): Promise<void> {
    const found: Array<{ file: string; kind: 'invoices' | 'suppliers' }> = [];
    // Suppliers first: an invoice's supplier, arriving with it, is then known.
    for (const [sub, kind] of [
      [FOLDERS.suppliers, 'suppliers'],
      ['', 'invoices'],
    ] as const)
      for (const e of await fs.readdir(path.join(dir, sub), { withFileTypes: true }))
        if (e.isFile() && !IGNORED.test(e.name)) found.push({ file: path.join(dir, sub, e.name), kind });
    const current = new Set(found.map((f) => f.file));
    for (const k of seen.keys()) if (!current.has(k)) seen.delete(k);
    for (const { file, kind } of found) {
      if (stopped) return;
      const st = await fs.stat(file).catch(() => null);
      if (!st) continue;
      const look = `${st.size}:${st.mtimeMs}`;
      if (seen.get(file) !== look) {
        seen.set(file, look);
        continue;
      }
      seen.delete(file);
      await take(file, kind);
    }
  }

  async function take(file: string, kind: 'invoices' | 'suppliers'): Promise<void> {
    const name = path.basename(file);
    const held = path.join(dir, FOLDERS.processing, kind === 'suppliers' ? FOLDERS.suppliers : '', name);
    try {
      await fs.rename(file, held);
    } catch {
      return; // Taken by another worker, or gone.
    }
    const lines: string[] = [`file: ${name}`, `kind: ${kind}`, `taken: ${new Date().toISOString()}`];
    let outcome: 'done' | 'failed';
    try {
      const handle = await fs.open(held);
      let imp: ImportDoc;
      let enqueue: boolean;
      try {
        ({ imp, enqueue } = await createImport({
          input: handle.createReadStream(),
          fileName: name,
          kind,
          options: {},
          uploadedBy: 'watched folder',
          limitBytes: deps.limitBytes,
        }));
      } finally {
        await handle.close().catch(() => {});
      }
      if (enqueue) await deps.enqueue(String(imp._id));
      const done = await finished(String(imp._id));
      outcome = done.status === 'completed' || done.status === 'duplicate' ? 'done' : 'failed';
      lines.push(...report(done));
    } catch (e) {
      if (!(e instanceof AppError) && !(e instanceof FileRejected)) {
        // Not the file's fault (the database or Redis away): it goes back, to be taken again.
        deps.logger.warn({ err: (e as Error).message, file: name }, 'watched folder: could not import now; will try again');
        await fs.rename(held, file).catch(() => {});
        return;
      }
      outcome = 'failed';
      lines.push('status: refused', `error: ${e.message}`);
    }
    await audit(
      {
        actor: { kind: 'system', id: '', name: 'watched folder' },
        address: '',
        action: `watched folder: ${kind} file ${outcome === 'done' ? 'imported' : 'refused'}`,
        target: name,
      },
      deps.logger,
    );
    const target = await freeName(path.join(dir, FOLDERS[outcome]), name);
    await fs.rename(held, target);
    await fs.writeFile(`${target}.report.txt`, `${lines.join('\n')}\n`);
    deps.logger.info({ file: name, outcome }, 'watched folder: file imported');
  }

  async function finished(id: string): Promise<ImportDoc> {
    for (;;) {
      const imp = await ImportModel.findById(id).lean<ImportDoc>();
      if (!imp) throw new Error(`import ${id} disappeared`);
      if (FINISHED.has(imp.status)) return imp;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const loop = setInterval(() => {
    running = running.then(scan).catch((err) => deps.logger.warn({ err: (err as Error).message }, 'watched folder: scan failed'));
  }, deps.intervalMs);
  deps.logger.info({ dir }, 'watching a folder for files to import');
  return {
    scan: () => {
      running = running.then(scan);
      return running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(loop);
      await running.catch(() => {});
    },
  };
}

function report(imp: ImportDoc): string[] {
  const c = imp.counts;
  return [
    `import: ${String(imp._id)}`,
    `status: ${imp.status}`,
    `inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}`,
    ...(imp.error ? [`error: ${imp.error}`] : []),
    ...(imp.detected?.notes ?? []).map((n) => `note: ${n}`),
    ...imp.firstErrors.map((e) => `line ${e.line}, ${e.column} "${e.value}": ${e.reason}`),
  ];
}

/** `name` in `folder`, or `name-2`, `name-3` … when a file of that name is there already. */
async function freeName(folder: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${base}-${n}${ext}`);
    try {
      await fs.access(candidate);
    } catch {
      return candidate;
    }
  }
}

/** Files left in processing/ by a process that stopped go back to be taken again. */
async function putBack(dir: string): Promise<void> {
  for (const sub of ['', FOLDERS.suppliers])
    for (const e of await fs.readdir(path.join(dir, FOLDERS.processing, sub), { withFileTypes: true }))
      if (e.isFile()) await fs.rename(path.join(dir, FOLDERS.processing, sub, e.name), path.join(dir, sub, e.name)).catch(() => {});
}
