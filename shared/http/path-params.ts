import { ULID_PATTERN } from '../ulid';
import * as z from '../validation/zod';

// Every schema here and in the other schema modules is `/* @__PURE__ */ z.lazy(…)`: built on its first
// parse rather than at cold start, and left out of the bundles that never parse it.

// Ids arrive as text from the path. Each schema bounds its length, so no id can make a key longer
// than DynamoDB takes (2048 bytes for a partition key): such a request is a 400, not a failed read.
const UserIdSchema = /* @__PURE__ */ z.lazy(() => z.uuid('Not a user id'));

// Issue numbers are keyed zero-padded to 12 digits (shared/keys.ts), so no issue has more. Digits
// only: `1e3`, `0x10` or ` 7 ` are not issue numbers, whatever Number() makes of them.
const IssueIdSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .pipe(z.string().check(z.regex(/^\d{1,12}$/, 'Not an issue number')), z.transform(Number))
    .check(z.refine((id) => id > 0, 'Not an issue number')),
);

export const UserPathSchema = /* @__PURE__ */ z.lazy(() => z.object({ id: UserIdSchema }));
export const IssuePathSchema = /* @__PURE__ */ z.lazy(() => z.object({ id: IssueIdSchema }));
// A session's id is 32 hex digits (sessionIdOf in shared/auth/session-repository.ts).
export const SessionPathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ id: z.string().check(z.regex(/^[0-9a-f]{32}$/, 'Not a session id')) }),
);
export const CatalogItemPathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ id: z.uuid('Not a catalogue entry id') }),
);
// Entry ids are ULIDs (shared/ulid.ts): exactly 26 characters of Crockford's base32.
export const IssueEntryPathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ id: IssueIdSchema, entryId: z.string().check(z.regex(ULID_PATTERN, 'Not an entry id')) }),
);

const PAGE_LIMIT = 'Use a whole number from 1 to 100';
// 1 to 100 in the pattern itself, so the OpenAPI document (which shows the text's pattern, not the
// number it becomes) says the same as the check.
const PAGE_LIMIT_PATTERN = /^(?:[1-9]\d?|100)$/;
/** A list's `limit` and `cursor`, for each list to add its own filters to. */
export const pageQueryShape = () => ({
  limit: z._default(
    z.pipe(
      z.pipe(z.string().check(z.regex(PAGE_LIMIT_PATTERN, PAGE_LIMIT)), z.transform(Number)),
      z.number().check(z.gte(1, PAGE_LIMIT), z.lte(100, PAGE_LIMIT)),
    ),
    25,
  ),
  cursor: z.optional(z.string().check(z.maxLength(2000, 'Not a cursor from this list'))),
});
export const PageQuerySchema = /* @__PURE__ */ z.lazy(() => z.object(pageQueryShape()));

// QuickBooks ids are digits; a longer or odd value is refused before any call.
const QboInvoiceIdSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.regex(/^\d{1,20}$/, 'Not a QuickBooks invoice id')),
);
export const IssueInvoicePathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ id: IssueIdSchema, invoiceId: QboInvoiceIdSchema }),
);
