export interface Clock {
  now(): number;
  advance(seconds: number): void;
  offsetSeconds(): number;
  reset(): void;
}

// Real time plus an offset, so tests can age tokens and due dates without sleeping.
export const createClock = (): Clock => {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (seconds) => {
      offsetMs += Math.round(seconds * 1000);
    },
    offsetSeconds: () => offsetMs / 1000,
    reset: () => {
      offsetMs = 0;
    },
  };
};
