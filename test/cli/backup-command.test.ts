/**
 * `tijdig backup` under a steady write load and `tijdig restore` into a fresh directory: every
 * document acknowledged before the backup began is there, the state is consistent (every invoice's
 * supplier, written before it, is there) and the counts are those of the moment the backup is of.
 * A truncated file, one of another version, one that is not a backup, or a directory that is not
 * empty: refused with what is wrong, and nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../embedded-db/index.ts';
import { checkBackupFile } from '../../src/runtime/backup-file.ts';
import { runCli } from '../support/cli.ts';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `tijdig-${name}-`));

describe('backup and restore of the embedded database', { timeout: 120_000 }, () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  const dataDir = tmp('backup-source');
  const work = tmp('backup-files');
  beforeAll(async () => {
    fs.writeFileSync(path.join(dataDir, 'secret-key'), 'k'.repeat(64));
    server = await startEmbeddedMongo({ port: 0, dataDir: path.join(dataDir, 'db') });
    client = await new MongoClient(server.uri('tijdig')).connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('copies a consistent state while writes go on, and restores it into an empty directory', async () => {
    const db = client.db('tijdig');
    // A steady load: a supplier, then its invoice; each acknowledged write noted with when.
    const acked: Array<{ coll: string; id: string; at: number }> = [];
    let writing = true;
    const load = (async () => {
      for (let i = 0; writing; i++) {
        await db.collection('suppliers').insertOne({ _id: `S${i}` as never, name: `Leverancier ${i}` });
        acked.push({ coll: 'suppliers', id: `S${i}`, at: Date.now() });
        await db.collection('invoices').insertOne({ _id: `I${i}` as never, supplierId: `S${i}`, amount: i });
        acked.push({ coll: 'invoices', id: `I${i}`, at: Date.now() });
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    const file = path.join(work, 'tijdig.backup');
    const began = Date.now();
    const backup = await runCli(['backup', '--out', file], server.uri('tijdig'), { TIJDIG_DATA_DIR: dataDir });
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await load;
    expect(backup, backup.stderr).toMatchObject({ code: 0 });
    expect(backup.stdout).toMatch(/^backup written to .*tijdig\.backup: [\d,]+ documents as of \d{4}-\d{2}-\d{2}T/);
    const manifest = await checkBackupFile(file);
    expect(manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(['db/snapshot.bson', 'secret-key']));
    // Writes went on during and after the backup: the copy is of one moment, not of the end.
    const total = await db.collection('invoices').countDocuments();
    expect(total).toBeGreaterThan(manifest.counts['tijdig.invoices']);

    const target = tmp('restore');
    const restored = await runCli(['restore', file], '', { TIJDIG_DATA_DIR: target, MONGODB_URI: '' });
    expect(restored, restored.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^restored into /) });
    expect(fs.readFileSync(path.join(target, 'secret-key'), 'utf8')).toBe('k'.repeat(64));
    const copy = await startEmbeddedMongo({ port: 0, dataDir: path.join(target, 'db') });
    const c2 = await new MongoClient(copy.uri('tijdig')).connect();
    try {
      const r = c2.db('tijdig');
      const suppliers = new Set(
        (
          await r
            .collection('suppliers')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => String(d._id)),
      );
      const invoices = await r
        .collection('invoices')
        .find({}, { projection: { _id: 1, supplierId: 1 } })
        .toArray();
      // The counts of the moment the backup is of.
      expect({ suppliers: suppliers.size, invoices: invoices.length }).toEqual({
        suppliers: manifest.counts['tijdig.suppliers'],
        invoices: manifest.counts['tijdig.invoices'],
      });
      // Consistent: no invoice without the supplier written before it.
      expect(invoices.filter((i) => !suppliers.has(i.supplierId as string))).toEqual([]);
      // Every write acknowledged before the backup began is in it.
      const ids = new Set([...suppliers, ...invoices.map((i) => String(i._id))]);
      const before = acked.filter((a) => a.at < began);
      expect(before.length).toBeGreaterThan(100);
      expect(before.filter((a) => !ids.has(a.id))).toEqual([]);
    } finally {
      await c2.close();
      await copy.close();
    }

    // Refused, with nothing written: a directory that is not empty, a truncated file, another
    // version, a file that is not a backup.
    const again = await runCli(['restore', file], '', { TIJDIG_DATA_DIR: target, MONGODB_URI: '' });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty: a backup is restored into an empty TIJDIG_DATA_DIR only/);
    const bytes = fs.readFileSync(file);
    const cases: Array<[string, Buffer, RegExp]> = [
      ['truncated', bytes.subarray(0, Math.floor(bytes.length / 2)), /truncated/],
      [
        'version',
        Buffer.concat([Buffer.from('tijdig-backup 9'), bytes.subarray(15)]),
        /a backup of version 9; this tijdig reads version 1 only/,
      ],
      ['other', Buffer.from('Leveranciernummer;Naam\nLEV001;Bakkerij\n'), /not a tijdig backup/],
      ['damaged', Buffer.concat([bytes.subarray(0, bytes.length - 200), Buffer.from('x'), bytes.subarray(bytes.length - 199)]), /damaged/],
    ];
    for (const [name, content, message] of cases) {
      const bad = path.join(work, `${name}.backup`);
      fs.writeFileSync(bad, content);
      const empty = tmp(`restore-${name}`);
      const r = await runCli(['restore', bad], '', { TIJDIG_DATA_DIR: empty, MONGODB_URI: '' });
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(message);
      expect(fs.readdirSync(empty), name).toEqual([]);
    }
  });
});
