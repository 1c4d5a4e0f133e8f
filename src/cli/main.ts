/** The `tijdig` command line. */

import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/env.ts';
import { AppError } from '../errors.ts';
import { type Role, runUntilSignalled } from '../runtime/run.ts';
import { MissingDependencyError } from '../runtime/services.ts';
import { ratesCommand, tokensCommand } from './commands/admin.ts';
import { alertsCommand } from './commands/alerts.ts';
import { auditCommand } from './commands/audit.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { demoCommand } from './commands/demo.ts';
import { fxCommand } from './commands/fx.ts';
import { importCommand } from './commands/import.ts';
import { paymentRunCommand } from './commands/payment-run.ts';
import { recomputeCommand } from './commands/recompute.ts';
import { reportCommand } from './commands/report.ts';
import { noteCommand } from './commands/run-with-context.ts';
import { statusLinksCommand } from './commands/status-links.ts';
import { usersCommand } from './commands/users.ts';

const program = new Command('tijdig')
  .description('Supplier payment-health monitor')
  .showHelpAfterError()
  .hook('preAction', (_program, command) => noteCommand(command));

const portArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};

program
  .command('start')
  .description('run the API, the workers, or both (default) on the configured or embedded MongoDB and Redis')
  .argument('[role]', 'api | worker | all', 'all')
  .action(async (role: string) => {
    if (!['api', 'worker', 'all'].includes(role)) throw new InvalidArgumentError(`role must be api, worker or all, not "${role}"`);
    await runUntilSignalled(role as Role);
  });

program
  .command('db')
  .description('run the embedded MongoDB-compatible server on its own (for development)')
  .option('--port <port>', 'port to listen on', portArg, 27017)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--data <dir>', 'data directory (omit for in-memory)', './data/db')
  .action(async (opts: { port: number; host: string; data: string }) => {
    const { startEmbeddedMongo } = await import('../../embedded-db/index.ts');
    const server = await startEmbeddedMongo({ port: opts.port, host: opts.host, dataDir: opts.data });
    console.log(`embedded MongoDB-compatible server on ${server.uri('tijdig')} (data in ${opts.data}); Ctrl-C stops it`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void server.close().then(() => process.exit(0)));
  });

program.addCommand(importCommand());
program.addCommand(recomputeCommand());
program.addCommand(reportCommand());
program.addCommand(tokensCommand());
program.addCommand(ratesCommand());
program.addCommand(statusLinksCommand());
program.addCommand(paymentRunCommand());
program.addCommand(usersCommand());
program.addCommand(fxCommand());
program.addCommand(alertsCommand());
program.addCommand(demoCommand());
program.addCommand(auditCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || err instanceof MissingDependencyError || err instanceof InvalidArgumentError) {
    console.error(`tijdig: ${err.message}`);
    process.exit(2);
  }
  if (err instanceof AppError) {
    console.error(`tijdig: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
