import os from 'node:os';
import { Command, Option } from 'commander';
import { ROLES, type Role } from '../../persistence/tokens/token.model.ts';
import { createUser, disableUser, listUsers, resetPasswordLink } from '../../services/users.ts';
import { textTable } from '../table.ts';
import { print, withContext } from './run-with-context.ts';

const CLI_USER = `cli:${os.userInfo().username}`;
const when = (d: Date | undefined | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

export function usersCommand(): Command {
  const users = new Command('users').description('people who sign in to the web app');
  users
    .command('create')
    .description('add a user and print a one-time link to set a password (valid 72 hours)')
    .requiredOption('--email <email>', 'their e-mail address (the sign-in name)')
    .addOption(new Option('--role <role>', 'what they may do').choices([...ROLES]).makeOptionMandatory())
    .action((o: { email: string; role: Role }) =>
      withContext(async (ctx) => {
        const made = await createUser(o.email, o.role, CLI_USER);
        print(`${ctx.config.publicUrl}${made.setPasswordPath}`);
        process.stderr.write(
          `user ${made.user.email} (${made.user.role}) created; send them this link to set a password (it works once, for 72 hours)\n`,
        );
      }),
    );
  users
    .command('list')
    .description('list users')
    .action(() =>
      withContext(async () => {
        const rows = await listUsers();
        print(
          textTable(
            ['id', 'email', 'role', 'state', 'created (UTC)', 'last sign-in (UTC)'],
            rows.map((u) => [
              String(u._id),
              u.email,
              u.role,
              u.disabledAt ? 'disabled' : 'active',
              when(u.createdAt),
              when(u.lastSignInAt),
            ]),
          ),
        );
      }),
    );
  users
    .command('disable')
    .description('stop a user signing in; their sessions end at once')
    .argument('<user>', 'id or e-mail address')
    .action((who: string) =>
      withContext(async () => {
        const u = await disableUser(who);
        print(`user ${u.email} disabled`);
      }),
    );
  users
    .command('reset-password')
    .description('print a new one-time set-password link for a user')
    .argument('<id>', 'the user id (from `users list`)')
    .action((id: string) =>
      withContext(async (ctx) => {
        print(`${ctx.config.publicUrl}${(await resetPasswordLink(id)).setPasswordPath}`);
      }),
    );
  return users;
}
