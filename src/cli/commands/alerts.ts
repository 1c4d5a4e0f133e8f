import os from 'node:os';
import { Command } from 'commander';
import { RULE_IDS } from '../../domain/alerts/rules.ts';
import { LIVE_STATES } from '../../persistence/alerts/alert.model.ts';
import { listAlerts } from '../../persistence/alerts/alert.repository.ts';
import { alertDeps } from '../../runtime/alert-deps.ts';
import { secretKey } from '../../runtime/secret-key.ts';
import { alertJson } from '../../services/alerts/alert-json.ts';
import { composeTest } from '../../services/alerts/compose.tsx';
import { addWebhook, alertRules, removeWebhook, webhooks } from '../../services/alerts/manage.ts';
import { parseRecipients } from '../../services/alerts/recipients.ts';
import { textTable } from '../table.ts';
import { print, withContext } from './run-with-context.ts';

const CLI_USER = `cli:${os.userInfo().username}`;

export function alertsCommand(): Command {
  const alerts = new Command('alerts').description('alerts for procurement: list them, their rules, test the e-mail set-up, webhooks');
  alerts
    .command('list')
    .description('alerts, newest first')
    .option('--open', 'only those not resolved (open, acknowledged or snoozed)')
    .option('--json', 'as JSON')
    .action((o: { open?: boolean; json?: boolean }) =>
      withContext(async (ctx) => {
        const list = await listAlerts({ states: o.open ? LIVE_STATES : undefined });
        const rows = list.map((a) => alertJson(a, ctx.config.publicUrl));
        if (o.json) return print(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return print(o.open ? 'no open alerts' : 'no alerts');
        print(
          textTable(
            ['id', 'opened', 'state', 'severity', 'reasons', 'supplier', 'what'],
            rows.map((a) => [a.id, a.openedOn, a.state, a.severity, a.rules.join(', '), a.supplierId, a.text]),
          ),
        );
      }),
    );
  alerts
    .command('rules')
    .description('the alert rules in force, with their settings (change them with PUT /api/v1/alerts/rules)')
    .action(() =>
      withContext(async () => {
        const rules = await alertRules();
        print(
          textTable(
            ['rule', 'on', 'settings'],
            RULE_IDS.map((id) => {
              const { enabled, ...rest } = rules[id] as { enabled: boolean } & Record<string, unknown>;
              const settings = Object.entries(rest).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
              return [id, enabled ? 'yes' : 'no', settings.join(' ') || '—'];
            }),
          ),
        );
      }),
    );
  alerts
    .command('test-send')
    .description('send a test e-mail through SMTP_URL now (not queued), to check the set-up')
    .requiredOption('--to <email>', 'the address (prefix nl: or en: for the language)')
    .action((o: { to: string }) =>
      withContext(async (ctx) => {
        const deps = alertDeps(ctx.config, ctx.org, secretKey(ctx.config), null);
        if (!deps.mailer) throw new Error('SMTP_URL is not set: tijdig has no way to send e-mail (see the README, "Alerts")');
        const [to] = parseRecipients(o.to, deps.defaultLang);
        if (!to) throw new Error('--to needs an e-mail address');
        const m = composeTest(to.lang);
        try {
          const info = await deps.mailer.sendMail({ from: deps.from, to: to.email, subject: m.subject, text: m.text, html: m.html });
          print(`sent to ${to.email} (${info.messageId}); the server answered: ${info.response}`);
        } finally {
          deps.mailer.close();
        }
      }),
    );
  const hooks = alerts.command('webhooks').description('where alerts are posted as JSON (Slack, Teams, your own receiver)');
  hooks
    .command('add')
    .argument('<url>', 'the receiver')
    .description('add a webhook; prints its signing secret once')
    .action((url: string) =>
      withContext(async (ctx) => {
        if (!/^https?:\/\/\S+$/.test(url)) throw new Error(`${url} is not an http(s) URL`);
        const w = await addWebhook(url, undefined, CLI_USER, secretKey(ctx.config));
        print(`webhook ${w.id} → ${w.url}\nsigning secret (shown once): ${w.secret}`);
      }),
    );
  hooks
    .command('list')
    .description('the webhooks')
    .action(() =>
      withContext(async () => {
        const list = await webhooks();
        print(
          list.length
            ? textTable(
                ['id', 'url', 'added by'],
                list.map((w) => [w.id, w.url, w.createdBy]),
              )
            : 'no webhooks',
        );
      }),
    );
  hooks
    .command('remove')
    .argument('<id>', 'the webhook')
    .description('remove a webhook')
    .action((id: string) =>
      withContext(async () => {
        await removeWebhook(id);
        print(`webhook ${id} removed`);
      }),
    );
  return alerts;
}
