// IPv4 and IPv6 addresses and CIDR blocks for IpAddress/NotIpAddress (RFC 4632, RFC 4291 §2.2 text
// forms, §2.5.5.2 IPv4-mapped addresses). Imports nothing.

export interface Cidr {
  family: 4 | 6;
  bits: bigint;
  prefix: number;
}

function v4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let n = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    n = (n << 8n) | BigInt(octet);
  }
  return n;
}

/** RFC 4291 §2.2: eight groups, `::` once for a run of zero groups, an IPv4 tail allowed. */
function v6(text: string): bigint | undefined {
  let s = text.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is not part of the address
  let tail: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    tail = v4(s.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((tail >> 16n) & 0xffffn).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** An address as a one-address block; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function parseIp(text: string): Cidr | undefined {
  const a = v4(text);
  if (a !== undefined) return { family: 4, bits: a, prefix: 32 };
  const b = v6(text);
  if (b === undefined) return undefined;
  if (b >> 32n === 0xffffn) return { family: 4, bits: b & 0xffffffffn, prefix: 32 };
  return { family: 6, bits: b, prefix: 128 };
}

/** `203.0.113.0/24`, `2001:DB8:1234:5678::/64`, or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text.trim() : text.slice(0, slash).trim());
  if (!addr) return undefined;
  if (slash < 0) return addr;
  const len = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(len)) return undefined;
  const prefix = Number(len);
  // an IPv4-mapped IPv6 block keeps its IPv4 part's prefix
  const max = addr.family === 4 ? 32 : 128;
  const p = addr.family === 4 && !/^\d/.test(text) ? prefix - 96 : prefix;
  if (p < 0 || p > max) return undefined;
  return { ...addr, prefix: p };
}

export function inCidr(ip: Cidr, block: Cidr): boolean {
  if (ip.family !== block.family) return false;
  const width = BigInt(ip.family === 4 ? 32 : 128);
  const shift = width - BigInt(block.prefix);
  return ip.bits >> shift === block.bits >> shift;
}
