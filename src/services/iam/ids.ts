// The identifiers and secrets IAM and STS issue, from the call's random source only (never
// Math.random): unique ids (AIDA/AROA/ANPA + 17), access key ids (AKIA/ASIA + 16), secrets, tokens.

import type { RandomSource } from '../../deps.js';

/** IAM ids use the base32 alphabet (AIDAJQABLZS4A3QDU576Q); 256 is a multiple of 32, so no bias. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(random: RandomSource, length: number): string {
  return Array.from(random(length), (b) => BASE32[b % 32]).join('');
}

/** A unique id: AIDA (user), AROA (role) or ANPA (managed policy), then 17 characters. */
export function uniqueId(random: RandomSource, prefix: 'AIDA' | 'AROA' | 'ANPA'): string {
  return prefix + base32(random, 17);
}

/** An access key id: AKIA (a user's key) or ASIA (a session's), then 16 characters. */
export function accessKeyId(random: RandomSource, prefix: 'AKIA' | 'ASIA'): string {
  return prefix + base32(random, 16);
}

/** A secret access key: 40 characters of base64, as AWS's are (30 random bytes). */
export function secretAccessKey(random: RandomSource): string {
  return Buffer.from(random(30)).toString('base64');
}

/** A session token: 240 random bytes in base64 (320 characters); opaque, compared whole. */
export function sessionToken(random: RandomSource): string {
  return Buffer.from(random(240)).toString('base64');
}
