import { describe, expect, it } from 'vitest';
import { createUlidGenerator, ULID_ALPHABET, ULID_PATTERN } from '../../../shared/ulid';

const fixedRandom = (byte: number) => (size: number) => new Uint8Array(size).fill(byte);

describe('ULID-style ids', () => {
  it('spells the time as the spec does: 48-bit milliseconds in 10 Crockford base32 characters', () => {
    const id = createUlidGenerator(fixedRandom(0))(new Date(1469918176385));

    expect(id).toBe('01ARYZ6S410000000000000000');
  });

  it('is 26 characters of Crockford base32, without I, L, O or U', () => {
    const next = createUlidGenerator();
    const ids = Array.from({ length: 200 }, () => next(new Date()));

    for (const id of ids) expect(id).toMatch(ULID_PATTERN);
    expect(ULID_ALPHABET).toHaveLength(32);
    expect(ULID_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('puts the 80 random bits after the time', () => {
    const id = createUlidGenerator(fixedRandom(0xff))(new Date(0));

    expect(id).toBe(`0000000000${'Z'.repeat(16)}`);
  });

  it('sorts ids in the order they were made, across milliseconds', () => {
    const next = createUlidGenerator();
    const ids = [1, 2, 10, 1_000, 1_700_000_000_000].map((ms) => next(new Date(ms)));

    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps the order within one millisecond and when the clock steps back', () => {
    const next = createUlidGenerator();
    const at = new Date(1_700_000_000_000);
    const ids = [next(at), next(at), next(new Date(at.getTime() - 5_000)), next(at)];

    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('moves on to the next millisecond when the random part would overflow', () => {
    const next = createUlidGenerator(fixedRandom(0xff));
    const first = next(new Date(5));
    const second = next(new Date(5));

    expect(second > first).toBe(true);
    expect(second.slice(0, 10)).toBe('0000000006');
  });
});
