/**
 * The files pages load (stylesheet, scripts), served by the app itself: tijdig works offline and
 * its Content-Security-Policy allows nothing from elsewhere. URLs carry a content hash, so a file
 * can be cached for a year and a new version is fetched at once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ASSET_DIR = path.join(import.meta.dirname, 'assets');

const versions = new Map<string, string>();

export function assetUrl(file: string): string {
  let v = versions.get(file);
  if (!v) {
    v = createHash('sha256')
      .update(fs.readFileSync(path.join(ASSET_DIR, file)))
      .digest('hex')
      .slice(0, 10);
    versions.set(file, v);
  }
  return `/assets/${file}?v=${v}`;
}
