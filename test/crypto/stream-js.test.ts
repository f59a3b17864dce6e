// The stream suites again with the native frame cipher absent (as where `npm install` could not
// build native/frame_gcm.c): stream.ts falls back to node:crypto and must behave the same.
import { expect, it, vi } from 'vitest';
import { frameCipherMode } from '../../src/crypto/stream.js';

vi.mock('../../src/crypto/frame-gcm.js', () => ({ frameGcm: () => null }));

it('every mode falls back to node:crypto when the addon is absent', () => {
  expect((['auto', 'js', 'sync', 'async'] as const).map((m) => frameCipherMode(m))).toEqual(['js', 'js', 'js', 'js']);
});

await import('./stream.test.js');
await import('./stream-fuzz.test.js');
await import('./stream-armor.test.js');
