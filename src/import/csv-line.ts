/** One line of the CSV tijdig writes from another format (a worksheet, e-invoices) for its import to read. */
const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export const csvLine = (values: string[]): string => `${values.map(quote).join(',')}\n`;
