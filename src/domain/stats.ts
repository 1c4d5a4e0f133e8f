/** Small statistics helpers with the exact conventions DOMAIN.md fixes. */

export function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** The middle value; for an even count, the mean of the two middle values. */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile: the ⌈p·n⌉-th smallest value. */
export function nearestRank(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  // p·n computed in integer percent to avoid 0.95 * 20 = 19.000000000000004.
  const rank = Math.ceil((Math.round(p * 100) * s.length) / 100);
  return s[Math.max(1, rank) - 1];
}

/** A share 0..1 rounded to 4 decimals, or null when there is nothing to share. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
