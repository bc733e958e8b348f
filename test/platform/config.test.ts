import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../src/platform/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = readConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, './.hearth');
    assert.equal(config.databaseUrl, undefined);
    assert.deepEqual(config.blocks, ['directory']);
    assert.equal(config.production, false);
  });

  it('reads every variable', () => {
    const config = readConfig({
      PORT: '8080',
      HEARTH_DATABASE_URL: 'postgres://x@y/z',
      HEARTH_DATA_DIR: '/var/hearth',
      HEARTH_BLOCKS: 'directory, identity',
      HEARTH_PUBLIC_URL: 'https://help.example.gov.uk/',
      NODE_ENV: 'production',
      HEARTH_DB_POOL_SIZE: '5',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://x@y/z');
    assert.equal(config.dataDir, '/var/hearth');
    assert.deepEqual(config.blocks, ['directory', 'identity']);
    assert.equal(config.publicUrl, 'https://help.example.gov.uk');
    assert.equal(config.production, true);
    assert.equal(config.poolSize, 5);
  });

  it('refuses a bad number, naming the variable', () => {
    assert.throws(() => readConfig({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message));
    assert.throws(() => readConfig({ HEARTH_DB_POOL_SIZE: '0' }), /HEARTH_DB_POOL_SIZE/);
  });
});
