import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../../../shared/errors';
import { parseInput } from '../../../../shared/http/parse-input';

const Schema = z.object({ name: z.string().min(1, 'Enter a name'), address: z.object({ city: z.string() }) });

describe('parseInput', () => {
  it('names each bad field by its dotted path and says why', () => {
    try {
      parseInput(Schema, { name: '', address: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual({
        fieldErrors: { name: ['Enter a name'], 'address.city': [expect.any(String)] },
      });
    }
  });

  it('treats a missing body as an empty object', () => {
    expect(() => parseInput(Schema, undefined)).toThrow(ValidationError);
  });

  it('returns the parsed value', () => {
    expect(parseInput(Schema, { name: 'Ann', address: { city: 'Oslo' } })).toEqual({
      name: 'Ann',
      address: { city: 'Oslo' },
    });
  });
});
