import type { Locale } from '../i18n/locale.ts';
import { Layout } from './layout.tsx';

export interface FrontPageProps {
  locale: Locale;
  orgName: string | null;
  /** No user exists yet: say where the first admin's link is. */
  noUsers: boolean;
  /** The organisation publishes its payment figures (/payment-practices). */
  practices: boolean;
  sample: boolean;
}

/** The front door for anyone not signed in: staff sign in, suppliers look up an invoice. */
export function FrontPage({ locale, orgName, noUsers, practices, sample }: FrontPageProps) {
  const t = locale.t.front;
  return (
    <Layout locale={locale} title={t.title} sample={sample}>
      <h1>{t.heading(orgName)}</h1>
      <p class="lead">{t.lead}</p>
      <div class="doors">
        <section aria-labelledby="door-staff">
          <h2 id="door-staff">{t.staff}</h2>
          <p>{t.staffIntro}</p>
          {noUsers && <p class="warning">{t.noUsers}</p>}
          <p>
            <a class="button" href="/sign-in">
              {t.signIn}
            </a>
          </p>
        </section>
        <section aria-labelledby="door-suppliers">
          <h2 id="door-suppliers">{t.suppliers}</h2>
          <p>{t.suppliersIntro}</p>
          <p>
            <a class="button secondary" href="/lookup">
              {t.lookup}
            </a>
          </p>
          {practices && (
            <p>
              <a href="/payment-practices">{t.practices}</a> — {t.practicesIntro}
            </p>
          )}
        </section>
      </div>
    </Layout>
  );
}
