#!/usr/bin/env node
// tijdig runs its TypeScript through tsx's loader: one code path in development and production.
// The project's tsconfig is named, so the JSX settings hold from any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
