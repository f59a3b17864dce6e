// The record codec: JSON, with Uint8Array kept as bytes. Stored values never hold Date.
// Bytes are written as {"$bytes":"<base64>"}; object keys that start with "$" get one more "$",
// so user data (an encryption context key such as "$bytes") can never be mistaken for bytes.

const BYTES = '$bytes';

function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { [BYTES]: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) throw new TypeError('codec: store epoch milliseconds, not Date');
    // fromEntries defines keys rather than assigning them: a "__proto__" key (an encryption
    // context's, a tag's) stays a key
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k.startsWith('$') ? `$${k}` : k, toJson(v)]),
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('codec: non-finite number');
  return value;
}

function fromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === BYTES && typeof entries[0]![1] === 'string') {
      return new Uint8Array(Buffer.from(entries[0]![1], 'base64'));
    }
    return Object.fromEntries(entries.map(([k, v]) => [k.startsWith('$$') ? k.slice(1) : k, fromJson(v)]));
  }
  return value;
}

export function encodeRecord(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(toJson(value)), 'utf8'));
}

export function decodeRecord<T = unknown>(bytes: Uint8Array): T {
  return fromJson(JSON.parse(Buffer.from(bytes).toString('utf8'))) as T;
}
