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

type Http = { get: (path: string) => SuperTestLike; post: (path: string) => SuperTestLike };
// supertest's request builder, as far as these helpers use it.
type SuperTestLike = {
  set: (k: string, v: string) => SuperTestLike;
  type: (t: string) => SuperTestLike;
  send: (body: object) => SuperTestLike;
  expect: (status: number) => Promise<{ text: string; headers: Record<string, string | string[] | undefined> }>;
} & PromiseLike<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }>;

export const TEST_PASSWORD = 'correct horse battery staple';

/** Sets a new user's password through its one-time link, as the user would. */
export async function setPasswordFor(http: Http, setPasswordPath: string, password = TEST_PASSWORD): Promise<void> {
  const setup = csrfOf(await http.get(setPasswordPath).expect(200));
  await http
    .post(setPasswordPath)
    .set('Cookie', setup.cookie)
    .type('form')
    .send({ _csrf: setup.token, password, confirm: password })
    .expect(303);
}

/** Signs in through the sign-in page; the session cookie (name=value). */
export async function signInCookie(http: Http, email: string, password = TEST_PASSWORD, agent?: string): Promise<string> {
  const page = csrfOf(await http.get('/sign-in').expect(200));
  let req = http.post('/sign-in').set('Cookie', page.cookie);
  if (agent) req = req.set('User-Agent', agent);
  const r = await req.type('form').send({ _csrf: page.token, email, password }).expect(303);
  return ([] as string[])
    .concat(r.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('tijdig.sid='))!
    .split(';')[0];
}
