// The MessagePack subset used by the local-meta header (SPEC §8.3): one map of strings.
// Encoding uses the smallest string and map forms, as Go's msgpack encoders do. Decoding also
// accepts binary strings and scalar values (rendered as text) so files written by other
// encoders still open; nested maps and arrays are refused.

/** Encodes string pairs; keys are sorted so equal metadata gives equal bytes. */
export function encodeStringMap(entries: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  const keys = Object.keys(entries).sort();

  parts.push(lengthPrefix(keys.length, 0x80, 16, 0xde, 0xdf));
  for (const key of keys) {
    parts.push(...encodeString(key), ...encodeString(entries[key] ?? ''));
  }

  return concat(parts);
}

/** Decodes a map of strings; throws on anything that is not exactly one such map. */
export function decodeStringMap(bytes: Uint8Array): Record<string, string> {
  const reader = new Reader(bytes);
  const count = reader.mapLength();
  const result: Record<string, string> = {};

  for (let index = 0; index < count; index++) {
    const key = reader.scalar();
    const value = reader.scalar();
    if (key !== undefined && value !== undefined) result[key] = value;
  }

  if (!reader.isAtEnd()) throw new Error('msgpack: trailing bytes after map');
  return result;
}

function encodeString(text: string): Uint8Array[] {
  const utf8 = new TextEncoder().encode(text);
  const length = utf8.length;

  if (length < 32) return [Uint8Array.of(0xa0 | length), utf8];
  if (length < 0x100) return [Uint8Array.of(0xd9, length), utf8];

  return [lengthPrefix(length, -1, 0, 0xda, 0xdb), utf8];
}

// Fix form when `length < fixLimit`, else the 16-bit or 32-bit form (big-endian, per spec).
function lengthPrefix(
  length: number,
  fixBase: number,
  fixLimit: number,
  code16: number,
  code32: number,
): Uint8Array {
  if (length < fixLimit) return Uint8Array.of(fixBase | length);

  if (length < 0x10000) return Uint8Array.of(code16, length >> 8, length & 0xff);

  const out = new Uint8Array(5);
  out[0] = code32;
  new DataView(out.buffer).setUint32(1, length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;

  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }

  return out;
}

class Reader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  isAtEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  mapLength(): number {
    const code = this.byte();

    if (code >= 0x80 && code <= 0x8f) return code & 0x0f;
    if (code === 0xde) return this.uint(2);
    if (code === 0xdf) return this.uint(4);

    throw new Error(`msgpack: expected a map, got 0x${code.toString(16)}`);
  }

  /** A string, or a scalar rendered as text; nil gives undefined (the entry is skipped). */
  scalar(): string | undefined {
    const code = this.byte();

    if (code >= 0xa0 && code <= 0xbf) return this.text(code & 0x1f);
    if (code <= 0x7f) return String(code);
    if (code >= 0xe0) return String(code - 0x100);

    switch (code) {
      case 0xc0:
        return undefined;
      case 0xc2:
        return 'false';
      case 0xc3:
        return 'true';
      case 0xd9:
      case 0xc4:
        return this.text(this.uint(1));
      case 0xda:
      case 0xc5:
        return this.text(this.uint(2));
      case 0xdb:
      case 0xc6:
        return this.text(this.uint(4));
      case 0xcc:
      case 0xcd:
      case 0xce:
        return String(this.uint(1 << (code - 0xcc)));
      case 0xcf:
        return this.take(8, (at) => this.view.getBigUint64(at).toString());
      case 0xd0:
        return this.take(1, (at) => String(this.view.getInt8(at)));
      case 0xd1:
        return this.take(2, (at) => String(this.view.getInt16(at)));
      case 0xd2:
        return this.take(4, (at) => String(this.view.getInt32(at)));
      case 0xd3:
        return this.take(8, (at) => this.view.getBigInt64(at).toString());
      case 0xca:
        return this.take(4, (at) => String(this.view.getFloat32(at)));
      case 0xcb:
        return this.take(8, (at) => String(this.view.getFloat64(at)));
      default:
        throw new Error(`msgpack: unsupported value type 0x${code.toString(16)}`);
    }
  }

  private byte(): number {
    return this.take(1, (at) => this.view.getUint8(at));
  }

  private uint(size: number): number {
    return this.take(size, (at) => {
      if (size === 1) return this.view.getUint8(at);
      if (size === 2) return this.view.getUint16(at);
      return this.view.getUint32(at);
    });
  }

  private text(length: number): string {
    const decode = (at: number) => new TextDecoder().decode(this.bytes.subarray(at, at + length));

    return this.take(length, decode);
  }

  private take<T>(size: number, read: (at: number) => T): T {
    if (this.offset + size > this.bytes.length) throw new Error('msgpack: truncated data');

    const value = read(this.offset);
    this.offset += size;
    return value;
  }
}
