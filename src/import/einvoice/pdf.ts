/**
 * The invoice a PDF/A-3 carries (Factur-X, ZUGFeRD): its embedded XML file, taken out by Mozilla's
 * pdf.js (a well-kept reader of hostile PDFs; scripting off, nothing rendered).
 */
import { DocumentError } from './document.ts';

/** The names Factur-X, ZUGFeRD and XRechnung give the embedded invoice, in order of preference. */
const INVOICE_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];

export async function embeddedInvoiceXml(bytes: Buffer): Promise<Buffer> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (e) {
    throw new DocumentError(`not a PDF that can be read: ${(e as Error).message}`);
  }
  try {
    const attachments = ((await doc.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
    const files = Object.values(attachments);
    const byName = (n: string) => files.find((f) => f.filename.toLowerCase() === n);
    const found = INVOICE_NAMES.map(byName).find(Boolean) ?? files.find((f) => /\.xml$/i.test(f.filename));
    if (!found)
      throw new DocumentError(
        files.length
          ? `the PDF carries no invoice XML (its attachments: ${files.map((f) => f.filename).join(', ')})`
          : 'the PDF carries no embedded invoice (a Factur-X or ZUGFeRD PDF has factur-x.xml or zugferd-invoice.xml)',
      );
    return Buffer.from(found.content);
  } finally {
    await doc.destroy();
  }
}
