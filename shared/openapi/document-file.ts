import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from './build-document';
import { OPERATIONS } from './operations';

const ROOT = join(import.meta.dirname, '../..');
export const OPENAPI_FILE = join(ROOT, 'docs', 'openapi.json');

/** The document as `npm run openapi` writes it: the committed file must be exactly this. */
export const openApiDocumentText = () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return `${JSON.stringify(buildOpenApiDocument(OPERATIONS, version), null, 2)}\n`;
};
