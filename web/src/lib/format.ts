import type { Address } from '../api/types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

const parse = (iso: string): Date | undefined => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

export const formatDateTime = (iso: string | undefined): string => {
  const date = iso ? parse(iso) : undefined;
  return date ? dateTime.format(date) : '';
};

export const formatDate = (iso: string | undefined): string => {
  const date = iso ? parse(iso) : undefined;
  return date ? dateOnly.format(date) : '';
};

/** Postal lines as people write them: street, street, "City, Region Postcode", country. */
export const addressLines = (address: Address | undefined): string[] => {
  if (!address) return [];
  const locality = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [address.line1, address.line2, locality, address.country].filter(
    (line): line is string => typeof line === 'string' && line.trim() !== '',
  );
};

/**
 * Where to go after signing in: only a path on this site (never `//evil.example` or a full URL),
 * and never back to the sign-in page itself.
 */
export const safeReturnPath = (next: string | undefined): string => {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/issues';
  if (next === '/sign-in' || next.startsWith('/sign-in?')) return '/issues';
  return next;
};

export const signInPath = (returnTo: string): string =>
  returnTo === '/' || returnTo.startsWith('/sign-in')
    ? '/sign-in'
    : `/sign-in?next=${encodeURIComponent(returnTo)}`;

const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * A calendar date with no time ("2026-12-01", as QBO sends due dates). Read as UTC and printed as UTC,
 * so it is the same day in every time zone.
 */
export const formatCalendarDate = (day: string | undefined): string => {
  const date = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? parse(`${day}T00:00:00Z`) : undefined;
  return date ? calendarDay.format(date) : (day ?? '');
};
