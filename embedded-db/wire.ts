/**
 * The MongoDB wire protocol, as much as a driver needs: OP_MSG for everything, OP_QUERY/OP_REPLY for
 * the legacy first handshake (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/).
 */
import { BSON } from 'bson';
import type { Doc } from './values.ts';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const MAX_MESSAGE_BYTES = 48_000_000;
const FLAG_CHECKSUM = 1;
const FLAG_MORE_TO_COME = 2;

const DESERIALIZE = { promoteValues: false, bsonRegExp: false, validation: { utf8: false } } as const;

/** On a parsed OP_MSG command: the raw bytes of each document of its document sequences. */
export const RAW_SEQUENCES = Symbol('rawSequences');

export const rawDocuments = (cmd: Doc, id: string): Buffer[] | undefined =>
  (cmd as Doc & { [RAW_SEQUENCES]?: Record<string, Buffer[]> })[RAW_SEQUENCES]?.[id];

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface Request {
  header: Header;
  /** The command document, with OP_MSG document sequences merged in as arrays. */
  command: Doc;
  /** OP_MSG's moreToCome: the client wants no reply. */
  noReply: boolean;
  legacy: boolean;
}

export function readHeader(buf: Buffer): Header {
  return { length: buf.readInt32LE(0), requestId: buf.readInt32LE(4), responseTo: buf.readInt32LE(8), opCode: buf.readInt32LE(12) };
}

function cstring(buf: Buffer, off: number): [string, number] {
  const end = buf.indexOf(0, off);
  if (end < 0) throw new Error('unterminated cstring');
  return [buf.toString('utf8', off, end), end + 1];
}

export function parseRequest(msg: Buffer): Request {
  const header = readHeader(msg);
  if (header.opCode === OP_MSG) {
    const flags = msg.readUInt32LE(16);
    const end = flags & FLAG_CHECKSUM ? msg.length - 4 : msg.length;
    let off = 20;
    let command: Doc | null = null;
    const sequences: Array<[string, Doc[]]> = [];
    const rawSequences: Record<string, Buffer[]> = {};
    while (off < end) {
      const kind = msg[off++];
      if (kind === 0) {
        const size = msg.readInt32LE(off);
        command = BSON.deserialize(msg.subarray(off, off + size), DESERIALIZE) as Doc;
        off += size;
      } else if (kind === 1) {
        const size = msg.readInt32LE(off);
        const stop = off + size;
        const [id, start] = cstring(msg, off + 4);
        const docs: Doc[] = [];
        const raws: Buffer[] = [];
        for (let p = start; p < stop; ) {
          const n = msg.readInt32LE(p);
          const raw = msg.subarray(p, p + n);
          docs.push(BSON.deserialize(raw, DESERIALIZE) as Doc);
          raws.push(raw);
          p += n;
        }
        sequences.push([id, docs]);
        rawSequences[id] = raws;
        off = stop;
      } else {
        throw new Error(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!command) throw new Error('OP_MSG without a body section');
    for (const [id, docs] of sequences) command[id] = docs;
    // Not a field of the command: a symbol key, which nothing that reads fields sees.
    (command as Doc & { [RAW_SEQUENCES]?: Record<string, Buffer[]> })[RAW_SEQUENCES] = rawSequences;
    return { header, command, noReply: (flags & FLAG_MORE_TO_COME) !== 0, legacy: false };
  }
  if (header.opCode === OP_QUERY) {
    const [, off] = cstring(msg, 20);
    const qoff = off + 8;
    const size = msg.readInt32LE(qoff);
    let command = BSON.deserialize(msg.subarray(qoff, qoff + size), DESERIALIZE) as Doc;
    // Legacy wrapped form: {$query: {...}, $readPreference: ...}
    if (command.$query && typeof command.$query === 'object') command = command.$query as Doc;
    return { header, command, noReply: false, legacy: true };
  }
  throw new Error(`unsupported opCode ${header.opCode}`);
}

let nextRequestId = 1;

export function encodeReply(req: Request, body: Doc): Buffer {
  const doc = BSON.serialize(body, { ignoreUndefined: true });
  const header = Buffer.alloc(16);
  header.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  header.writeInt32LE(req.header.requestId, 8);
  if (req.legacy) {
    const head = Buffer.alloc(20);
    // responseFlags 8 = AwaitCapable; cursorId 0; startingFrom 0; numberReturned 1
    head.writeInt32LE(8, 0);
    head.writeInt32LE(1, 16);
    header.writeInt32LE(16 + 20 + doc.length, 0);
    header.writeInt32LE(OP_REPLY, 12);
    return Buffer.concat([header, head, doc]);
  }
  const flags = Buffer.from([0, 0, 0, 0, 0]); // flagBits, then section kind 0
  header.writeInt32LE(16 + 5 + doc.length, 0);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, flags, doc]);
}
