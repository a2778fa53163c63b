import type { EmulatorSettings } from './settings';

const WINDOW_MS = 60_000;

type Admission = { admitted: true; release: () => void } | { admitted: false; retryAfterSeconds: number };

export interface RealmLimiter {
  admit(realmId: string, now: number, settings: EmulatorSettings): Admission;
  reset(): void;
}

interface RealmUsage {
  accepted: number[];
  inFlight: number;
}

// Sliding 60 s window on the emulator clock, so advancing the clock lifts the throttle.
export const createRealmLimiter = (): RealmLimiter => {
  let usage = new Map<string, RealmUsage>();
  const usageOf = (realmId: string) => {
    const existing = usage.get(realmId) ?? { accepted: [], inFlight: 0 };
    usage.set(realmId, existing);
    return existing;
  };
  return {
    admit: (realmId, now, settings) => {
      const current = usageOf(realmId);
      current.accepted = current.accepted.filter((at) => at > now - WINDOW_MS && at <= now);
      if (current.inFlight >= settings.maxConcurrent) return { admitted: false, retryAfterSeconds: 1 };
      if (current.accepted.length >= settings.throttlePerMinute) {
        const oldest = current.accepted[0] ?? now;
        return { admitted: false, retryAfterSeconds: (oldest + WINDOW_MS - now) / 1000 };
      }
      current.accepted.push(now);
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
