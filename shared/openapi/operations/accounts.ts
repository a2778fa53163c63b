import { ChangePasswordSchema } from '../../account/change-password-input';
import type { SignInLock } from '../../account/get-sign-in-lock';
import type { SecurityActivityView } from '../../account/list-security-activity';
import type { SessionView } from '../../account/list-sessions';
import { PageQuerySchema, SessionPathSchema, UserPathSchema } from '../../http/path-params';
import { ListUsersQuerySchema } from '../../users/list-users-query';
import { CreateUserSchema, UpdateUserSchema } from '../../users/user';
import * as z from '../../validation/zod';
import type { Operations } from '../operation';
import { describes, PublicUserBody, pageOf, Timestamp } from '../schemas';

const SessionBody = describes<SessionView>()(
  z.object({
    id: z.string(),
    current: z.boolean().check(z.describe('The session making this request')),
    device: z.string().check(z.describe('Browser and system, from the user agent ("Firefox on Windows")')),
    userAgent: z.optional(z.string()),
    address: z.optional(z.string().check(z.describe('Where it signed in from'))),
    lastSeenAddress: z.optional(z.string().check(z.describe('Where its latest request came from'))),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    expiresAt: Timestamp,
  }),
);

const SecurityEventBody = describes<SecurityActivityView>()(
  z.object({
    id: z.string(),
    subject: z.string().check(z.describe("The id of the user whose account it is (or 'unknown')")),
    at: Timestamp,
    actorId: z.string(),
    action: z.string().check(z.describe('`signin.*`, `session.*`, `password.*`, `mfa.*` or `passkey.*`')),
    details: z.optional(z.record(z.string(), z.unknown())),
    subjectName: z.optional(z.string()),
    actorName: z.optional(z.string()),
    device: z.optional(z.string().check(z.describe("From the event's user agent"))),
  }),
);

const SignInLockBody = describes<SignInLock>()(
  z.object({
    locked: z.boolean().check(z.describe('Locked outright, rather than slowed down')),
    until: z.optional(
      z.string().check(z.describe('While it must wait: no sign-in before this ISO 8601 time (UTC)')),
    ),
    failures: z.number().check(z.describe('Failed sign-ins in the current window')),
  }),
);

const EndedSessionsBody = z.object({ endedSessions: z.number() });

export const ACCOUNT_OPERATIONS = {
  'GET /api/sessions': {
    tag: 'Account',
    summary: "List the caller's sessions",
    description: 'Live sessions only, the current one first, then the most recently seen.',
    responses: {
      200: { description: "The caller's sessions", body: z.object({ items: z.array(SessionBody) }) },
    },
  },
  'DELETE /api/sessions': {
    tag: 'Account',
    summary: 'Sign out everywhere else',
    description: 'Ends every session of the caller but the one making this request.',
    responses: { 200: { description: 'How many sessions ended', body: EndedSessionsBody } },
  },
  'DELETE /api/sessions/{id}': {
    tag: 'Account',
    summary: 'Sign one of the caller’s sessions out',
    description:
      "The id is one `GET /api/sessions` lists; another user's session is not found. Signing out the current session clears the session cookie.",
    path: SessionPathSchema,
    responses: { 204: { description: 'The session has ended' } },
  },
  'PUT /api/password': {
    tag: 'Account',
    summary: "Change the caller's password",
    description:
      'The current password first: a wrong one answers 400 on `currentPassword` and counts toward the account’s sign-in lock (429 once it must wait). Every other session of the caller ends.',
    body: ChangePasswordSchema,
    errors: ['too_many_attempts'],
    responses: { 200: { description: 'The password is changed', body: EndedSessionsBody } },
  },
  'GET /api/security/activity': {
    tag: 'Account',
    summary: "Every account's security events",
    description: 'Sign-ins, sessions, passwords and second factors of every user, newest first.',
    query: PageQuerySchema,
    responses: { 200: { description: 'A page of security events', body: pageOf(SecurityEventBody) } },
  },
  'GET /api/users/{id}/sign-in-lock': {
    tag: 'Account',
    summary: "Whether a user's sign-in must wait",
    description:
      'After 5 failed sign-ins in a row each attempt must wait longer (`until`, `locked: false`); after 10 the account is locked for 15 minutes (`locked: true`).',
    path: UserPathSchema,
    responses: { 200: { description: "The user's sign-in state", body: SignInLockBody } },
  },
  'DELETE /api/users/{id}/sign-in-lock': {
    tag: 'Account',
    summary: "Lift a user's sign-in lock",
    description: 'Clears the failed sign-ins of the account at once, whether it was locked or slowed down.',
    path: UserPathSchema,
    responses: { 204: { description: 'The user may sign in again' } },
  },

  'GET /api/users': {
    tag: 'Users',
    summary: 'List users',
    description: 'By name. `q` matches part of the name or email; `role` keeps one role.',
    query: ListUsersQuerySchema,
    responses: { 200: { description: 'A page of users', body: pageOf(PublicUserBody) } },
  },
  'POST /api/users': {
    tag: 'Users',
    summary: 'Create a user',
    description:
      'Only admins create admins. Without a password the user cannot sign in until one is set. A new user is disabled unless `enabled` is true.',
    body: CreateUserSchema,
    errors: ['conflict'],
    responses: { 201: { description: 'The new user', body: PublicUserBody } },
  },
  'GET /api/users/{id}': {
    tag: 'Users',
    summary: 'Read a user',
    description: 'A customer may read only their own profile (403 otherwise).',
    path: UserPathSchema,
    errors: ['forbidden'],
    responses: { 200: { description: 'The user', body: PublicUserBody } },
  },
  'PATCH /api/users/{id}': {
    tag: 'Users',
    summary: 'Change a user',
    description:
      'Only the fields sent change; `null` clears the phone, company or address. Staff change customers and their own profile; other staff and admin accounts, and roles, are for admins. Setting a password ends every session of that user but the caller’s. 409 when the email is taken or someone else changed the user meanwhile.',
    path: UserPathSchema,
    body: UpdateUserSchema,
    errors: ['conflict'],
    responses: { 200: { description: 'The user as changed', body: PublicUserBody } },
  },
} satisfies Operations<
  | 'GET /api/sessions'
  | 'DELETE /api/sessions'
  | 'DELETE /api/sessions/{id}'
  | 'PUT /api/password'
  | 'GET /api/security/activity'
  | 'GET /api/users/{id}/sign-in-lock'
  | 'DELETE /api/users/{id}/sign-in-lock'
  | 'GET /api/users'
  | 'POST /api/users'
  | 'GET /api/users/{id}'
  | 'PATCH /api/users/{id}'
>;
