// The native frame cipher (native/frame_gcm.c: the stream format's AES-256-GCM frames in place,
// on Node's own OpenSSL) and its loader. Must not import the CLI; kms runs without the addon.

import { nativeAddon } from '../deps.js';

/** An opaque key schedule for one stream and one direction. */
export type FrameGcmContext = { readonly __frameGcm: unique symbol };

/**
 * native/frame_gcm.c. Every call works on buf[start, start+len) in place, with the 16-byte tag at
 * buf[start+len]; the async forms run on the libuv pool, and until their promise settles the
 * buffer belongs to them (the caller must not touch it) and the context takes no other call.
 */
export interface FrameGcm {
  create(key: Uint8Array, messageId: Uint8Array, encrypt: boolean): FrameGcmContext;
  seal(ctx: FrameGcmContext, counter: number, final: boolean, buf: Uint8Array, start: number, len: number): true;
  /** Whether the tag verified; on false the buffer holds garbage, never to be written. */
  open(ctx: FrameGcmContext, counter: number, final: boolean, buf: Uint8Array, start: number, len: number): boolean;
  sealAsync(ctx: FrameGcmContext, counter: number, final: boolean, buf: Uint8Array, start: number, len: number): Promise<true>;
  openAsync(ctx: FrameGcmContext, counter: number, final: boolean, buf: Uint8Array, start: number, len: number): Promise<boolean>;
  /** Frees the key schedule now rather than at garbage collection. */
  close(ctx: FrameGcmContext): void;
}

/** The addon, or null where `npm install` could not build it (stream.ts then uses node:crypto). */
export function frameGcm(): FrameGcm | null {
  return nativeAddon<FrameGcm>('frame_gcm');
}
