/** E-invoice test files: the fixtures, and a PDF carrying an invoice (Factur-X's way). */
import fs from 'node:fs';
import path from 'node:path';
import { bearer, type TestApp, waitForImport } from './app.ts';
import { ROOT } from './spawn.ts';
import { importStatusFixtures } from './status-fixtures.ts';

export const EINVOICES = path.join(ROOT, 'test/fixtures/einvoice');
export const einvoice = (name: string) => fs.readFileSync(path.join(EINVOICES, name));

/**
 * A one-page PDF with a file embedded as PDF/A-3 embeds it (an associated file in the catalog's
 * EmbeddedFiles name tree), written by hand: objects, cross-reference table and trailer.
 */
export function pdfWith(attachments: Array<[string, Buffer | string]>): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  const n = attachments.length;
  // 1 catalog, 2 pages, 3 page, then a filespec and a stream per attachment.
  const specs = attachments.map((_, i) => 4 + 2 * i);
  add(
    `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${attachments.map(([name], i) => `(${name}) ${specs[i]} 0 R`).join(' ')}] >> >> /AF [${specs.map((s) => `${s} 0 R`).join(' ')}] >>`,
  );
  add('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  for (let i = 0; i < n; i++) {
    const [name, data] = attachments[i];
    const bytes = Buffer.from(data);
    add(`<< /Type /Filespec /F (${name}) /UF (${name}) /AFRelationship /Data /EF << /F ${specs[i] + 1} 0 R >> >>`);
    add(
      Buffer.concat([
        Buffer.from(`<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length ${bytes.length} >>\nstream\n`, 'latin1'),
        bytes,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(obj);
    offset += obj.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * The status fixtures' suppliers, with the bakery's VAT number known (its e-invoices find it by that);
 * the supplier file's import record, once done.
 */
export async function importSuppliersWithVat(app: TestApp): Promise<Record<string, unknown>> {
  await importStatusFixtures(app);
  const r = await app.http
    .post('/api/v1/imports')
    .set(bearer(app.tokens.finance))
    .field('kind', 'suppliers')
    .attach('file', Buffer.from('Leveranciernummer;Naam;BTW-nummer\nLEV001;Bakkerij Jansen;NL001234567B01\n'), 'btw.csv')
    .expect(202);
  return waitForImport(app, r.body.id);
}
