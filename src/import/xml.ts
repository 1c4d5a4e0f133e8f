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

/** An element of a small document read whole: local name, attributes, its own text, children. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/**
 * Reads a small document (an e-invoice) into a tree of elements. A document type declaration is
 * refused: no document tijdig reads as a tree has one, and refusing it refuses every entity trick.
 */
export async function readXmlTree(input: Readable): Promise<XmlElement> {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  await readXml(input, {
    doctype() {
      throw new Error('a document type declaration is not allowed (DTDs and entities are refused)');
    },
    open(name, attributes) {
      const el: XmlElement = { name, attributes, text: '', children: [] };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else root = el;
      stack.push(el);
    },
    text(t) {
      if (stack.length) stack[stack.length - 1].text += t;
    },
    close() {
      const el = stack.pop();
      if (el) el.text = el.text.trim();
    },
  });
  if (!root) throw new Error('the document has no root element');
  return root;
}

/** The first element at a path of local names below `el` (`child(party, 'PartyName', 'Name')`). */
export function child(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let at = el;
  for (const name of path) at = at?.children.find((c) => c.name === name);
  return at;
}

/** Every child of `el` with this local name. */
export const children = (el: XmlElement | undefined, name: string): XmlElement[] => el?.children.filter((c) => c.name === name) ?? [];

/** The text at a path below `el`, or '' when it is not there. */
export const textAt = (el: XmlElement | undefined, ...path: string[]): string => child(el, ...path)?.text ?? '';
