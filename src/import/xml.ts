/**
 * Streaming XML for the files tijdig reads (workbook parts, bank statements). saxes reads no DTDs
 * and resolves no entities but XML's five, so a hostile file cannot make it fetch or expand anything
 * (an external entity or a billion laughs is an "undefined entity" error). Element names are given
 * without their namespace prefix: Strict OOXML and some generators write `<x:row>` where others write
 * `<row>`. Attributes keep their names: SpreadsheetML's own are unprefixed in either case.
 */
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
  /** A document type declaration (its text): a reader that wants none throws here. */
  doctype?(text: string): void;
}

const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

function parser(h: XmlHandlers): SaxesParser {
  const p = new SaxesParser({ position: true });
  p.on('opentag', (tag) => h.open?.(local(tag.name), tag.attributes as Record<string, string>));
  p.on('closetag', (tag) => h.close?.(local(tag.name)));
  p.on('text', (t) => h.text?.(t));
  p.on('cdata', (t) => h.text?.(t));
  p.on('doctype', (t) => h.doctype?.(t));
  return p;
}

/**
 * Parses a part, calling the handlers as it goes; between chunks of input it yields, so that a
 * caller collecting results (worksheet rows) can pass them on before the next chunk is read.
 */
export async function* parseXml(input: Readable, h: XmlHandlers): AsyncGenerator<void> {
  const p = parser(h);
  input.setEncoding('utf8');
  for await (const chunk of input) {
    p.write(chunk as string);
    yield;
  }
  p.close();
}

/** Parses a whole (small) part. */
export async function readXml(input: Readable, h: XmlHandlers): Promise<void> {
  for await (const _ of parseXml(input, h));
}
