import type { ErrorCode } from '../errors';
import type { RouteKey } from '../routes';
import type * as z from '../validation/zod';

type Schema = z.core.$ZodType;

/** One documented answer: a JSON body's schema, another content type, or none (204, a redirect). */
export type SuccessResponse = {
  description: string;
  /** The JSON body; absent for a response without one. */
  body?: Schema;
  /** A body that is not JSON (a PDF), by its media type. */
  media?: string;
  headers?: Record<string, { description: string; required?: boolean }>;
};

/**
 * What the OpenAPI document says of one route of the route table, beside what the table already
 * says (method, path, who may call it). Request schemas are the ones the handler parses with, so the
 * document cannot describe a request the handler reads differently.
 */
export type Operation = {
  summary: string;
  description?: string;
  tag: string;
  /** The path's parameters, as the handler parses `pathParameters`. */
  path?: Schema;
  /** Request headers the route reads itself (not the cookie or the content type). */
  headers?: Schema;
  /** The query string, as the handler parses `queryStringParameters` (every value is text). */
  query?: Schema;
  /** The JSON request body, as the handler parses it. */
  body?: Schema;
  responses: Partial<Record<number, SuccessResponse>>;
  /**
   * The error codes the route's own work can answer. Those its access rule, its path and its input
   * imply (unauthenticated, forbidden, the MFA gate, validation_failed, not_found of the path's item)
   * are added from the route table.
   */
  errors?: readonly ErrorCode[];
};

export type Operations<K extends RouteKey = RouteKey> = Record<K, Operation>;
