import { type CliContext, openCliContext } from '../../runtime/cli-context.ts';

/** Opens the CLI context around a command and always closes it. */
export async function withContext(fn: (ctx: CliContext) => Promise<void>): Promise<void> {
  const ctx = await openCliContext();
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export const print = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};
