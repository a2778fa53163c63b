import * as z from 'zod';

export const UserPathSchema = z.object({ id: z.uuid('Not a user id') });
export const IssuePathSchema = z.object({
  id: z.coerce.number().int('Not an issue number').positive('Not an issue number'),
});
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
