// clock.ts: KMS_NOW / KMS_CLOCK_OFFSET and the now / clock_offset settings, and clockOverride for `kms serve`.
import { describe, expect, it } from 'vitest';
import { clockOverride, lazyOverriddenClock, parseOffset, readClockOverride } from '../../src/cli/clock.js';
import { LocalError } from '../../src/errors.js';

const base = { now: () => new Date('2026-05-01T00:00:00Z') };

describe('clock override', () => {
  it('parses signed offsets of s, m, h, d, w', () => {
    expect(parseOffset('+30d')).toBe(30 * 86_400_000);
    expect(parseOffset('-2h')).toBe(-7_200_000);
    expect(parseOffset('1d12h')).toBe(36 * 3_600_000);
    expect(parseOffset('1w')).toBe(7 * 86_400_000);
    expect(parseOffset('8 days')).toBeUndefined();
    expect(parseOffset('+')).toBeUndefined();
  });

  it('env beats settings; KMS_NOW fixes, the offset shifts', () => {
    const env = { KMS_NOW: '2027-01-01T00:00:00Z', KMS_CLOCK_OFFSET: '+1d' };
    const clock = lazyOverriddenClock(base, env, () => ({ now: '2030-01-01T00:00:00Z' }));
    expect(clock.now().toISOString()).toBe('2027-01-02T00:00:00.000Z');
    const fromSettings = lazyOverriddenClock(base, {}, () => ({ clock_offset: '-1d' }));
    expect(fromSettings.now().toISOString()).toBe('2026-04-30T00:00:00.000Z');
    expect(lazyOverriddenClock(base, {}, () => ({})).now()).toEqual(base.now());
  });

  it('clockOverride describes the override for kms serve, or undefined', () => {
    expect(clockOverride({}, {})).toBeUndefined();
    expect(clockOverride({ KMS_CLOCK_OFFSET: '+8d' }, {})).toBe('clock offset +8d (KMS_CLOCK_OFFSET)');
    expect(clockOverride({}, { now: '2027-01-01T00:00:00Z' })).toBe('now fixed at 2027-01-01T00:00:00.000Z (setting now)');
  });

  it('refuses values that are not times or offsets (exit 253)', () => {
    expect(() => readClockOverride({ KMS_NOW: 'tomorrow' }, {})).toThrow(LocalError);
    expect(() => readClockOverride({}, { clock_offset: 'soon' })).toThrow(/the clock_offset setting 'soon' is not an offset/);
  });
});
