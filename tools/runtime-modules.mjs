// Copies into <out>/node_modules what the bundle needs at run time: the packages it leaves outside
// (esbuild's metafile, dist/bundle/meta.json) and everything they depend on, as npm installed them
// here (package-lock.json says which copy a package resolves to). Everything else the app uses is
// linked into the bundle, so installing the production dependencies whole put 120 MB into the image
// of which the bundle loads about half. The Docker image's node_modules is made this way.
//
//   node tools/runtime-modules.mjs <out>       (after npm run build)
import fs from 'node:fs';
import path from 'node:path';
import { bundleExternals, packageOf } from './bundle-externals.mjs';

const root = path.join(import.meta.dirname, '..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node tools/runtime-modules.mjs <out>');
  process.exit(2);
}

const wanted = new Set(bundleExternals(root, { requireCalls: true }).map(packageOf));

const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages;
const installed = (p) => lock[p] && fs.existsSync(path.join(root, p));

/** Where `name` resolves from the package at lock path `from`, as node looks it up (nearest node_modules first). */
function resolve(from, name) {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (installed(candidate)) return candidate;
    if (!dir) return null;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

const keep = new Set();
const todo = [...wanted].map((name) => resolve('', name)).filter(Boolean);
while (todo.length > 0) {
  const p = todo.pop();
  if (keep.has(p)) continue;
  if (lock[p].dev) throw new Error(`${p} is a development dependency, yet the bundle needs it at run time`);
  keep.add(p);
  const e = lock[p];
  for (const name of Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies })) {
    const found = resolve(p, name);
    // An optional peer counts when production has it too (Bull Board's bullmq), not when only
    // development does (valibot's typescript).
    const optionalPeer = !e.dependencies?.[name] && !e.optionalDependencies?.[name] && e.peerDependenciesMeta?.[name]?.optional;
    if (found && !(optionalPeer && (lock[found].dev || lock[found].devOptional))) todo.push(found);
    else if (!found && e.dependencies?.[name]) throw new Error(`${p} depends on ${name}, which is not installed`);
  }
}

// Each package without the packages nested in it, which are copied (or left) on their own.
let bytes = 0;
for (const p of [...keep].sort()) {
  const from = path.join(root, p);
  fs.cpSync(from, path.join(out, p), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !path.relative(from, src).split(path.sep).includes('node_modules'),
  });
}
for (const p of keep) bytes += size(path.join(out, p));
console.log(`${keep.size} packages (${(bytes / 2 ** 20).toFixed(0)} MiB) for ${[...wanted].filter((n) => resolve('', n)).join(', ')}`);

/** Bytes in `dir`, not counting nested packages (counted as packages of their own). */
function size(dir) {
  let n = 0;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name === 'node_modules') continue;
    const full = path.join(dir, d.name);
    n += d.isDirectory() ? size(full) : fs.lstatSync(full).size;
  }
  return n;
}
