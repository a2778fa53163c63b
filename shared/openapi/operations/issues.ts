import { IssuePathSchema } from '../../http/path-params';
import { BILLING_STATES } from '../../invoices/invoice-snapshot';
import { CreateIssueSchema, ISSUE_STATUSES, type IssueView, UpdateIssueSchema } from '../../issues/issue';
import type { IssueListItem } from '../../issues/list-issues';
import { ListIssuesQuerySchema } from '../../issues/list-issues-query';
import * as z from '../../validation/zod';
import type { Operations } from '../operation';
import { AddressBody, CalendarDate, describes, pageOf, Timestamp } from '../schemas';

const INVOICE_STATUSES = ['paid', 'unpaid', 'partial', 'voided'] as const;

const IssueBody = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string(),
  status: z.enum(ISSUE_STATUSES),
  requestorId: z.string(),
  billingAddress: z.optional(AddressBody),
  billingEmail: z.optional(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  createdBy: z.string(),
  qboInvoices: z.optional(
    z.record(
      z.string().check(z.describe('The QuickBooks company (realm) id')),
      z.object({
        invoiceId: z.string(),
        syncToken: z.string(),
        syncedAt: Timestamp,
        generation: z.number(),
        outcome: z.optional(z.string()),
      }),
    ),
  ),
  billing: z.optional(
    z.object({
      status: z.enum(INVOICE_STATUSES),
      totalCents: z.number(),
      balanceCents: z.number(),
      dueDate: z.optional(CalendarDate),
      syncToken: z.number(),
      realmId: z.string(),
      invoiceId: z.string(),
    }),
  ),
  requestor: z.optional(z.object({ id: z.string(), name: z.string(), email: z.string() })),
});
export const IssueViewBody = describes<IssueView>()(IssueBody);

const IssueListItemBody = describes<IssueListItem>()(
  z.extend(IssueBody, { billingState: z.enum(BILLING_STATES) }),
);

export const ISSUE_OPERATIONS = {
  'GET /api/issues': {
    tag: 'Issues',
    summary: 'List issues',
    description: 'Newest first. A customer sees only the issues they requested.',
    query: ListIssuesQuerySchema,
    responses: { 200: { description: 'A page of issues', body: pageOf(IssueListItemBody) } },
  },
  'POST /api/issues': {
    tag: 'Issues',
    summary: 'Open an issue',
    body: CreateIssueSchema,
    responses: { 201: { description: 'The new issue', body: IssueViewBody } },
  },
  'GET /api/issues/{id}': {
    tag: 'Issues',
    summary: 'Read an issue',
    description: 'A customer may read only the issues they requested (403 otherwise).',
    path: IssuePathSchema,
    errors: ['forbidden'],
    responses: { 200: { description: 'The issue', body: IssueViewBody } },
  },
  'PATCH /api/issues/{id}': {
    tag: 'Issues',
    summary: 'Change an issue',
    description: 'Only the fields sent change; `null` clears the billing address or email.',
    path: IssuePathSchema,
    body: UpdateIssueSchema,
    responses: { 200: { description: 'The issue as changed', body: IssueViewBody } },
  },
} satisfies Operations<
  'GET /api/issues' | 'POST /api/issues' | 'GET /api/issues/{id}' | 'PATCH /api/issues/{id}'
>;
