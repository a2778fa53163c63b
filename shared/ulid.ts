import { randomBytes } from 'node:crypto';

// ULID-style ids (github.com/ulid/spec): 48 bits of milliseconds then 80 random bits, in Crockford's
// base32, 26 characters. Text order is creation order, so a Query over ids returns items as made.
export const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const RANDOM_BYTES = 10;
const MAX_TIME = 2 ** 48 - 1;
const MAX_RANDOM = (1n << 80n) - 1n;

const encode = (value: bigint, length: number): string => {
  let text = '';
  let rest = value;
  for (let index = 0; index < length; index += 1) {
    text = ULID_ALPHABET.charAt(Number(rest & 31n)) + text;
    rest >>= 5n;
  }
  return text;
};

const randomPart = (random: (size: number) => Uint8Array): bigint =>
  [...random(RANDOM_BYTES)].reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);

/**
 * A generator of ids that sort in the order they were made, also within one millisecond and when
 * the clock steps back: then it keeps the last time and counts the random part up (the spec's
 * monotonic mode), so each id is greater than the one before.
 */
export const createUlidGenerator = (random: (size: number) => Uint8Array = randomBytes) => {
  let lastTime = -1;
  let lastRandom = 0n;
  return (now: Date): string => {
    const time = now.getTime();
    if (!Number.isInteger(time) || time < 0 || time > MAX_TIME)
      throw new RangeError('Time out of ULID range');
    if (time > lastTime || lastRandom === MAX_RANDOM) {
      lastTime = Math.max(time, lastTime + (lastRandom === MAX_RANDOM ? 1 : 0));
      lastRandom = randomPart(random);
    } else {
      lastRandom += 1n;
    }
    return encode(BigInt(lastTime), TIME_CHARS) + encode(lastRandom, RANDOM_CHARS);
  };
};
