import type { LightMyRequestResponse } from 'fastify';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import type { TestHearth } from '../../support/app.js';

/** Cookies a browser would hold, kept from response to response. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: LightMyRequestResponse): void {
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The anti-forgery token in a page's forms, if it has one. */
export const formTokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/**
 * A browser: GETs and form POSTs with its cookies and, as a browser submits a form it shows, the
 * CSRF token of the last page it read, with `Sec-Fetch-Site: same-origin`.
 */
export class Browser {
  readonly jar = new CookieJar();
  /** The last page this browser read (its forms' tokens are the ones a post sends). */
  lastPage = '';
  /** Each browser comes from its own address, as different people do (rate limits count per address). */
  readonly ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  constructor(private readonly hearth: TestHearth) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.hearth.app.inject({ url, remoteAddress: this.ip, headers: { accept: 'text/html', cookie: this.jar.header() } });
    this.jar.take(res);
    this.lastPage = res.body;
    return res;
  }

  /** POST a form from the last page read (its `_csrf` field included, unless `csrf: false`). */
  async post(url: string, form: Record<string, string>, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const token = formTokenOf(this.lastPage);
    const fields = options.csrf === false || !token ? form : { _csrf: token, ...form };
    const res = await this.hearth.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: {
        accept: 'text/html',
        cookie: this.jar.header(),
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        ...options.headers,
      },
      payload: new URLSearchParams(fields).toString(),
    });
    this.jar.take(res);
    // A page shown in answer (an error summary, say) is the one the next post comes from; a
    // redirect leaves the browser on the page it gets next.
    if (res.statusCode < 300 || res.statusCode >= 400) this.lastPage = res.body;
    return res;
  }
}

/** The newest sign-in link recorded for this address. */
export async function latestLink(hearth: TestHearth, email: string): Promise<string | undefined> {
  const [message] = (await recordedNotifications(hearth.db, email)).filter((m) => m.template === 'sign-in-link');
  return message?.personalisation.link;
}

/** The path and query of a link Hearth sent (links are absolute). */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};

/** Sign in by email link, as a person would: returns their browser, signed in. */
export async function signIn(hearth: TestHearth, email: string, basePath = ''): Promise<Browser> {
  const browser = new Browser(hearth);
  await browser.get(`${basePath}/sign-in`);
  const sent = await browser.post(`${basePath}/sign-in`, { email });
  if (sent.statusCode !== 303) throw new Error(`sign-in form answered ${sent.statusCode}: ${sent.body.slice(0, 300)}`);
  const link = await latestLink(hearth, email);
  if (!link) throw new Error(`no sign-in link was sent to ${email}`);
  const landing = await browser.get(pathOf(link));
  const token = /name="token" value="([^"]+)"/.exec(landing.body)?.[1];
  if (!token) throw new Error(`the link page has no sign-in button: ${landing.statusCode}`);
  const done = await browser.post(`${basePath}/sign-in/link`, { token });
  if (done.statusCode !== 303 || !browser.jar.get('hearth_session')) throw new Error(`signing in answered ${done.statusCode}: ${done.body.slice(0, 300)}`);
  return browser;
}
