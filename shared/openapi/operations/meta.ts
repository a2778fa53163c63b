import * as z from '../../validation/zod';
import type { Operations } from '../operation';

export const META_OPERATIONS = {
  'GET /api/openapi.json': {
    tag: 'API',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of this API, generated from the route table and its schemas.',
    responses: {
      200: {
        description: 'The OpenAPI document',
        body: z.looseObject({
          openapi: z.literal('3.1.0'),
          info: z.looseObject({}),
          paths: z.looseObject({}),
        }),
      },
    },
  },
} satisfies Operations<'GET /api/openapi.json'>;
