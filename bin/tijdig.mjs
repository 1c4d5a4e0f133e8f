#!/usr/bin/env node
// tijdig runs its TypeScript through tsx's loader: one code path in development and production.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
