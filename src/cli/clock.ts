// Running kms at another time: KMS_NOW / the `now` setting fix "now", KMS_CLOCK_OFFSET / the
// `clock_offset` setting shift it. Must not import the engine or read process itself (node-deps.ts does).

import type { Clock } from '../deps.js';
import { configError } from '../errors.js';
import type { Settings } from './settings.js';

type Env = Readonly<Record<string, string | undefined>>;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const OFFSET = /^([+-]?)((?:\d+[smhdw])+)$/;

/** `+30d`, `-2h`, `+1d12h`, `90m` → milliseconds; undefined when the text is not an offset. */
export function parseOffset(text: string): number | undefined {
  const m = OFFSET.exec(text.trim());
  if (!m) return undefined;
  let ms = 0;
  for (const [, n, unit] of m[2]!.matchAll(/(\d+)([smhdw])/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return m[1] === '-' ? -ms : ms;
}

/** The override in force: a fixed time and/or an offset, each with where it came from. */
export interface ClockOverride {
  fixed?: Date;
  offsetMs?: number;
  description: string;
}

/** Reads the override from the environment (first) and the settings; throws a config error on a bad value. */
export function readClockOverride(env: Env, settings: Settings): ClockOverride | undefined {
  const nowText = env.KMS_NOW ?? settings.now;
  const offsetText = env.KMS_CLOCK_OFFSET ?? settings.clock_offset;
  if (!nowText && !offsetText) return undefined;
  const parts: string[] = [];
  const out: ClockOverride = { description: '' };
  if (nowText) {
    const t = Date.parse(nowText);
    if (!/^\d{4}-\d{2}-\d{2}/.test(nowText) || Number.isNaN(t)) {
      throw configError(`${env.KMS_NOW ? 'KMS_NOW' : 'the now setting'} '${nowText}' is not a time`, 'use an ISO 8601 time such as 2027-01-01T00:00:00Z');
    }
    out.fixed = new Date(t);
    parts.push(`now fixed at ${out.fixed.toISOString()} (${env.KMS_NOW ? 'KMS_NOW' : 'setting now'})`);
  }
  if (offsetText) {
    const ms = parseOffset(offsetText);
    if (ms === undefined) {
      throw configError(
        `${env.KMS_CLOCK_OFFSET ? 'KMS_CLOCK_OFFSET' : 'the clock_offset setting'} '${offsetText}' is not an offset`,
        'write a signed count of s, m, h, d or w, such as +30d, -2h or +1d12h',
      );
    }
    out.offsetMs = ms;
    parts.push(`clock offset ${offsetText.trim()} (${env.KMS_CLOCK_OFFSET ? 'KMS_CLOCK_OFFSET' : 'setting clock_offset'})`);
  }
  out.description = parts.join(', ');
  return out;
}

/**
 * For `kms serve`, which must refuse a shifted clock unless explicitly enabled: a description of the
 * override in force ("clock offset +8d (KMS_CLOCK_OFFSET)"), or undefined when the clock is real.
 */
export function clockOverride(env: Env, settings: Settings): string | undefined {
  return readClockOverride(env, settings)?.description;
}

/** The clock `base` adjusted by an override (none: `base` itself). */
export function overriddenClock(base: Clock, override: ClockOverride | undefined): Clock {
  if (!override) return base;
  return {
    now: () => new Date((override.fixed ?? base.now()).getTime() + (override.offsetMs ?? 0)),
  };
}

/** A clock that reads its override on first use (settings are read lazily, as the CLI reads them). */
export function lazyOverriddenClock(base: Clock, env: Env, settings: () => Settings): Clock {
  let clock: Clock | undefined;
  return {
    now: () => {
      clock ??= overriddenClock(base, readClockOverride(env, settings()));
      return clock.now();
    },
  };
}
