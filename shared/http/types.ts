import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Session } from '../auth/session-types';
import type { Logger } from '../platform/logger';
import type { RouteDefinition } from '../routes';
import type { Settings } from '../settings/settings';
import type { User } from '../users/user';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResponse = APIGatewayProxyStructuredResultV2;

export type ApiResult = {
  status: number;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  cookies?: string[];
};

/** Who is calling, and the app settings the gate already read (so handlers need not read them again). */
export type Caller = { user: User; session: Session; settings: Settings };

export type RequestContext = {
  event: ApiEvent;
  route: RouteDefinition;
  requestId: string;
  log: Logger;
  /** Parsed JSON body (undefined when the request has none). */
  body: unknown;
};

export type SignedInContext = RequestContext & Caller;
