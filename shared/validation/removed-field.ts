import * as z from './zod';

/**
 * A field the API took once and no longer does. Left out of a schema, zod would drop it silently and the
 * caller would think it saved; this answers 400 naming the field and `why` (what to do instead).
 */
export const removedField = (why: string) => z.optional(z.never(why));
