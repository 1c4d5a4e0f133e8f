// The last step of `npm run build`: links tsc's output (dist/src, dist/workers, dist/embedded-db)
// and the packages it imports into dist/bundle/, which the Docker image runs. Why: a process that
// loads a thousand small modules spends most of its start finding, reading and compiling them
// (about 1.4 s of `start api`'s 1.5 s here); one file starts in two thirds of that time.
// esbuild only links here; tsc has already type-checked and compiled every file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.join(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/bundle');
const compiled = path.join(root, 'dist') + path.sep;

// Not linked in: a native addon; packages that read their own files at run time (Bull Board serves
// its UI from its package, pdf.js loads its worker module from its own folder); and those the code
// loads only when used (nodemailer on the first e-mail, pdf.js on the first PDF), whose parsing
// every start would otherwise pay.
const external = ['@node-rs/argon2', '@bull-board/*', 'nodemailer', 'pdfjs-dist'];

/** `import.meta.dirname` of each compiled file, as a path relative to the bundle: assets keep their place. */
const keepDirnames = {
  name: 'keep-dirnames',
  setup(b) {
    // tsc's files only, not the packages' (their own dist/ folders included).
    const ours = new RegExp(`^${compiled.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\.js$`);
    b.onLoad({ filter: ours }, async (args) => {
      const source = await fs.readFile(args.path, 'utf8');
      if (!source.includes('import.meta.dirname')) return undefined;
      const relative = path.relative(outdir, path.dirname(args.path));
      return { contents: source.replaceAll('import.meta.dirname', `__bundleDir(${JSON.stringify(relative)})`), loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: { tijdig: path.join(root, 'dist/src/cli/main.js') },
  outdir,
  bundle: true,
  // The embedded database is imported only when no MONGODB_URI is set: its own chunk.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [keepDirnames],
  // CommonJS packages call require() for Node's own modules; an ES module has none of its own.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { join as __joinPath } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __bundleDir = (relative) => __joinPath(import.meta.dirname, relative);',
    ].join('\n'),
  },
  logLevel: 'warning',
  metafile: true,
});
// What went in and what stays outside (test/foundation/build.test.ts checks the image can load those).
await fs.writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
