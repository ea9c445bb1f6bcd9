/* eslint-disable no-bitwise -- identifier, length and OID octets are bit fields (X.690 8.1.2, 8.1.3, 8.19) */
/**
 * A small DER reader and writer (ITU-T X.690, Distinguished Encoding Rules), for what the handlers read of
 * certificates and CSRs and what they write into CSRs and extensions. It replaces asn1js and the @peculiar
 * schema packages in the handler bundles.
 *
 * Every value is a TLV: identifier octets (tag class, constructed flag, tag number), length octets, contents.
 * The reader checks the framing strictly (no indefinite length, nothing past the end of the input or of the
 * enclosing value, no trailing bytes) and the rules a value needs to be read at all (an OID's last
 * sub-identifier is complete, a BOOLEAN has one octet...). It reads leniently what DER forbids only to make the
 * encoding canonical (a long-form length that could be shorter, a BOOLEAN TRUE other than FF, an INTEGER with
 * a redundant leading octet), as the library it replaces did. The writer writes canonical DER.
 */

/** Tag classes, bits 8-7 of the first identifier octet (X.690 8.1.2.2). */
export const UNIVERSAL = 0;
export const CONTEXT_SPECIFIC = 2;

/** Universal tag numbers (X.680 8.4) that the handlers use. */
export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  NUMERIC_STRING: 18,
  PRINTABLE_STRING: 19,
  TELETEX_STRING: 20,
  VIDEOTEX_STRING: 21,
  IA5_STRING: 22,
  GRAPHIC_STRING: 25,
  VISIBLE_STRING: 26,
  GENERAL_STRING: 27,
  UNIVERSAL_STRING: 28,
  CHARACTER_STRING: 29,
  BMP_STRING: 30,
} as const;

/** One decoded TLV. `contents` and `raw` are views into the input, not copies. */
export interface DerNode {
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** The contents octets. */
  readonly contents: Buffer;
  /** The whole encoding: identifier, length and contents octets. */
  readonly raw: Buffer;
  /** The values inside a constructed encoding, in order; empty for a primitive one. */
  readonly children: readonly DerNode[];
}

/** Malformed DER. */
export class DerError extends Error {
  constructor(message: string) {
    super(`DER: ${message}`);
    this.name = 'DerError';
  }
}

/** Nesting deeper than this is refused rather than risking the stack (certificates nest about 10 deep). */
const MAX_DEPTH = 64;

/** Decodes exactly one DER value that spans all of `der`. */
export function readDer(der: Uint8Array): DerNode {
  const input = Buffer.isBuffer(der) ? der : Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const { node, end } = readNode(input, 0, input.length, 0);
  if (end !== input.length) throw new DerError(`${input.length - end} trailing byte(s) after the value, at offset ${end}`);
  return node;
}

/** `readDer`, or undefined when `der` is not one DER value. */
export function tryReadDer(der: Uint8Array): DerNode | undefined {
  try {
    return readDer(der);
  } catch {
    return undefined;
  }
}

function readNode(input: Buffer, start: number, limit: number, depth: number): { node: DerNode; end: number } {
  if (depth > MAX_DEPTH) throw new DerError(`nested more than ${MAX_DEPTH} deep`);
  let at = start;
  const take = (what: string): number => {
    if (at >= limit) throw new DerError(`truncated: the ${what} at offset ${at} is missing`);
    return input[at++];
  };
  // Identifier octets (8.1.2): class in bits 8-7, constructed in bit 6, tag number in bits 5-1; 31 there means
  // the number follows in base 128, high bit set on every octet but the last (8.1.2.4).
  const first = take('identifier');
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let octet: number;
    do {
      octet = take('tag number');
      tagNumber = tagNumber * 128 + (octet & 0x7f);
      if (tagNumber > 0xffffffff) throw new DerError(`tag number too large at offset ${start}`);
    } while (octet & 0x80);
  }
  // Length octets (8.1.3): below 128 the length itself (short form); otherwise bits 7-1 count the octets of
  // a big-endian length that follow (long form). 0x80 alone is BER's indefinite length, which DER forbids
  // (10.1); 0xFF is reserved (8.1.3.5).
  const lengthAt = at;
  let length = take('length');
  if (length === 0x80) throw new DerError(`indefinite length at offset ${lengthAt}: not allowed in DER`);
  if (length === 0xff) throw new DerError(`reserved length octet 0xFF at offset ${lengthAt}`);
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count > 4) throw new DerError(`a length of ${count} octets at offset ${lengthAt} is too large`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + take('long-form length');
  }
  if (length > limit - at) {
    throw new DerError(`truncated: the value at offset ${start} has ${length} content byte(s), ${limit - at} left`);
  }
  const end = at + length;
  const constructed = (first & 0x20) !== 0;
  const children: DerNode[] = [];
  // The contents of a constructed encoding are complete encodings themselves (8.1.1), ending exactly at its end.
  for (let child = at; constructed && child < end;) {
    const read = readNode(input, child, end, depth + 1);
    children.push(read.node);
    child = read.end;
  }
  const node = { tagClass: first >> 6, constructed, tagNumber, contents: input.subarray(at, end), raw: input.subarray(start, end), children };
  return { node, end };
}

/** Whether `node` is a value of the given class and tag number (universal by default). */
export function isTag(node: DerNode | undefined, tagNumber: number, tagClass = UNIVERSAL): node is DerNode {
  return node !== undefined && node.tagClass === tagClass && node.tagNumber === tagNumber;
}

function primitive(node: DerNode, tagNumber: number, name: string): Buffer {
  if (!isTag(node, tagNumber) || node.constructed) throw new DerError(`expected ${name}, found ${kindOf(node)}`);
  return node.contents;
}

function kindOf(node: DerNode): string {
  const kind = ['universal', 'application', 'context-specific', 'private'][node.tagClass];
  return `a ${node.constructed ? 'constructed' : 'primitive'} ${kind} value of tag ${node.tagNumber}`;
}

/**
 * OBJECT IDENTIFIER (8.19) as dotted text: sub-identifiers in base 128, high bit set on every octet but a
 * sub-identifier's last; the first sub-identifier is 40 * arc1 + arc2, arc1 being 0, 1 or 2 (only 2 may have
 * an arc2 of 40 or more).
 */
export function readOid(node: DerNode): string {
  const contents = primitive(node, TAG.OID, 'an OBJECT IDENTIFIER');
  if (contents.length === 0) throw new DerError('an empty OBJECT IDENTIFIER');
  if (contents[contents.length - 1] & 0x80) throw new DerError('an OBJECT IDENTIFIER ends inside a sub-identifier');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const octet of contents) {
    value = (value << 7n) | BigInt(octet & 0x7f);
    if (octet & 0x80) continue;
    arcs.push(value);
    value = 0n;
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/** INTEGER contents (8.3): big-endian two's complement, at least one octet. */
export function readIntegerBytes(node: DerNode): Buffer {
  const contents = primitive(node, TAG.INTEGER, 'an INTEGER');
  if (contents.length === 0) throw new DerError('an INTEGER without contents');
  return contents;
}

/** An INTEGER as a number; refused when it is beyond Number.MAX_SAFE_INTEGER either way. */
export function readInteger(node: DerNode): number {
  const contents = readIntegerBytes(node);
  let value = BigInt(`0x${contents.toString('hex')}`);
  if (contents[0] & 0x80) value -= 1n << BigInt(contents.length * 8);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DerError(`the INTEGER ${value} is too large for a number`);
  }
  return Number(value);
}

/** BOOLEAN (8.2): one octet, zero for FALSE (DER writes TRUE as FF; any other octet reads as TRUE). */
export function readBoolean(node: DerNode): boolean {
  const contents = primitive(node, TAG.BOOLEAN, 'a BOOLEAN');
  if (contents.length !== 1) throw new DerError(`a BOOLEAN of ${contents.length} octets`);
  return contents[0] !== 0;
}

/** BIT STRING (8.6): an initial octet counts the unused bits (0-7) at the end of the last octet. */
export function readBitString(node: DerNode): { unusedBits: number; bytes: Buffer } {
  const contents = primitive(node, TAG.BIT_STRING, 'a BIT STRING');
  if (contents.length === 0) throw new DerError('a BIT STRING without its initial octet');
  const unusedBits = contents[0];
  if (unusedBits > 7 || (contents.length === 1 && unusedBits !== 0)) throw new DerError(`a BIT STRING with ${unusedBits} unused bits`);
  return { unusedBits, bytes: contents.subarray(1) };
}

/** Whether the named bit `n` of a BIT STRING is set: bit 0 is the first octet's high bit (X.680 22.6); unused bits are not set. */
export function bitIsSet(bits: { unusedBits: number; bytes: Buffer }, n: number): boolean {
  return n < bits.bytes.length * 8 - bits.unusedBits && (bits.bytes[n >> 3] & (0x80 >> (n & 7))) !== 0;
}

/** OCTET STRING (8.7) contents. */
export function readOctetString(node: DerNode): Buffer {
  return primitive(node, TAG.OCTET_STRING, 'an OCTET STRING');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes.toString('latin1'); // not UTF-8: one character an octet, as asn1js did
  }
}

/** BMPString: UCS-2, two octets a character, big-endian. */
function decodeBmp(bytes: Buffer): string {
  if (bytes.length % 2 !== 0) throw new DerError(`a BMPString of ${bytes.length} octets, not a multiple of 2`);
  let text = '';
  for (let i = 0; i < bytes.length; i += 2) text += String.fromCharCode(bytes.readUInt16BE(i));
  return text;
}

/** UniversalString: UCS-4, four octets a character, big-endian. */
function decodeUniversal(bytes: Buffer): string {
  if (bytes.length % 4 !== 0) throw new DerError(`a UniversalString of ${bytes.length} octets, not a multiple of 4`);
  let text = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const code = bytes.readUInt32BE(i);
    if (code > 0x10ffff) throw new DerError(`a UniversalString with the code point ${code}`);
    text += String.fromCodePoint(code);
  }
  return text;
}

/** Character strings by tag: the 8-bit ones (Printable, IA5, Teletex...) read one character an octet, as asn1js did. */
const STRING_DECODERS: Readonly<Record<number, (bytes: Buffer) => string>> = {
  [TAG.UTF8_STRING]: decodeUtf8,
  [TAG.BMP_STRING]: decodeBmp,
  [TAG.UNIVERSAL_STRING]: decodeUniversal,
  ...Object.fromEntries([
    TAG.NUMERIC_STRING, TAG.PRINTABLE_STRING, TAG.TELETEX_STRING, TAG.VIDEOTEX_STRING, TAG.IA5_STRING,
    TAG.GRAPHIC_STRING, TAG.VISIBLE_STRING, TAG.GENERAL_STRING, TAG.CHARACTER_STRING,
  ].map((tag) => [tag, (bytes: Buffer) => bytes.toString('latin1')])),
};

/** The text of a universal character string (a directory string), undefined for any other value. */
export function readText(node: DerNode): string | undefined {
  const decode = STRING_DECODERS[node.tagNumber];
  return node.tagClass === UNIVERSAL && !node.constructed && decode ? decode(node.contents) : undefined;
}

// ---- Writer ----

/** Length octets (8.1.3, 10.1): the short form below 128, else the long form with the fewest octets. */
function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

/** A TLV of a one-octet identifier (tag numbers up to 30) around the concatenated contents. */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

/** The identifier octet of a context-specific tag [n], primitive or constructed. */
export function contextTag(tagNumber: number, constructed: boolean): number {
  if (tagNumber < 0 || tagNumber > 30) throw new RangeError(`context tag [${tagNumber}] needs more than one identifier octet`);
  return 0x80 | (constructed ? 0x20 : 0) | tagNumber;
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(0x30, ...items);
}

/**
 * SET OF: DER orders the elements by their encodings, compared as octet strings with the shorter padded with
 * zero octets at its end (11.6).
 */
export function set(...items: Uint8Array[]): Buffer {
  const padded = (a: Uint8Array, i: number) => (i < a.length ? a[i] : 0);
  const order = (a: Uint8Array, b: Uint8Array) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (padded(a, i) !== padded(b, i)) return padded(a, i) - padded(b, i);
    }
    return 0;
  };
  return tlv(0x31, ...[...items].sort(order));
}

/** OBJECT IDENTIFIER from dotted text (8.19; see readOid). */
export function oid(dotted: string): Buffer {
  if (!/^\d+(\.\d+)+$/.test(dotted)) throw new Error(`'${dotted}' is not an object identifier`);
  const arcs = dotted.split('.').map(BigInt);
  if (arcs[0] > 2n || (arcs[0] < 2n && arcs[1] >= 40n)) throw new Error(`'${dotted}' is not an object identifier: arcs 1 and 2 out of range`);
  const octets: number[] = [];
  for (const arc of [arcs[0] * 40n + arcs[1], ...arcs.slice(2)]) {
    const digits = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) digits.unshift(Number(rest & 0x7fn) | 0x80);
    octets.push(...digits);
  }
  return tlv(0x06, Buffer.from(octets));
}

/**
 * INTEGER (8.3): two's complement in the fewest octets, that is, no leading 00 unless the next octet's high bit
 * is set, no leading FF unless it is clear. Bytes are read as an unsigned big-endian magnitude.
 */
export function integer(value: number | bigint | Uint8Array): Buffer {
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    const magnitude = value.length === 0 ? Buffer.from([0]) : Buffer.from(value.subarray(start));
    return tlv(0x02, magnitude[0] & 0x80 ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
  }
  let v = BigInt(value);
  let size = 1;
  while (v < -(1n << BigInt(size * 8 - 1)) || v >= 1n << BigInt(size * 8 - 1)) size++;
  if (v < 0n) v += 1n << BigInt(size * 8);
  return tlv(0x02, Buffer.from(v.toString(16).padStart(size * 2, '0'), 'hex'));
}

/** BOOLEAN: DER writes TRUE as FF and FALSE as 00 (11.1). */
export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** NULL: no contents (8.8). */
export function nullValue(): Buffer {
  return tlv(0x05);
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(0x04, bytes);
}

/** BIT STRING: the unused-bits octet, then the bits; DER wants the unused bits zero (11.2.1). */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) throw new RangeError(`${unusedBits} unused bits`);
  return tlv(0x03, Buffer.from([unusedBits]), bytes);
}
