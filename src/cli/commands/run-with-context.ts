import os from 'node:os';
import type { Command } from 'commander';
import { type CliContext, openCliContext } from '../../runtime/cli-context.ts';
import { audit, flushAudit } from '../../services/audit.ts';

/** Commands that only read: everything else a command does is recorded in the audit trail. */
const READS = new Set(['list', 'rules', 'report', 'verify', 'show', 'test-send', 'propose']);
let running: { path: string; args: string } | null = null;

/** Remembers which command runs (a preAction hook of the program), for the audit trail. */
export function noteCommand(command: Command): void {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  const reads = READS.has(command.name()) || names[0] === 'report';
  running = reads ? null : { path: names.join(' '), args: command.args.join(' ') };
}

/** Opens the CLI context around a command and always closes it; a change it made is recorded first. */
export async function withContext(fn: (ctx: CliContext) => Promise<void>): Promise<void> {
  const ctx = await openCliContext();
  try {
    await fn(ctx);
    if (running)
      await audit({
        actor: { kind: 'cli', id: '', name: `cli:${os.userInfo().username}` },
        address: '',
        action: `tijdig ${running.path}`,
        target: running.args,
      });
    await flushAudit();
  } finally {
    await ctx.close();
  }
}

export const print = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};
