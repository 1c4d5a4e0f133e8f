/** Reading a page's form the way a browser would: its CSRF field and the cookie that goes with it. */

/** `page`: a supertest response, or a fetch response's text and cookies in the same shape. */
export function csrfOf(page: { text: string; headers: Record<string, string | string[] | undefined> }): { token: string; cookie: string } {
  const m = /name="_csrf" value="([^"]+)"/.exec(page.text);
  if (!m) throw new Error('the page has no CSRF field');
  const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  const csrf = cookies.find((c) => /^(__Host-)?tijdig\.csrf=/.test(c));
  if (!csrf) throw new Error('the page set no CSRF cookie');
  return { token: m[1], cookie: csrf.split(';')[0] };
}

/** Visible text of an HTML page, tags removed, entities of the kinds the templates write decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[\s\u00a0]+/g, ' ');
}
