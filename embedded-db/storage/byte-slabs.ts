/**
 * Lasting homes for the few bytes a stored value owns (an ObjectId's 12, a Decimal128's 16, a small
 * Binary's).
 *
 * BSON decoding puts them in Node's shared 8 KiB buffer pool, among the bytes of replies and journal
 * records that die at once; one stored id then keeps its whole 8 KiB slab alive. With a stream of
 * inserts that was about 1.5 KiB of pinned memory per document, outside the JS heap: V8 counts it as
 * external memory, and each time that grows 64 MiB past its level at the last full collection, V8
 * starts marking the heap and takes a marking step on the main thread at every later buffer
 * allocation. At a million documents those steps stalled writes for 50–145 ms at a time (seen with
 * --trace-incremental-marking). Here the bytes are packed into slabs that hold nothing else.
 */

const SLAB_BYTES = 64 * 1024;
/** Larger values get an allocation of their own, of exactly their size. */
const MAX_SHARED = 256;

let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let used = 0;

/** A copy of `bytes` in memory that holds only values meant to last. */
export function keepBytes(bytes: Uint8Array): Buffer {
  const n = bytes.byteLength;
  if (n > MAX_SHARED) {
    const own = Buffer.allocUnsafeSlow(n);
    own.set(bytes);
    return own;
  }
  if (used + n > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  out.set(bytes);
  used += n;
  return out;
}
