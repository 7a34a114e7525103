/** `npm run openapi:generate`: writes the typed client's types from the live OpenAPI document. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument, generateClientTypes } from '../src/client/openapi-document';

const target = fileURLToPath(new URL('../src/client/openapi.d.ts', import.meta.url));
const types = await generateClientTypes(await buildOpenApiDocument());
writeFileSync(target, types);
process.stdout.write(`Wrote ${target}\n`);
