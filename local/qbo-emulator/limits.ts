import type { EmulatorSettings } from './settings';

const WINDOW_MS = 60_000;

type Admission = { admitted: true; release: () => void } | { admitted: false; retryAfterSeconds: number };

/** What a call takes of its realm's budget: `units` of the per-minute limit, and a batch call or not. */
export interface Metering {
  units: number;
  batchCall: boolean;
}

export const SINGLE_CALL: Metering = { units: 1, batchCall: false };

export interface RealmLimiter {
  admit(realmId: string, now: number, settings: EmulatorSettings, metering?: Metering): Admission;
  reset(): void;
}

interface RealmUsage {
  /** One entry per unit accepted (a batch adds one per item), oldest first. */
  accepted: number[];
  /** One entry per batch call accepted, oldest first. */
  batchCalls: number[];
  inFlight: number;
}

/** Seconds until `needed` more entries fit under `limit`, as the oldest ones leave the window. */
const secondsUntilRoom = (entries: number[], needed: number, limit: number, now: number): number => {
  if (needed > limit) return WINDOW_MS / 1000; // never fits; a minute is the longest any entry stays
  const leaving = entries[entries.length + needed - limit - 1] ?? now;
  return (leaving + WINDOW_MS - now) / 1000;
};

// Sliding 60 s window on the emulator clock, so advancing the clock lifts the throttle.
export const createRealmLimiter = (): RealmLimiter => {
  let usage = new Map<string, RealmUsage>();
  const usageOf = (realmId: string) => {
    const existing = usage.get(realmId) ?? { accepted: [], batchCalls: [], inFlight: 0 };
    usage.set(realmId, existing);
    return existing;
  };
  return {
    admit: (realmId, now, settings, { units, batchCall } = SINGLE_CALL) => {
      const current = usageOf(realmId);
      const inWindow = (at: number) => at > now - WINDOW_MS && at <= now;
      current.accepted = current.accepted.filter(inWindow);
      current.batchCalls = current.batchCalls.filter(inWindow);
      if (current.inFlight >= settings.maxConcurrent) return { admitted: false, retryAfterSeconds: 1 };
      if (current.accepted.length + units > settings.throttlePerMinute)
        return {
          admitted: false,
          retryAfterSeconds: secondsUntilRoom(current.accepted, units, settings.throttlePerMinute, now),
        };
      if (batchCall && current.batchCalls.length >= settings.batchCallsPerMinute)
        return {
          admitted: false,
          retryAfterSeconds: secondsUntilRoom(current.batchCalls, 1, settings.batchCallsPerMinute, now),
        };
      for (let unit = 0; unit < units; unit += 1) current.accepted.push(now);
      if (batchCall) current.batchCalls.push(now);
      current.inFlight += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        current.inFlight -= 1;
      };
      return { admitted: true, release };
    },
    reset: () => {
      usage = new Map();
    },
  };
};
