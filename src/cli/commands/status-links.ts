import os from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { createStatusLink, linkState, listStatusLinks, parseDuration, revokeLink } from '../../services/status-links.ts';
import { textTable } from '../table.ts';
import { print, withContext } from './run-with-context.ts';

// Who made or revoked a link from the command line: the operating-system user.
const CLI_USER = `cli:${os.userInfo().username}`;

const durationArg = (v: string) => {
  try {
    return parseDuration(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

const when = (d: Date | undefined | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

export function statusLinksCommand(): Command {
  const links = new Command('status-links').description("suppliers' secret status-page links");
  links
    .command('create')
    .description('make a link to a supplier’s status page and print its URL once (only a hash of its token is stored)')
    .argument('<supplierId>', 'the supplier')
    .option('--expires <days>', 'how long it works, e.g. 180d (default: STATUS_LINK_DAYS)', durationArg)
    .action((supplierId: string, o: { expires?: number }) =>
      withContext(async (ctx) => {
        const made = await createStatusLink(supplierId, {
          days: o.expires ?? ctx.config.STATUS_LINK_DAYS,
          by: CLI_USER,
          publicUrl: ctx.config.publicUrl,
        });
        print(made.url);
        process.stderr.write(
          `status link ${String(made.link._id)} for ${supplierId}, valid until ${when(made.link.expiresAt)} UTC; the URL is shown only this once\n`,
        );
      }),
    );
  links
    .command('list')
    .description('list status links (of one supplier, or all), newest first')
    .argument('[supplierId]', 'only this supplier')
    .action((supplierId: string | undefined) =>
      withContext(async () => {
        const now = new Date();
        const rows = await listStatusLinks(supplierId ?? null);
        print(
          textTable(
            ['id', 'supplier', 'state', 'created (UTC)', 'by', 'expires (UTC)', 'last opened (UTC)', 'opened'],
            rows.map((l) => [
              String(l._id),
              l.supplierId,
              linkState(l, now),
              when(l.createdAt),
              l.createdBy,
              when(l.expiresAt),
              when(l.lastOpenedAt),
              l.openCount,
            ]),
          ),
        );
      }),
    );
  links
    .command('revoke')
    .description('withdraw a link: it stops working at once')
    .argument('<id>', 'the link id (from `status-links list`)')
    .action((id: string) =>
      withContext(async () => {
        const l = await revokeLink(id, CLI_USER);
        print(`status link ${id} of ${l.supplierId} revoked`);
      }),
    );
  return links;
}
