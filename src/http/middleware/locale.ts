/**
 * The reader's language: `?lang=` when given (and remembered in a cookie), else the remembered
 * choice, else the browser's Accept-Language, else the organisation's default.
 */
import type { RequestHandler } from 'express';
import { isLang, type Lang, type Locale, localeOf } from '../../web/i18n/locale.ts';

declare module 'express-serve-static-core' {
  interface Request {
    locale: Locale;
  }
}

export const LANG_COOKIE = 'tijdig.lang';

export function negotiateLocale(defaultLang: Lang, secure: boolean): RequestHandler {
  return (req, res, next) => {
    const asked = req.query.lang;
    let lang: Lang;
    if (isLang(asked)) {
      lang = asked;
      res.cookie(LANG_COOKIE, lang, { maxAge: 365 * 86_400_000, httpOnly: true, sameSite: 'lax', secure, path: '/' });
    } else {
      const remembered = req.cookies?.[LANG_COOKIE];
      lang = isLang(remembered) ? remembered : ((req.acceptsLanguages('nl', 'en') || defaultLang) as Lang);
    }
    res.vary('Accept-Language');
    res.vary('Cookie');
    req.locale = localeOf(lang);
    next();
  };
}
