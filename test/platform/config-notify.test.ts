import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../src/platform/config.js';

const PRODUCTION = { NODE_ENV: 'production', HEARTH_PUBLIC_URL: 'https://help.example.gov.uk', HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };
const NOTIFY = {
  HEARTH_NOTIFY_API_KEY: 'key',
  HEARTH_NOTIFY_TEMPLATE_SIGN_IN: '11111111-2222-4333-8444-555555555555',
  HEARTH_NOTIFY_TEMPLATE_INVITATION: '66666666-7777-4888-9999-aaaaaaaaaaaa',
  HEARTH_NOTIFY_TEMPLATE_MESSAGE: '77777777-8888-4999-aaaa-bbbbbbbbbbbb',
};

describe('configuration: messages in production', () => {
  it('refuses to start in production without GOV.UK Notify (every sign-in link would be printed on the console), naming the variable', () => {
    assert.throws(
      () => readConfig(PRODUCTION),
      (e: unknown) => e instanceof ConfigError && /HEARTH_NOTIFY_API_KEY/.test(e.message) && /HEARTH_NOTIFY_RECORD_ONLY=true/.test(e.message),
    );
  });

  it('starts in production with Notify, or when a test site says plainly that it only records messages', () => {
    assert.ok(readConfig({ ...PRODUCTION, ...NOTIFY }).notify);
    assert.equal(readConfig({ ...PRODUCTION, HEARTH_NOTIFY_RECORD_ONLY: 'true' }).notify, undefined);
    assert.throws(() => readConfig({ ...PRODUCTION, HEARTH_NOTIFY_RECORD_ONLY: 'false' }), /HEARTH_NOTIFY_API_KEY/);
    assert.throws(() => readConfig({ ...PRODUCTION, HEARTH_NOTIFY_RECORD_ONLY: 'yes please' }), /HEARTH_NOTIFY_RECORD_ONLY must be true or false/);
  });

  it('records and prints messages outside production, as before', () => {
    assert.equal(readConfig({}).notify, undefined);
  });
});
