// Sandbox companies are US companies; Intuit stamps times and dates in Pacific time.
const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

const pacificParts = (ms: number): Record<string, string> =>
  Object.fromEntries(PACIFIC.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));

const offsetOf = (zoneName: string | undefined): string => {
  const offset = zoneName?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
};

export const toPacificDateTime = (ms: number, withMillis = false): string => {
  const p = pacificParts(ms);
  const millis = withMillis ? `.${String(ms % 1000).padStart(3, '0')}` : '';
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${millis}${offsetOf(p.timeZoneName)}`;
};

export const toPacificDate = (ms: number): string => {
  const p = pacificParts(ms);
  return `${p.year}-${p.month}-${p.day}`;
};

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// Date.parse accepts 2025-02-30 (as 2 March), so a real date must survive the round trip.
export const isIsoDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
};

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const colonOffset = (zone: string) =>
  /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;

/**
 * An ISO date (`2015-12-23`) or date-time, read as Intuit reads `changedSince`; without an offset it
 * is the company's time (Pacific for sandbox companies). Undefined when it is neither.
 */
export const parseCompanyDateTime = (value: string): number | undefined => {
  const [, date = '', time = 'T00:00:00', zone] = ISO_DATE_TIME.exec(value) ?? [];
  if (!isIsoDate(date)) return undefined;
  const offset = zone ?? offsetOf(pacificParts(Date.parse(`${date}T12:00:00Z`)).timeZoneName);
  const ms = Date.parse(`${date}${time}${colonOffset(offset)}`);
  return Number.isNaN(ms) ? undefined : ms;
};
