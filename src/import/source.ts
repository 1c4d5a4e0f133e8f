/**
 * Reads an uploaded file as CSV records, streaming: bytes → text (UTF-8 with or without BOM, or
 * Windows-1252) → csv-parse with the delimiter chosen from the header line. Each record comes with the
 * line it starts on and the bytes read so far, for error messages and progress.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';

export class FileRejected extends Error {}

/** Looks at the first bytes: binary files are refused; the delimiter is chosen from the header line. */
export function sniff(head: Buffer): { delimiter: Delimiter; looksUtf8: boolean } {
  if (head.length === 0) throw new FileRejected('the file is empty');
  if (head.subarray(0, 8192).includes(0)) throw new FileRejected('this is not a CSV file (it contains binary data)');
  let text: string;
  let looksUtf8 = true;
  try {
    // The last bytes may cut a multi-byte character in two.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
  } catch {
    looksUtf8 = false;
    text = iconv.decode(head, 'windows-1252');
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  const counts = {
    ',': outsideQuotes.split(',').length - 1,
    ';': outsideQuotes.split(';').length - 1,
    '\t': outsideQuotes.split('\t').length - 1,
  } as const;
  const best = (Object.entries(counts) as Array<[Delimiter, number]>).sort((a, b) => b[1] - a[1])[0];
  if (best[1] === 0) throw new FileRejected('this is not a CSV file: its first line has no comma, semicolon or tab between column names');
  return { delimiter: best[0], looksUtf8 };
}

/** The first `bytes` of a stream (enough to sniff a file); the stream is closed after. */
export async function readHead(input: Readable, bytes = 65_536): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    chunks.push(c as Buffer);
    size += (c as Buffer).length;
    if (size >= bytes) break;
  }
  input.destroy();
  return Buffer.concat(chunks).subarray(0, bytes);
}

export interface CsvRecord {
  fields: string[];
  line: number;
  bytesRead: number;
}

/** Counts bytes as they pass, for progress against the file size. */
function counting(input: Readable, onBytes: (n: number) => void): Readable {
  input.on('data', (chunk: Buffer) => onBytes(chunk.length));
  return input;
}

export async function* readCsv(input: Readable, encoding: Encoding, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  let bytesRead = 0;
  const text = counting(input, (n) => {
    bytesRead += n;
  }).pipe(iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : 'win1252', { stripBOM: true }));
  // relax_quotes: a quote inside an unquoted field (=HYPERLINK("x"), 12" pipe) is kept as text, as
  // spreadsheet exports mean it; an unterminated quoted field still rejects the file, naming the line.
  // Lines are counted here rather than with csv-parse's `info` (which costs a third of the parse):
  // each record spans one line plus the newlines inside its quoted fields; empty lines come through
  // as [''] and are skipped here so they still count.
  const parser = text.pipe(parse({ delimiter, relax_column_count: true, relax_quotes: true }));
  let line = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const at = line;
      line++;
      for (const f of fields) if (f.includes('\n')) line += f.split('\n').length - 1;
      if (fields.length === 1 && fields[0] === '') continue;
      yield { fields, line: at, bytesRead };
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (err.code?.startsWith('CSV_') || err.code?.startsWith('INVALID_'))
      throw new FileRejected(`malformed CSV near line ${err.lines ?? '?'}: ${err.message}`);
    throw e;
  }
}

/** Whether every byte of a stream is valid UTF-8 (decides the encoding of the whole file). */
export async function isUtf8(input: Readable): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of input) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
