/**
 * E-invoices on the same import path as CSV: one document (UBL or CII XML), a zip of many, or a PDF
 * carrying one (Factur-X/ZUGFeRD) becomes CSV with one line per document, in canonical column names,
 * which then goes through the same job, validation, idempotence and error file as any CSV. A document
 * that cannot be read becomes a line that says why (the `documentError` column), so the others of a
 * zip are imported and the error file names it.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { csvLine } from '../csv-line.ts';
import { FileRejected } from '../source.ts';
import { readXmlTree, type XmlElement } from '../xml.ts';
import { RangeReader, type RangeSource } from '../zip.ts';
import { readCii } from './cii.ts';
import { DocumentError, type EInvoice } from './document.ts';
import { embeddedInvoiceXml } from './pdf.ts';
import { readUbl } from './ubl.ts';

export const EINVOICE_COLUMNS = [
  'document',
  'documentError',
  'invoiceNumber',
  'issueDate',
  'dueDate',
  'amount',
  'currency',
  'correctsInvoice',
  'buyerReference',
  'poNumber',
  'paymentReference',
  'supplierName',
  'supplierCountry',
  'supplierVat',
  'supplierRegistration',
  'supplierPeppol',
  'supplierIban',
  'supplierBic',
] as const;

/** Documents larger than this are refused one by one: an e-invoice is kilobytes. */
const MAX_DOCUMENT_BYTES = 20 * 2 ** 20;
/** More documents than this in one zip is not a batch of invoices. */
const MAX_DOCUMENTS = 200_000;

const NAMESPACES: Record<string, (root: XmlElement) => EInvoice> = {
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2': readUbl,
  'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2': readUbl,
  'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100': readCii,
};

/**
 * Whether an upload is e-invoices rather than CSV or Excel: by its name, or an XML or PDF by its
 * first bytes. A zip only by its name: a workbook, and many a binary file, is a zip too.
 */
export function isEInvoiceUpload(fileName: string, head: Buffer): boolean {
  if (/\.(xml|zip|pdf)$/i.test(fileName)) return true;
  const start = head
    .subarray(0, 256)
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart();
  return start.startsWith('<?xml') || start.startsWith('%PDF-');
}

/** One document's XML to an e-invoice; DocumentError names what is wrong. */
export async function readEInvoice(xml: Buffer): Promise<EInvoice> {
  let root: XmlElement;
  try {
    root = await readXmlTree(Readable.from([xml]));
  } catch (e) {
    throw new DocumentError(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const declared = Object.entries(root.attributes)
    .filter(([k]) => k === 'xmlns' || k.startsWith('xmlns:'))
    .map(([, v]) => v);
  const namespace = declared.find((v) => v in NAMESPACES);
  const read = namespace && NAMESPACES[namespace];
  if (!read || !['Invoice', 'CreditNote', 'CrossIndustryInvoice'].includes(root.name))
    throw new DocumentError(
      `not a UBL Invoice or CreditNote, nor a CII CrossIndustryInvoice (the root element is ${root.name}${declared[0] ? ` in ${declared[0]}` : ''})`,
    );
  return read(root);
}

/** A document's line, by column name: the order is EINVOICE_COLUMNS's alone. */
function line(document: string, r: EInvoice | DocumentError): string {
  const cells: Partial<Record<(typeof EINVOICE_COLUMNS)[number], string>> =
    r instanceof DocumentError
      ? { document, documentError: r.message }
      : {
          document,
          invoiceNumber: r.number,
          issueDate: r.issueDate,
          dueDate: r.dueDate,
          amount: r.amount,
          currency: r.currency,
          correctsInvoice: r.corrects,
          buyerReference: r.buyerReference,
          poNumber: r.purchaseOrder,
          paymentReference: r.paymentReference,
          supplierName: r.supplier.name,
          supplierCountry: r.supplier.country,
          supplierVat: r.supplier.vat,
          supplierRegistration: r.supplier.registration,
          supplierPeppol: r.supplier.peppol,
          supplierIban: r.supplier.iban,
          supplierBic: r.supplier.bic,
        };
  return csvLine(EINVOICE_COLUMNS.map((c) => cells[c] ?? ''));
}

async function readAll(input: Readable, limit: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    size += (c as Buffer).length;
    if (size > limit) throw new DocumentError(`${what} is larger than ${Math.round(limit / 2 ** 20)} MB`);
    parts.push(c as Buffer);
  }
  return Buffer.concat(parts);
}

/** A document's XML: the file itself, or the invoice a PDF carries. */
async function xmlOf(bytes: Buffer): Promise<Buffer> {
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? embeddedInvoiceXml(bytes) : bytes;
}

async function documentLine(name: string, bytes: Buffer): Promise<string> {
  try {
    return line(name, await readEInvoice(await xmlOf(bytes)));
  } catch (e) {
    if (e instanceof DocumentError) return line(name, e);
    throw e;
  }
}

export interface EInvoiceOptions {
  /** Everything unpacked from a zip together may not be larger than this. */
  maxUnpackedBytes: number;
}

/** The documents of an upload as CSV text, one line each, streamed. */
export function einvoicesAsCsv(source: RangeSource, size: number, fileName: string, opts: EInvoiceOptions): Readable {
  async function* csv(): AsyncGenerator<string> {
    yield csvLine([...EINVOICE_COLUMNS]);
    const first = await readAll(source(0, Math.min(size, 4)), 4, 'the file');
    if (first.toString('latin1') !== 'PK\x03\x04') {
      if (size > MAX_DOCUMENT_BYTES)
        throw new FileRejected(`${fileName} is larger than ${MAX_DOCUMENT_BYTES / 2 ** 20} MB`, 'not_einvoice');
      yield await documentLine(fileName, await readAll(source(0, size), MAX_DOCUMENT_BYTES, fileName));
      return;
    }
    const reader = new RangeReader(source, size);
    let zip: yauzl.ZipFile | undefined;
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false });
      let unpacked = 0;
      let documents = 0;
      for await (const e of zip.eachEntry()) {
        const name = e.fileName;
        // Folders, and the resource forks macOS adds to the zips it makes.
        if (name.endsWith('/') || name.startsWith('__MACOSX/') || path.posix.basename(name).startsWith('.')) continue;
        if (!/\.(xml|pdf)$/i.test(name)) continue;
        if (++documents > MAX_DOCUMENTS)
          throw new FileRejected(`the zip holds more than ${MAX_DOCUMENTS.toLocaleString('en')} documents`, 'not_einvoice');
        if (e.isEncrypted()) {
          yield line(name, new DocumentError('the document is encrypted in the zip'));
          continue;
        }
        if (e.uncompressedSize > MAX_DOCUMENT_BYTES) {
          yield line(
            name,
            new DocumentError(
              `the document is ${Math.ceil(e.uncompressedSize / 2 ** 20)} MB unpacked, over ${MAX_DOCUMENT_BYTES / 2 ** 20} MB`,
            ),
          );
          continue;
        }
        // Sizes are those the zip declares; yauzl stops a stream that unpacks to more than declared.
        unpacked += e.uncompressedSize;
        if (unpacked > opts.maxUnpackedBytes)
          throw new FileRejected(
            `the zip unpacks to more than ${Math.round(opts.maxUnpackedBytes / 2 ** 20)} MB (a zip bomb, or too many documents for one upload)`,
            'not_einvoice',
          );
        let bytes: Buffer;
        try {
          bytes = await readAll(await zip.openReadStreamPromise(e), MAX_DOCUMENT_BYTES, 'the document');
        } catch (err) {
          if (reader.failures.has(err as Error)) throw err;
          yield line(name, new DocumentError(`cannot be unpacked: ${(err as Error).message}`));
          continue;
        }
        yield await documentLine(name, bytes);
      }
      if (documents === 0) throw new FileRejected('the zip holds no XML or PDF documents', 'not_einvoice');
    } catch (e) {
      if (e instanceof FileRejected || reader.failures.has(e as Error)) throw e;
      throw new FileRejected(`this is not a zip that can be read: ${(e as Error).message}`, 'not_einvoice');
    } finally {
      zip?.close();
    }
  }
  return Readable.from(csv(), { objectMode: false });
}
