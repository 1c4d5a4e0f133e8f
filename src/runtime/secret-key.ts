/**
 * The key that signs CSRF tokens. Configured (SECRET_KEY) wherever several processes must agree;
 * for the zero-setup default it is generated once and kept in the data directory, readable by its
 * owner only, so a restart does not invalidate the forms people have open.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env.ts';

export function secretKey(config: Config): string {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  const file = path.join(config.dataDir, 'secret-key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const key = randomBytes(32).toString('hex');
    // 'wx': two processes starting at once must not overwrite each other's key.
    try {
      fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
