// The packages the bundle leaves to node_modules, from esbuild's metafile (dist/bundle/meta.json).
// tools/runtime-modules.mjs copies them into the image; the build test checks them.
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';

/** The package a module specifier names (`@scope/name` or `name`), without its subpath. */
export const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The specifiers the bundle under `root` imports from node_modules. With `requireCalls`, also those
 * required inside try/catch (mongodb's optional add-ons, msgpackr's native part), used only when installed.
 */
export function bundleExternals(root, { requireCalls }) {
  const meta = JSON.parse(fs.readFileSync(path.join(root, 'dist/bundle/meta.json'), 'utf8'));
  return [
    ...new Set(
      Object.values(meta.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external && !isBuiltin(i.path) && (requireCalls || i.kind !== 'require-call'))
        .map((i) => i.path),
    ),
  ];
}
