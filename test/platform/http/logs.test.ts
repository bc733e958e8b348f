import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { readConfig } from '../../../src/platform/config.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { createLogger } from '../../../src/platform/log.js';
import { createHearth, type Hearth } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

/** A pino destination that keeps every line written. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream, text: () => lines.join('\n') };
}

describe('logs: no secrets', () => {
  let database: TestDatabase;
  let hearth: Hearth;
  const log = capture();
  before(async () => {
    database = await freshDatabase();
    hearth = await createHearth(readConfig({ HEARTH_DATA_DIR: 'memory://' }), {
      db: database.db,
      log: createLogger('info', log.stream),
      dispatch: false,
      quietNotifications: true,
    });
    await addCouncil(database.db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
    await hearth.councils.reload();
  });
  after(async () => {
    await hearth.close();
    await database.close();
  });

  it('logs a sign-in link request by its path, never its token, and never the credentials in its headers', async () => {
    const token = 'SECRETtoken0123456789abcdefghijklmnopqrstuvw';
    const res = await hearth.app.inject({
      url: `/sign-in/link?token=${token}&lang=en`,
      headers: { accept: 'text/html', cookie: 'hearth_session=SESSIONsecret', authorization: 'Bearer SECRETbearer' },
    });
    assert.ok(res.statusCode < 500);
    const text = log.text();
    assert.match(text, /"url":"\/sign-in\/link"/, 'the request line names the path');
    for (const secret of [token, 'SESSIONsecret', 'SECRETbearer', 'token=']) assert.ok(!text.includes(secret), `no ${secret} in the log`);
  });

  it('redacts credentials anywhere in a logged object, and in query strings inside text', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer A', cookie: 'c=B', 'x-api-key': 'C' } },
        notify: { request: { headers: { Authorization: 'Bearer D' }, body: { personalisation: { link: 'https://x/sign-in/link?token=E' } } }, apiKey: 'F' },
        deep: [[{ nested: { client_secret: 'G', password: 'H', reason: 'went to https://x/cb?code=I&state=J' } }]],
        token: 'K',
      },
      'message with https://x/sign-in/link?token=L',
    );
    logger.error({ err: Object.assign(new Error('failed at https://x/?token=M'), { config: { headers: { authorization: 'Bearer N' } } }) }, 'failed');
    const text = out.text();
    for (const secret of ['Bearer A', 'c=B', '"C"', 'Bearer D', 'token=E', '"F"', '"G"', '"H"', 'code=I', 'state=J', '"K"', 'token=M', 'Bearer N']) {
      assert.ok(!text.includes(secret), `${secret} is redacted in ${text}`);
    }
    assert.match(text, /\[redacted\]/);
    assert.match(text, /went to https:\/\/x\/cb\?code=\[redacted\]/, 'the rest of the text is kept');
  });

  it('escapes control characters: a logged value cannot forge a line or drive a terminal', () => {
    const out = capture();
    createLogger('info', out.stream).info({ email: 'a@example.org\n{"level":50,"msg":"forged"}\u001b[2J' }, 'hello');
    assert.equal(out.lines.length, 1);
    assert.ok(!out.text().includes('\u001b'));
    assert.match(out.text(), /\\n\{\\"level\\":50/);
  });

  it('keeps a deeply nested value bounded (no stack overflow)', () => {
    const out = capture();
    let value: unknown = 'x';
    for (let i = 0; i < 100_000; i++) value = [value];
    createLogger('info', out.stream).info({ value }, 'deep');
    assert.match(out.text(), /too deep/);
  });
});
