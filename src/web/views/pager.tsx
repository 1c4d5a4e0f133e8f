import type { Locale } from '../i18n/locale.ts';

export interface PagerView {
  page: number;
  pages: number;
  prev: string | null;
  next: string | null;
}

/** Previous and next page of a paged list, with where the reader is. */
export function Pager({ locale, pager }: { locale: Locale; pager: PagerView }) {
  const t = locale.t.app.ranking;
  return (
    <nav aria-label={t.pages} class="pager">
      {pager.prev && (
        <a href={pager.prev} rel="prev">
          {t.previous}
        </a>
      )}
      <span>{t.pageOf(pager.page, pager.pages)}</span>
      {pager.next && (
        <a href={pager.next} rel="next">
          {t.next}
        </a>
      )}
    </nav>
  );
}
