import type { CalendarDate } from '../../domain/dates.ts';
import type { AlertDeps } from '../../services/alerts/alert-deps.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import type { StatusAccess } from '../../services/status-access.ts';
import type { Lang } from '../../web/i18n/locale.ts';
import type { Csrf } from '../middleware/csrf.ts';
import type { RateLimitDeps } from '../middleware/rate-limits.ts';

/** What the web pages need from the process that serves them. */
export interface PageDeps {
  org: OrgSettings;
  /** Shown in headings ("Invoices of X at <org>"); null leaves it out. */
  orgName: string | null;
  defaultLang: Lang;
  /** Cookies get the Secure flag (PUBLIC_URL is https). */
  secure: boolean;
  csrf: Csrf;
  limits: RateLimitDeps;
  showLegalLimit: boolean;
  /** Whether /payment-practices publishes the organisation's figures (PUBLIC_PAYMENT_PRACTICES, or sample data). */
  practicesPublished: () => Promise<boolean>;
  /** Opens status links (and counts the openings). */
  links: StatusAccess;
  /** Today in the organisation's time zone (tests fix it). */
  today: () => CalendarDate;
  /** Alerts: the e-mail action links, the web app's alerts page, and supplier messages as alerts. */
  alerts?: PageAlerts;
}

export interface PageAlerts {
  deps: AlertDeps;
  /** Queues turning a supplier's message into an alert. */
  notifyMessage: (messageId: string) => Promise<void>;
}
