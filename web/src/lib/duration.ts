// Durations as people type them into "Log time": "1:30", "1.5 h", "1.5", "90 min", "45m", "2h 15m".
// Whole minutes come out, or undefined when the text is not a duration.

const HOURS_AND_MINUTES = /^(\d{1,2}):([0-5]\d)$/;
const DECIMAL_HOURS = /^(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|hr|hrs|hours?)?$/;
const MINUTES = /^(\d{1,4})\s*(?:m|min|mins|minutes?)$/;
const HOURS_THEN_MINUTES = /^(\d{1,2})\s*h(?:rs?|ours?)?\s*(\d{1,2})\s*m(?:in(?:s|utes?)?)?$/;

export const parseDuration = (text: string): number | undefined => {
  const value = text.trim().toLowerCase();
  let match = HOURS_AND_MINUTES.exec(value);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  match = HOURS_THEN_MINUTES.exec(value);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  match = MINUTES.exec(value);
  if (match) return Number(match[1]);
  match = DECIMAL_HOURS.exec(value);
  if (match) {
    // Hundredths of an hour as integers, so 1.1 h is 66 minutes and no float rounding shows.
    const [whole = '0', fraction = ''] = (match[1] ?? '').replace(',', '.').split('.');
    const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    return Math.round((hundredths * 60) / 100);
  }
  return undefined;
};

/** 90 → "1:30", as the list shows a duration. */
export const formatDuration = (minutes: number): string =>
  `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
