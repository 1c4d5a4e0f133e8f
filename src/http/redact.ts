/**
 * A status link's token is a password in a URL. Wherever a URL is logged it is replaced by a short
 * hash of the token: enough to match log lines to a link (its stored hash starts the same), useless
 * for opening it.
 */
import { createHash } from 'node:crypto';

const STATUS_TOKEN = /\/s\/([^/?#]+)/g;
// The signature of an alert's acknowledge or snooze link is as good as the link.
const ACTION_SIGNATURE = /(\/alerts\/[^?#]*\?(?:[^#]*&)?s=)([^&#]+)/g;

export const shortHash = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);

export function redactUrl(url: string): string {
  return url
    .replace(STATUS_TOKEN, (_m, token: string) => `/s/~${shortHash(token)}`)
    .replace(ACTION_SIGNATURE, (_m, head: string, sig: string) => `${head}~${shortHash(sig)}`);
}
