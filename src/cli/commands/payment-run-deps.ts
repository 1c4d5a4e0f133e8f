/** What payment-run commands need in a CLI process: the run services' dependencies, and the person acted for. */
import { InvalidArgumentError } from 'commander';
import { todayIn } from '../../domain/dates.ts';
import type { Actor } from '../../domain/payment-runs/run-state.ts';
import { alertDeps } from '../../runtime/alert-deps.ts';
import type { CliContext } from '../../runtime/cli-context.ts';
import { paymentDeps } from '../../runtime/payment-deps.ts';
import { secretKey } from '../../runtime/secret-key.ts';
import { handOverConditions } from '../../services/alerts/hand-over.ts';
import type { PaymentDeps } from '../../services/payment-runs/deps.ts';
import { recomputeSuppliers } from '../../services/recompute.ts';
import { activeUserByEmail } from '../../services/users.ts';

/**
 * The CLI recomputes the suppliers a run or statement touched itself (as `tijdig import` does) and
 * hands their alert conditions, and any remittance advice, to the worker of `tijdig start`.
 */
export async function cliPaymentDeps(ctx: CliContext): Promise<PaymentDeps> {
  const queue = await ctx.alerts();
  const alerts = alertDeps(ctx.config, ctx.org, secretKey(ctx.config), queue);
  return paymentDeps(ctx.config, ctx.org, {
    alerts,
    recomputeSuppliers: async (ids) => {
      const today = todayIn(ctx.org.timezone);
      const { conditions = [] } = await recomputeSuppliers(ids, today, ctx.org, { alerts: true });
      await handOverConditions(`cli_runs_${today}_${Date.now()}`, today, conditions, (id) => queue.evaluate(id));
    },
  });
}

/** The signed-up user an operator acts for (`--user`): active, and finance or admin. */
export async function actingUser(email: string | undefined): Promise<Actor> {
  if (!email) throw new InvalidArgumentError('--user EMAIL is required: the person this is done for, as recorded on the run');
  const user = await activeUserByEmail(email);
  if (!user) throw new InvalidArgumentError(`--user ${email}: no active user with that e-mail address (tijdig users list)`);
  if (user.role !== 'admin' && user.role !== 'finance')
    throw new InvalidArgumentError(`--user ${email}: a ${user.role} user does not handle payment runs`);
  return { userId: String(user._id), email: user.email, at: new Date() };
}
