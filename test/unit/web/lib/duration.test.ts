import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../../web/src/lib/duration';

describe('durations typed into "Log time"', () => {
  it.each([
    ['1:30', 90],
    ['0:05', 5],
    ['1.5 h', 90],
    ['1.5h', 90],
    ['1,5 h', 90],
    ['1.5', 90],
    ['2', 120],
    ['0.25 hours', 15],
    ['1.1 h', 66],
    ['90 min', 90],
    ['45m', 45],
    ['2h 15m', 135],
    [' 1 hour ', 60],
  ])('reads %j as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each(['', 'soon', '1:75', '-1', '1.555 h', '1:3', 'h', '12345 min'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [90, '1:30'],
    [5, '0:05'],
    [600, '10:00'],
  ])('shows %i minutes as %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });
});
