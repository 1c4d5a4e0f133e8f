/**
 * Reads an uploaded file as CSV records, streaming: bytes → text (UTF-8 with or without BOM, or
 * Windows-1252) → csv-parse with the delimiter chosen from the header line. Each record comes with the
 * line it starts on and the bytes read so far, for error messages and progress.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';

export class FileRejected extends Error {
  /** A stable code for the API's error body. */
  constructor(
    message: string,
    readonly code: 'empty_file' | 'not_csv' | 'not_xlsx' | 'not_einvoice' | 'no_sheet' | 'no_rows' | 'unreadable' = 'unreadable',
  ) {
    super(message);
  }
}

/** Looks at the first bytes: binary files are refused; the delimiter is chosen from the header line. */
export function sniff(head: Buffer, whole = false): { delimiter: Delimiter; looksUtf8: boolean } {
  if (head.length === 0) throw new FileRejected('the file is empty', 'empty_file');
  if (head.subarray(0, 8192).includes(0)) throw new FileRejected('this is not a CSV file (it contains binary data)', 'not_csv');
  // The head may end inside a multi-byte character: that character is left out of the check.
  const complete = head.subarray(0, completeLength(head));
  const looksUtf8 = isUtf8(complete);
  const text = looksUtf8 ? complete.toString('utf8') : iconv.decode(head, 'windows-1252');
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  const counts = {
    ',': outsideQuotes.split(',').length - 1,
    ';': outsideQuotes.split(';').length - 1,
    '\t': outsideQuotes.split('\t').length - 1,
  } as const;
  const best = (Object.entries(counts) as Array<[Delimiter, number]>).sort((a, b) => b[1] - a[1])[0];
  if (best[1] === 0)
    throw new FileRejected('this is not a CSV file: its first line has no comma, semicolon or tab between column names', 'not_csv');
  // When the head is the whole file, a file of column names alone is refused now, not after a job.
  if (
    whole &&
    !text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .slice(1)
      .some((l) => l.trim() !== '')
  )
    throw new FileRejected('the file has column names but no rows', 'no_rows');
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

/** The file is not valid UTF-8 after all (found while reading it as such). */
export class NotUtf8 extends Error {}

/** Validates UTF-8 chunk by chunk (a chunk may end inside a character) without decoding it. */
function utf8Validator() {
  let carry = Buffer.alloc(0);
  let valid = true;
  return {
    push(chunk: Buffer) {
      if (!valid) return;
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeLength(buf);
      valid = isUtf8(buf.subarray(0, cut));
      carry = Buffer.from(buf.subarray(cut));
    },
    get valid() {
      return valid && carry.length === 0;
    },
  };
}

/** The length of a buffer without a multi-byte character cut off at its end. */
function completeLength(b: Buffer): number {
  let i = b.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (b[i] & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return b.length;
  const lead = b[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return b.length - i < need ? i : b.length;
}

/**
 * Everything an object stream has buffered, as one array per wait: a million rows one promise at a
 * time cost more than parsing them.
 */
async function* drain(stream: Readable): AsyncGenerator<string[][]> {
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  stream.on('readable', signal);
  const end = () => {
    ended = true;
    signal();
  };
  stream.once('end', end);
  stream.once('close', end);
  stream.once('error', (e) => {
    failure = e;
    signal();
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const batch: string[][] = [];
      for (let r = stream.read(); r !== null; r = stream.read()) batch.push(r as string[]);
      if (batch.length) yield batch;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.destroy();
  }
}

/**
 * The records of a CSV stream, in batches. UTF-8 bytes go to csv-parse as they are (it parses bytes, and
 * decoding first only to have it encode again cost a third of the time); Windows-1252 is decoded by
 * iconv-lite first. With `checkUtf8`, the bytes are also validated and NotUtf8 is thrown at the end
 * of an invalid file, so the analysis needs no separate pass to choose the encoding.
 */
export async function* readCsv(
  input: Readable,
  encoding: Encoding,
  delimiter: Delimiter,
  opts: { checkUtf8?: boolean } = {},
): AsyncGenerator<CsvRecord[]> {
  let bytesRead = 0;
  const validator = opts.checkUtf8 ? utf8Validator() : null;
  input.on('data', (chunk: Buffer) => {
    bytesRead += chunk.length;
    validator?.push(chunk);
  });
  const text = encoding === 'utf-8' ? input : input.pipe(iconv.decodeStream('win1252', { stripBOM: true }));
  // relax_quotes: a quote inside an unquoted field (=HYPERLINK("x"), 12" pipe) is kept as text, as
  // spreadsheet exports mean it; an unterminated quoted field still rejects the file, naming the line.
  // Lines are counted here rather than with csv-parse's `info` (which costs a third of the parse):
  // each record spans one line plus the newlines inside its quoted fields; empty lines come through
  // as [''] and are skipped here so they still count.
  const parser = text.pipe(parse({ delimiter, relax_column_count: true, relax_quotes: true, bom: true }));
  // pipe() does not pass on a failure to read the file; the reader must see it, not wait forever.
  for (const s of new Set([input, text])) s.once('error', (e) => parser.destroy(e));
  let line = 1;
  try {
    for await (const records of drain(parser)) {
      const batch: CsvRecord[] = [];
      for (const fields of records) {
        const at = line;
        line++;
        for (const f of fields) if (f.includes('\n')) line += f.split('\n').length - 1;
        if (fields.length === 1 && fields[0] === '') continue;
        batch.push({ fields, line: at, bytesRead });
      }
      if (batch.length) yield batch;
    }
  } catch (e) {
    if (validator && !validator.valid) throw new NotUtf8('the file is not valid UTF-8');
    const err = e as Error & { code?: string; lines?: number };
    if (err.code?.startsWith('CSV_') || err.code?.startsWith('INVALID_'))
      throw new FileRejected(`malformed CSV near line ${err.lines ?? '?'}: ${err.message}`);
    throw e;
  }
  if (validator && !validator.valid) throw new NotUtf8('the file is not valid UTF-8');
}

/** The header line of a file's head, as fields. */
export async function headerOf(head: Buffer, encoding: Encoding, delimiter: Delimiter): Promise<string[]> {
  for await (const batch of readCsv(Readable.from([head]), encoding, delimiter)) return batch[0].fields.map((h) => h.trim());
  throw new FileRejected('the file has no header line');
}
