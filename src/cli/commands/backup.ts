import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import mongoose from 'mongoose';
import { loadConfig } from '../../config/env.ts';
import { AppError } from '../../errors.ts';
import { BackupFileError, restoreBackupFile, writeBackupFile } from '../../runtime/backup-file.ts';
import { print, withContext } from './run-with-context.ts';

export function backupCommand(): Command {
  return new Command('backup')
    .description('write a consistent copy of the embedded database (and the generated secret key) while tijdig runs and takes writes')
    .requiredOption('--out <file>', 'the backup file to write')
    .action((o: { out: string }) =>
      withContext(async (ctx) => {
        const out = path.resolve(o.out);
        // The database writes its files next to where the backup goes, then they are packed into it.
        const parts = fs.mkdtempSync(path.join(path.dirname(out), '.tijdig-backup-'));
        try {
          let r: { files: string[]; counts: Record<string, number>; at: Date };
          try {
            r = (await mongoose.connection.db!.admin().command({ tijdigBackup: 1, into: parts })) as unknown as typeof r;
          } catch (e) {
            if ((e as { codeName?: string }).codeName === 'CommandNotFound')
              throw new AppError(
                400,
                'not_embedded',
                'this is MongoDB, not the embedded server: back it up with mongodump (docs/operations.md#backups)',
              );
            throw new AppError(500, 'backup_failed', `the backup failed: ${(e as Error).message}`);
          }
          const files = r.files.map((f) => ({ name: `db/${f}`, path: path.join(parts, f) }));
          const secret = path.join(ctx.config.dataDir, 'secret-key');
          if (fs.existsSync(secret)) files.push({ name: 'secret-key', path: secret });
          const manifest = await writeBackupFile(out, files, { at: new Date(r.at).toISOString(), counts: r.counts });
          const documents = Object.values(manifest.counts).reduce((s, n) => s + n, 0);
          const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
          print(
            `backup written to ${out}: ${documents.toLocaleString('en')} documents as of ${manifest.at}, ${(bytes / 2 ** 20).toFixed(1)} MiB`,
          );
        } finally {
          fs.rmSync(parts, { recursive: true, force: true });
        }
      }),
    );
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('restore a backup into an empty TIJDIG_DATA_DIR (refused otherwise); start tijdig on it afterwards')
    .argument('<file>', 'a file written by tijdig backup')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.MONGODB_URI)
        throw new AppError(400, 'not_embedded', 'MONGODB_URI is set: restore MongoDB with mongorestore (docs/operations.md#backups)');
      try {
        const m = await restoreBackupFile(path.resolve(file), config.dataDir);
        const documents = Object.values(m.counts).reduce((s, n) => s + n, 0);
        print(`restored into ${config.dataDir}: ${documents.toLocaleString('en')} documents as of ${m.at}`);
      } catch (e) {
        if (e instanceof BackupFileError) throw new AppError(400, 'bad_backup', e.message);
        throw e;
      }
    });
}
