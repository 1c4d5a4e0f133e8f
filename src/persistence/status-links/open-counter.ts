/**
 * Counts status-link openings in memory and writes them in one bulk update a second. A page view
 * then costs no database write; the counts and "last opened" reach the database within a second
 * (and on shutdown).
 */
import type { Types } from 'mongoose';
import { StatusLinkModel } from './status-link.model.ts';

export class OpenCounter {
  private pending = new Map<string, { id: Types.ObjectId; n: number; last: Date }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(intervalMs = 1000) {
    this.timer = setInterval(() => void this.flush().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  opened(id: Types.ObjectId, at = new Date()): void {
    const key = String(id);
    const p = this.pending.get(key);
    if (p) {
      p.n++;
      p.last = at;
    } else this.pending.set(key, { id, n: 1, last: at });
  }

  /** Writes what was counted so far. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      await StatusLinkModel.collection.bulkWrite(
        batch.map((p) => ({
          updateOne: { filter: { _id: p.id }, update: { $inc: { openCount: p.n }, $max: { lastOpenedAt: p.last } } },
        })),
        { ordered: false },
      );
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
