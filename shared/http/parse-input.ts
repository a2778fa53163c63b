import { type FieldIssues, ValidationError } from '../errors';
import * as z from '../validation/zod';

/** Validates input with a zod schema; failures become a 400 naming each field (dotted path) and why. */
export const parseInput = <T extends z.core.$ZodType>(
  schema: T,
  input: unknown,
  where = 'body',
): z.output<T> => {
  const result = z.safeParse(schema, input ?? {});
  if (result.success) return result.data;
  const fieldErrors: FieldIssues = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : where;
    fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
  }
  const fields = Object.keys(fieldErrors);
  throw new ValidationError(
    fieldErrors,
    `Check ${fields.join(', ')}: ${Object.values(fieldErrors)[0]?.[0] ?? ''}`,
  );
};
