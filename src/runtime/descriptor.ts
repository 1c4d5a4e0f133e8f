/**
 * `tijdig start` records where its MongoDB and Redis are, so CLI commands run beside it use the same
 * ones (an embedded data directory can only be open in one process).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RuntimeDescriptor {
  pid: number;
  mongoUrl: string;
  redisUrl: string;
}

const file = (dataDir: string) => path.join(dataDir, 'runtime.json');

export function writeDescriptor(dataDir: string, d: RuntimeDescriptor): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file(dataDir), JSON.stringify(d));
}

export function removeDescriptor(dataDir: string): void {
  try {
    const d = JSON.parse(fs.readFileSync(file(dataDir), 'utf8')) as RuntimeDescriptor;
    if (d.pid === process.pid) fs.rmSync(file(dataDir));
  } catch {
    // none, or not ours
  }
}

/** The descriptor of a running tijdig, or null when there is none or its process is gone. */
export function readDescriptor(dataDir: string): RuntimeDescriptor | null {
  try {
    const d = JSON.parse(fs.readFileSync(file(dataDir), 'utf8')) as RuntimeDescriptor;
    process.kill(d.pid, 0);
    return d;
  } catch {
    return null;
  }
}
