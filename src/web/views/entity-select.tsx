/** The entity filter of a group's pages: "the whole group", or one of its entities by code and name. */
import type { Locale } from '../i18n/locale.ts';

export interface EntityChoice {
  list: Array<{ code: string; name: string }>;
  /** The chosen entity's code; '' for the whole group. */
  chosen: string;
}

export function EntitySelect({ locale, entities }: { locale: Locale; entities: EntityChoice }) {
  const t = locale.t.app.reports;
  return (
    <div class="field">
      <label for="entity">{t.entity}</label>
      <select id="entity" name="entity">
        <option value="">{t.wholeGroup}</option>
        {entities.list.map((e) => (
          <option value={e.code} selected={entities.chosen === e.code}>
            {`${e.code} — ${e.name}`}
          </option>
        ))}
      </select>
    </div>
  );
}
