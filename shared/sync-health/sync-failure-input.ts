import { pageQueryShape } from '../http/path-params';
import type { SyncSubjectKind } from '../keys';
import * as z from '../validation/zod';
import { parseSyncFailureId, SYNC_SUBJECT_KINDS, type SyncSubject } from './sync-failure';

// What the path and query may name, bounded as the other path ids are (shared/http/path-params.ts):
// a customer is a user id (a UUID), an invoice an issue number, a company a QuickBooks realm id.
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISSUE_ID = /^(?!0+$)\d{1,12}$/;
const FAILURE_ID = /^(customer|invoice)\.[0-9A-Za-z-]{1,36}\.[0-9A-Za-z_-]{1,64}$/;

const isSubjectId = (kind: SyncSubjectKind, subjectId: string) =>
  (kind === 'customer' ? USER_ID : ISSUE_ID).test(subjectId);

const NOT_A_FAILURE = 'Not a sync failure id';

/** `{id}` of /api/qbo/sync-failures/{id}…: `<kind>.<subjectId>.<realmId>`, read back as the failure's subject. */
export const SyncFailurePathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    id: z.pipe(
      z.string().check(
        z.describe("`<kind>.<subjectId>.<realmId>`, as the failure's `id` says"),
        z.refine((id) => {
          const subject = FAILURE_ID.test(id) ? parseSyncFailureId(id) : undefined;
          return subject !== undefined && isSubjectId(subject.kind, subject.subjectId);
        }, NOT_A_FAILURE),
      ),
      z.transform((id) => parseSyncFailureId(id) as SyncSubject),
    ),
  }),
);

/** GET /api/qbo/sync-failures: a page, or one subject's failures (`kind` and `subjectId` together). */
export const SyncFailureQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      ...pageQueryShape(),
      kind: z.optional(z.enum(SYNC_SUBJECT_KINDS, 'Use customer or invoice')),
      subjectId: z.optional(z.string().check(z.maxLength(36, 'Not a user id or issue number'))),
    })
    .check(
      z.refine((query) => query.kind !== undefined || query.subjectId === undefined, {
        message: 'Say which kind of subject: customer or invoice',
        path: ['kind'],
      }),
      z.refine((query) => query.subjectId !== undefined || query.kind === undefined, {
        message: 'Say which user or issue',
        path: ['subjectId'],
      }),
      z.refine(
        (query) =>
          query.kind === undefined ||
          query.subjectId === undefined ||
          isSubjectId(query.kind, query.subjectId),
        {
          message: 'Use a user id for customer, an issue number for invoice',
          path: ['subjectId'],
        },
      ),
    ),
);
