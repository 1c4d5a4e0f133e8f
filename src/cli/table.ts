/** A plain text table for terminals: columns padded, numbers right-aligned. */
export function textTable(header: string[], rows: unknown[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '—' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const isNum = header.map((_, i) => rows.every((r) => r[i] === null || typeof r[i] === 'number' || /^-?[\d.]+$/.test(String(r[i]))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (isNum[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
