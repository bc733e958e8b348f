import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../src/platform/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = readConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, './.hearth');
    assert.equal(config.databaseUrl, undefined);
    assert.deepEqual(config.blocks, ['directory', 'identity', 'insight', 'vault']);
    assert.equal(config.production, false);
    assert.deepEqual(config.sessions, { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 });
    assert.equal(config.notify, undefined, 'messages are recorded, not sent, unless Notify is configured');
  });

  it('reads every variable', () => {
    const config = readConfig({
      PORT: '8080',
      HEARTH_DATABASE_URL: 'postgres://x@y/z',
      HEARTH_DATA_DIR: '/var/hearth',
      HEARTH_BLOCKS: 'directory, identity',
      HEARTH_PUBLIC_URL: 'https://help.example.gov.uk/',
      NODE_ENV: 'production',
      HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      HEARTH_DB_POOL_SIZE: '5',
      HEARTH_SESSION_IDLE_MINUTES: '15',
      HEARTH_SESSION_MAX_HOURS: '8',
      HEARTH_NOTIFY_API_KEY: 'key',
      HEARTH_NOTIFY_TEMPLATE_SIGN_IN: '11111111-2222-4333-8444-555555555555',
      HEARTH_NOTIFY_TEMPLATE_INVITATION: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      HEARTH_NOTIFY_TEMPLATE_MESSAGE: '77777777-8888-4999-aaaa-bbbbbbbbbbbb',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://x@y/z');
    assert.equal(config.dataDir, '/var/hearth');
    assert.deepEqual(config.blocks, ['directory', 'identity']);
    assert.equal(config.publicUrl, 'https://help.example.gov.uk');
    assert.equal(config.production, true);
    assert.equal(config.poolSize, 5);
    assert.deepEqual(config.sessions, { idleSeconds: 15 * 60, absoluteSeconds: 8 * 3600 });
    assert.deepEqual(config.notify?.templateIds, { 'sign-in-link': '11111111-2222-4333-8444-555555555555', 'staff-invitation': '66666666-7777-4888-9999-aaaaaaaaaaaa', message: '77777777-8888-4999-aaaa-bbbbbbbbbbbb' });
  });

  it('refuses a bad number, naming the variable', () => {
    assert.throws(() => readConfig({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message));
    assert.throws(() => readConfig({ HEARTH_DB_POOL_SIZE: '0' }), /HEARTH_DB_POOL_SIZE/);
    assert.throws(() => readConfig({ HEARTH_SESSION_IDLE_MINUTES: '0' }), /HEARTH_SESSION_IDLE_MINUTES/);
    assert.throws(() => readConfig({ HEARTH_NOTIFY_API_KEY: 'key' }), /HEARTH_NOTIFY_TEMPLATE_SIGN_IN/);
  });

  it('trusts no proxy unless HEARTH_TRUST_PROXY names them (a hop count, names, addresses, CIDR ranges)', () => {
    assert.equal(readConfig({}).trustProxy, false);
    assert.equal(readConfig({ HEARTH_TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(readConfig({ HEARTH_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(readConfig({ HEARTH_TRUST_PROXY: 'loopback, 10.0.0.0/8,192.0.2.1,fd00::/8' }).trustProxy, ['loopback', '10.0.0.0/8', '192.0.2.1', 'fd00::/8']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '99']) {
      assert.throws(() => readConfig({ HEARTH_TRUST_PROXY: bad }), (e: unknown) => e instanceof ConfigError && /HEARTH_TRUST_PROXY/.test(e.message), bad);
    }
  });

  it('refuses to start in production without HEARTH_PUBLIC_URL, and refuses one that is not an http(s) address', () => {
    assert.throws(() => readConfig({ NODE_ENV: 'production' }), (e: unknown) => e instanceof ConfigError && /HEARTH_PUBLIC_URL/.test(e.message));
    for (const bad of ['help.example.gov.uk', 'ftp://help.example.gov.uk', 'https://user:pw@help.example.gov.uk', 'https://help.example.gov.uk/?a=1']) {
      assert.throws(() => readConfig({ HEARTH_PUBLIC_URL: bad }), /HEARTH_PUBLIC_URL/, bad);
    }
    assert.equal(readConfig({ HEARTH_PUBLIC_URL: 'https://Help.Example.gov.uk/hearth/' }).publicUrl, 'https://help.example.gov.uk/hearth');
  });
});
