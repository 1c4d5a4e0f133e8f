/**
 * Which natural keys occur on more than one line of a file, for files of millions of rows in little
 * memory: a Map of a million key strings cost the importer over 100 MB. Keys are remembered as
 * 64-bit hashes in typed arrays (12 bytes a slot, no garbage); rows whose hash was seen before are
 * candidates, and only candidates are compared by their real keys, in a second look at those lines.
 */
export class KeyHashes {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  /** The first line with this hash; 0 marks an empty slot. */
  private line = new Int32Array(1 << 16);
  private count = 0;
  /** Hash → every line with it, for hashes seen more than once. */
  readonly repeated = new Map<string, number[]>();

  add(key: string, line: number): void {
    hash(key);
    const h1 = H1;
    const h2 = H2;
    const mask = this.line.length - 1;
    let i = h1 & mask;
    while (this.line[i] !== 0) {
      if (this.hi[i] === h1 && this.lo[i] === h2) {
        const id = `${h1}:${h2}`;
        const lines = this.repeated.get(id);
        if (lines) lines.push(line);
        else this.repeated.set(id, [this.line[i], line]);
        return;
      }
      i = (i + 1) & mask;
    }
    this.hi[i] = h1;
    this.lo[i] = h2;
    this.line[i] = line;
    if (++this.count * 2 > this.line.length) this.grow();
  }

  /** The lines of rows that may share their key with another row. */
  candidateLines(): Set<number> {
    const out = new Set<number>();
    for (const lines of this.repeated.values()) for (const l of lines) out.add(l);
    return out;
  }

  private grow(): void {
    const { hi, lo, line } = this;
    const size = line.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.line = new Int32Array(size);
    const mask = size - 1;
    for (let j = 0; j < line.length; j++) {
      if (line[j] === 0) continue;
      let i = hi[j] & mask;
      while (this.line[i] !== 0) i = (i + 1) & mask;
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
      this.line[i] = line[j];
    }
  }
}

/** Groups candidate rows by their real key: key → lines, for keys on more than one line. */
export function repeatedKeys(rows: Iterable<{ key: string; line: number }>): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const { key, line } of rows) {
    const lines = byKey.get(key);
    if (lines) lines.push(line);
    else byKey.set(key, [line]);
  }
  for (const [key, lines] of byKey) if (lines.length < 2) byKey.delete(key);
  return byKey;
}

// The two halves of the last hash: module variables rather than a pair allocated per row.
let H1 = 0;
let H2 = 0;

/** Two independent 32-bit multiplicative hashes of the UTF-16 code units (cyrb53's mixing). */
function hash(s: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  H1 = h1 >>> 0;
  H2 = h2 >>> 0;
}
