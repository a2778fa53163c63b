import * as z from '../validation/zod';
import { JOB_KINDS } from './job';

const KindSchema = /* @__PURE__ */ z.lazy(() =>
  z.enum(JOB_KINDS, 'Choose sync-customers (Sync all customers) or invoice-issues (Invoice resolved issues)'),
);

export const StartJobSchema = /* @__PURE__ */ z.lazy(() => z.object({ kind: KindSchema }));
export const LatestJobQuerySchema = /* @__PURE__ */ z.lazy(() => z.object({ kind: KindSchema }));
export const JobPathSchema = /* @__PURE__ */ z.lazy(() => z.object({ id: z.uuid('Not a job id') }));
