import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiDocumentText } from '../../../../shared/openapi/document-file';
import { ROUTES, routeKeyOf } from '../../../../shared/routes';

type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
const committed = () => readFileSync(OPENAPI_FILE, 'utf8');

describe('docs/openapi.json', () => {
  it('is what `npm run openapi` writes from the route table and its schemas', () => {
    expect(committed(), 'docs/openapi.json is stale: run `npm run openapi`').toBe(openApiDocumentText());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(committed()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of the route table, and nothing else', () => {
    const document = JSON.parse(committed()) as Document;
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(ROUTES.map(routeKeyOf).sort());
  });
});
