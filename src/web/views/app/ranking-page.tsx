import type { Locale } from '../../i18n/locale.ts';
import { LEVELS, type RankingRow } from '../../view-models/app.ts';
import { EntitySelect } from '../entity-select.tsx';
import { type AppChrome, Layout } from '../layout.tsx';
import { Pager, type PagerView } from '../pager.tsx';

export interface RankingProps {
  locale: Locale;
  app: AppChrome;
  filter: {
    levels: string[];
    sizeClass: string;
    country: string;
    breach: boolean;
    q: string;
    entity: string;
    /** A group's entities (empty for a single organisation: no choice shown). */
    entities: Array<{ code: string; name: string }>;
  };
  rows: RankingRow[];
  caption: string;
  csvHref: string;
  pager: PagerView;
  missing: string | null;
}

const SIZES = ['micro', 'small', 'medium', 'large', 'unknown'] as const;

export function RankingPage({ locale, app, filter, rows, caption, csvHref, pager, missing }: RankingProps) {
  const t = locale.t.app.ranking;
  return (
    <Layout locale={locale} title={t.title} app={app}>
      <h1>{t.heading}</h1>
      <form method="get" action="/app/suppliers" class="filters">
        <fieldset>
          <legend>{t.level}</legend>
          {LEVELS.map((lv) => (
            <div class="choice">
              <input type="checkbox" id={`level-${lv}`} name="level" value={lv} checked={filter.levels.includes(lv)} />
              <label for={`level-${lv}`}>{locale.t.app.levels[lv]}</label>
            </div>
          ))}
        </fieldset>
        {filter.entities.length > 0 && <EntitySelect locale={locale} entities={{ list: filter.entities, chosen: filter.entity }} />}
        <div class="field">
          <label for="size">{t.size}</label>
          <select id="size" name="size">
            <option value="">{t.any}</option>
            {SIZES.map((s) => (
              <option value={s} selected={filter.sizeClass === s}>
                {locale.t.app.sizes[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="country">{t.country}</label>
          <input id="country" name="country" type="text" class="tiny" maxlength={2} value={filter.country} autocomplete="off" />
        </div>
        <div class="field">
          <label for="q">{t.search}</label>
          <input id="q" name="q" type="search" value={filter.q} autocomplete="off" />
        </div>
        <div class="choice">
          <input type="checkbox" id="breach" name="breach" value="1" checked={filter.breach} />
          <label for="breach">{t.breach}</label>
        </div>
        <button type="submit">{t.apply}</button>
      </form>
      {missing && <p class="warning">{missing}</p>}
      {filter.entity && rows.length > 0 && <p>{t.entityNote(filter.entity)}</p>}
      {!missing && rows.length === 0 && <p>{t.none}</p>}
      {rows.length > 0 && (
        <>
          <section class="scroll" aria-labelledby="ranking-caption" tabindex={0}>
            <table class="ranking">
              <caption id="ranking-caption">{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.colSupplier}</th>
                  <th scope="col">{t.colHarm}</th>
                  <th scope="col">{t.colReasons}</th>
                  <th scope="col" class="num">
                    {t.colMaxDays}
                  </th>
                  <th scope="col" class="num">
                    {t.colOverdue}
                  </th>
                  <th scope="col" class="num">
                    {t.colDependency}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={r.href}>{r.name}</a>
                      <small>{r.supplierId}</small>
                    </th>
                    <td>
                      <span class={`badge level-${r.levelKey}`}>{r.level}</span> {r.score}
                    </td>
                    <td>{r.reasons}</td>
                    <td class="num">{r.maxDays}</td>
                    <td class="num">{r.overdue}</td>
                    <td class="num">{r.dependency}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <Pager locale={locale} pager={pager} />
          <p>
            <a href={csvHref} download>
              {t.csv}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}
