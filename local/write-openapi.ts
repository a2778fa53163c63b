// `npm run openapi`: writes the API's OpenAPI document to docs/openapi.json (the openapi function serves it).
import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiDocumentText } from '../shared/openapi/document-file';

writeFileSync(OPENAPI_FILE, openApiDocumentText());
console.log(`Wrote ${OPENAPI_FILE}`);
