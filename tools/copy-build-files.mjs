// What `npm run build` copies beside the compiled JavaScript: the pages' assets and the API contract
// (served at /api/v1/openapi.yaml), at the same places relative to the code as in the source tree.
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const copy = (from, to) => fs.cpSync(path.join(root, from), path.join(root, to), { recursive: true });
copy('src/web/assets', 'dist/src/web/assets');
copy('docs/openapi.yaml', 'dist/docs/openapi.yaml');
