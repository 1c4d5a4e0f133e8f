import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../errors.ts';
import { type Doc, normalize } from '../values.ts';
import { Collection } from './collection.ts';
import type { IndexSpec } from './index-store.ts';
import {
  FileJournal,
  type FileJournalOptions,
  type Journal,
  type JournalRecord,
  journalPath,
  MemoryJournal,
  readRecords,
  snapshotPath,
  writeSnapshot,
} from './journal.ts';

export interface StorageOptions {
  /** Where data lives; without one everything is in memory. */
  dataDir?: string;
  journal?: Partial<FileJournalOptions>;
}

const NAME = /^[^\0$]+$/;

const lockPath = (dir: string) => path.join(dir, 'LOCK');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One server per data directory: two writers would corrupt the journal. A lock left by a dead process is taken over. */
function lockDataDir(dir: string): void {
  const file = lockPath(dir);
  if (fs.existsSync(file)) {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && alive(pid)) throw new Error(`data directory ${dir} is in use by process ${pid}`);
  }
  fs.writeFileSync(file, String(process.pid));
}

/** All databases and their collections, and the journal that makes them durable. */
export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal: Journal = new MemoryJournal();
  // Collections write through this, so the journal can be swapped in after replay.
  private readonly sink: Journal;

  private constructor(private readonly dataDir?: string) {
    this.sink = new Proxy({} as Journal, { get: (_t, p) => (this.journal as unknown as Record<PropertyKey, unknown>)[p] });
  }

  static open(opts: StorageOptions = {}): Catalog {
    const catalog = new Catalog(opts.dataDir);
    if (!opts.dataDir) return catalog;
    fs.mkdirSync(opts.dataDir, { recursive: true });
    lockDataDir(opts.dataDir);
    for (const r of readRecords(snapshotPath(opts.dataDir))) catalog.apply(r as JournalRecord);
    for (const r of readRecords(journalPath(opts.dataDir))) catalog.apply(r as JournalRecord);
    // Compact at start: the replayed journal becomes the new snapshot.
    const snapshotSize = writeSnapshot(opts.dataDir, catalog.snapshotRecords());
    fs.writeFileSync(journalPath(opts.dataDir), '');
    const journal = new FileJournal(opts.dataDir, {
      fsync: 'interval',
      fsyncIntervalMs: 100,
      snapshotBytes: 512 << 20,
      ...opts.journal,
    });
    journal.snapshotSize = snapshotSize;
    catalog.journal = journal;
    return catalog;
  }

  private apply(r: JournalRecord): void {
    switch (r.o) {
      case 'put': {
        const coll = this.collection(r.d, r.c, true);
        const { value, wrapped } = normalize(r.doc);
        const doc = value as Doc;
        const existing = coll.get(doc._id);
        if (existing) coll.replace(existing, doc, wrapped);
        else coll.insert(doc, wrapped);
        return;
      }
      case 'del': {
        const coll = this.collection(r.d, r.c, false);
        const id = normalize(r.id).value;
        const existing = coll?.get(id);
        if (coll && existing) coll.remove(existing);
        return;
      }
      case 'createColl':
        this.collection(r.d, r.c, true);
        return;
      case 'dropColl':
        this.dropCollection(r.d, r.c);
        return;
      case 'createIndex': {
        const { value } = normalize(r.spec);
        this.collection(r.d, r.c, true).createIndex(value as IndexSpec);
        return;
      }
      case 'dropIndex':
        this.collection(r.d, r.c, false)?.dropIndex(r.name);
        return;
      case 'dropDb':
        this.dropDatabase(r.d);
    }
  }

  private *snapshotRecords(): Generator<JournalRecord> {
    for (const [d, colls] of this.dbs) {
      for (const [c, coll] of colls) {
        yield { o: 'createColl', d, c, opts: coll.options };
        for (const spec of coll.indexSpecs().slice(1)) yield { o: 'createIndex', d, c, spec };
        for (const rec of coll.all()) yield { o: 'put', d, c, doc: rec.doc };
      }
    }
  }

  /** Called after each command: makes its writes durable and compacts when the journal is large. */
  commit(): void {
    this.journal.flush();
    if (this.dataDir && this.journal.wantsSnapshot && this.journal instanceof FileJournal) {
      this.journal.snapshotSize = writeSnapshot(this.dataDir, this.snapshotRecords());
      this.journal.truncate();
    }
  }

  close(): void {
    this.journal.close();
    if (this.dataDir) fs.rmSync(lockPath(this.dataDir), { force: true });
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  collection(db: string, name: string, create: true, options?: Doc): Collection;
  collection(db: string, name: string, create: boolean, options?: Doc): Collection | undefined;
  collection(db: string, name: string, create: boolean, options: Doc = {}): Collection | undefined {
    const existing = this.dbs.get(db)?.get(name);
    if (existing || !create) return existing;
    if (!NAME.test(db) || /[/\\. "]/.test(db)) fail('InvalidNamespace', `Invalid database name: '${db}'`);
    if (!NAME.test(name)) fail('InvalidNamespace', `Invalid collection name: ${name}`);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name, options, this.sink);
    colls.set(name, coll);
    this.journal.createColl(db, name, options);
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    this.journal.dropColl(db, name);
    return true;
  }

  dropDatabase(db: string): void {
    if (this.dbs.delete(db)) this.journal.dropDb(db);
  }
}
