import type { Logger } from '../../platform/logger';
import { toErrorResponse } from '../error-response';
import type { ApiMiddleware } from '../types';
import { toApiResponse } from './api-response';

/**
 * The last middleware: any error becomes the `{error: {code, message, details?}}` answer. It sets the
 * response rather than returning it, so the headers and the access log still run on errors.
 */
export const errorMapper = (log: Logger): ApiMiddleware => ({
  onError: (request) => {
    const requestLog = request.context.requestState?.log ?? log;
    request.response = toApiResponse(toErrorResponse(request.error, requestLog));
  },
});
