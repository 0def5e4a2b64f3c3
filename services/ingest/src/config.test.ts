import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultFlushIntervalMs, loadConfig, REPO_ROOT } from './config.js';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('flushes at once with the embedded broker and after 10 ms with an external one, unless set', () => {
    expect(defaultFlushIntervalMs(loadConfig({}))).toBe(0);
    expect(defaultFlushIntervalMs(loadConfig({ MQTT_URL: 'mqtt://broker:1883' }))).toBe(10);
    expect(defaultFlushIntervalMs(loadConfig({ FLUSH_INTERVAL_MS: '25' }))).toBe(25);
    expect(defaultFlushIntervalMs(loadConfig({ FLUSH_INTERVAL_MS: '0', MQTT_URL: 'mqtt://b:1' }))).toBe(0);
  });

  it('reads the ingest-safety and broker-access settings', () => {
    const config = loadConfig({
      MQTT_HOST: '0.0.0.0',
      MQTT_ALLOW_ANONYMOUS: 'false',
      MQTT_USERNAME: 'ingest',
      MQTT_PASSWORD: 'secret',
      MQTT_PROTOCOL: '3.1.1',
      INGEST_SESSION_EXPIRY_S: '3600',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      INGEST_MAX_PENDING_BYTES: '16777216',
      ACTION_TIMEOUT_MS: '2000',
    });
    expect(config).toMatchObject({
      mqttHost: '0.0.0.0',
      mqttAllowAnonymous: false,
      mqttUsername: 'ingest',
      mqttPassword: 'secret',
      mqttProtocolVersion: 4,
      ingestSessionExpiryS: 3600,
      adminToken: 'a-long-enough-admin-token',
      maxPendingBytes: 16 * 1024 * 1024,
      actionTimeoutMs: 2000,
    });
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN must be at least 16/);
    expect(
      loadConfig({
        ADMIN_PASSWORD: 'a long pass phrase',
        SESSION_TTL_HOURS: '2',
        SESSION_COOKIE_SECURE: 'always',
      }),
    ).toMatchObject({
      adminPassword: 'a long pass phrase',
      sessionTtlMs: 7_200_000,
      sessionCookieSecure: 'always',
    });
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow('ADMIN_PASSWORD: at least 12 characters');
    expect(() => loadConfig({ SESSION_COOKIE_SECURE: 'sometimes' })).toThrow(
      /SESSION_COOKIE_SECURE must be auto, always or never/,
    );
    expect(() => loadConfig({ SESSION_TTL_HOURS: '0' })).toThrow(/SESSION_TTL_HOURS must be an integer/);
    expect(() => loadConfig({ MQTT_PROTOCOL: '4' })).toThrow(/MQTT_PROTOCOL must be 5 or 3.1.1/);
    expect(() => loadConfig({ INGEST_MAX_PENDING_BYTES: '10' })).toThrow(/INGEST_MAX_PENDING_BYTES/);
  });

  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      mqttPort: 1883,
      databaseUrl: null,
      databaseReadUrl: null,
      mqttUrl: null,
      city: 'sf',
      topicRoot: 'city',
      maxPayloadBytes: 262_144,
      shareGroup: null,
      simulator: true,
      historyImport: true,
      batchMaxRecords: null,
      flushIntervalMs: null,
      logLevel: 'info',
      mqttHost: '127.0.0.1',
      mqttAllowAnonymous: true,
      mqttUsername: null,
      mqttPassword: null,
      mqttProtocolVersion: 5,
      ingestSessionExpiryS: 604_800,
      adminToken: null,
      adminPassword: null,
      sessionTtlMs: 12 * 3_600_000,
      sessionCookieSecure: 'auto',
      liveAuthRecheckMs: 30_000,
      maxPendingBytes: 64 * 1024 * 1024,
      actionTimeoutMs: 5000,
    });
    expect(config.cityDir).toBe(join(REPO_ROOT, 'data', 'cities', 'sf'));
    expect(config.dataDir).toBe(join(REPO_ROOT, '.state'));
    expect(isAbsolute(config.dashboardDir)).toBe(true);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      MQTT_PORT: '',
      DATABASE_URL: '',
      CITY: '',
      TOPIC_ROOT: '',
      SIMULATOR: '',
    });
    expect(config.port).toBe(8080);
    expect(config.mqttPort).toBe(1883);
    expect(config.databaseUrl).toBeNull();
    expect(config.city).toBe('sf');
    expect(config.topicRoot).toBe('city');
    expect(config.simulator).toBe(true);
  });

  it('reads explicit values', () => {
    const config = loadConfig({
      PORT: '0',
      MQTT_PORT: '65535',
      DATABASE_URL: 'postgresql://u:p@db:5432/twin',
      MQTT_URL: 'mqtts://broker:8883',
      CITY: 'new-york',
      TOPIC_ROOT: 'nyc_1',
      MAX_PAYLOAD_BYTES: '1024',
      INGEST_SHARE_GROUP: 'ingest',
      SIMULATOR: 'OFF',
      DATA_DIR: '/var/lib/twin',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 0,
      mqttPort: 65535,
      databaseUrl: 'postgresql://u:p@db:5432/twin',
      mqttUrl: 'mqtts://broker:8883',
      city: 'new-york',
      cityPacksDir: join(REPO_ROOT, 'data', 'cities'),
      cityDir: join(REPO_ROOT, 'data', 'cities', 'new-york'),
      topicRoot: 'nyc_1',
      maxPayloadBytes: 1024,
      shareGroup: 'ingest',
      simulator: false,
      dataDir: '/var/lib/twin',
      logLevel: 'debug',
    });
  });

  it.each(['abc', '-1', '65536', '80.5', '1e3x'])('rejects PORT=%j, naming PORT', (PORT) => {
    const error = configError({ PORT });
    expect(error.message).toMatch(/^PORT must be an integer from 0 to 65535/);
  });

  // BUG: int() uses Number(raw), and Number(' ') is 0, so a whitespace-only PORT (e.g. `PORT=" "` from a
  // template) is silently accepted as port 0 (a random ephemeral port) instead of being rejected, although
  // " " is not an integer. Same for the other integer variables.
  it('rejects a whitespace-only PORT', () => {
    expect(configError({ PORT: ' ' }).message).toMatch(/^PORT /);
  });

  it('rejects an invalid MQTT_PORT and MAX_PAYLOAD_BYTES, naming them', () => {
    expect(configError({ MQTT_PORT: 'x' }).message).toMatch(/^MQTT_PORT /);
    expect(configError({ MAX_PAYLOAD_BYTES: '10' }).message).toMatch(/^MAX_PAYLOAD_BYTES /);
    expect(configError({ BATCH_MAX_RECORDS: '0' }).message).toMatch(/^BATCH_MAX_RECORDS /);
    expect(configError({ FLUSH_INTERVAL_MS: '99999' }).message).toMatch(/^FLUSH_INTERVAL_MS /);
  });

  it('accepts messages of unlisted departments unless UNLISTED_DEPARTMENTS=reject', () => {
    expect(loadConfig({}).unlistedDepartments).toBe('accept');
    expect(loadConfig({ UNLISTED_DEPARTMENTS: 'reject' }).unlistedDepartments).toBe('reject');
    expect(configError({ UNLISTED_DEPARTMENTS: 'drop' }).message).toBe(
      'UNLISTED_DEPARTMENTS must be accept or reject, got "drop"',
    );
  });

  it.each(['mysql://db/twin', 'http://db:5432/twin', 'postgres'])(
    'rejects DATABASE_URL=%j, naming it',
    (url) => {
      const error = configError({ DATABASE_URL: url });
      expect(error.message).toMatch(/^DATABASE_URL /);
    },
  );

  it('names the accepted schemes for DATABASE_URL', () => {
    expect(configError({ DATABASE_URL: 'mysql://db/twin' }).message).toBe(
      'DATABASE_URL must start with postgres:// or postgresql://',
    );
    expect(loadConfig({ DATABASE_URL: 'postgres://db/twin' }).databaseUrl).toBe('postgres://db/twin');
  });

  it('rejects an MQTT_URL with a wrong scheme', () => {
    expect(configError({ MQTT_URL: 'http://broker' }).message).toMatch(/^MQTT_URL must start with mqtt:\/\//);
  });

  it.each(['../etc', 'sf/../../etc', 'a/b', 'SF', '1sf', 'sf '])('rejects CITY=%j, naming CITY', (CITY) => {
    expect(configError({ CITY }).message).toMatch(/^CITY must be a city pack id/);
  });

  it.each(['city/v1', '#', '+', 'a b'])('rejects TOPIC_ROOT=%j', (TOPIC_ROOT) => {
    expect(configError({ TOPIC_ROOT }).message).toMatch(/^TOPIC_ROOT /);
  });

  it('splits work between instances only on a shared database and broker, and a replica needs its primary', () => {
    const shared = { DATABASE_URL: 'postgres://db/twin', MQTT_URL: 'mqtt://broker' };
    expect(loadConfig({ ...shared, INSTANCE_ROLE: 'api' }).role).toBe('api');
    expect(loadConfig(shared).role).toBe('both');
    expect(() => loadConfig({ INSTANCE_ROLE: 'ingest' })).toThrow(/needs a shared database and broker/);
    expect(() => loadConfig({ ...shared, INSTANCE_ROLE: 'worker' })).toThrow(
      /INSTANCE_ROLE must be ingest, api or both/,
    );
    expect(loadConfig({ ...shared, DATABASE_READ_URL: 'postgres://replica/twin' }).databaseReadUrl).toBe(
      'postgres://replica/twin',
    );
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/twin' })).toThrow(
      /set DATABASE_URL too/,
    );
  });

  it('rejects a share group with separators', () => {
    expect(configError({ INGEST_SHARE_GROUP: 'a/b' }).message).toMatch(/^INGEST_SHARE_GROUP /);
  });

  it.each([
    ['1', true],
    ['TRUE', true],
    ['yes', true],
    ['on', true],
    ['0', false],
    ['False', false],
    ['no', false],
  ])('reads SIMULATOR=%j as %s', (SIMULATOR, expected) => {
    expect(loadConfig({ SIMULATOR }).simulator).toBe(expected);
  });

  it("sizes the in-process demo feed from the SIM_* settings, the standalone simulator's names", () => {
    expect(loadConfig({}).demoFeed).toEqual({});
    expect(
      loadConfig({
        SIM_SENSORS: '50000',
        SIM_INTERVAL_MS: '1000',
        SIM_INCIDENTS_PER_MIN: '30',
        SIM_TIME_SCALE: '60',
      }).demoFeed,
    ).toEqual({ sensorCount: 50_000, readingIntervalMs: 1000, incidentsPerMinute: 30, timeScale: 60 });
    expect(configError({ SIM_SENSORS: 'lots' }).message).toBe(
      'SIM_SENSORS must be an integer from 0 to 200000, got "lots"',
    );
    expect(configError({ SIM_INTERVAL_MS: '5' }).message).toMatch(
      /^SIM_INTERVAL_MS must be an integer from 100/,
    );
  });

  it('rejects a SIMULATOR value that is not a boolean, naming it', () => {
    expect(configError({ SIMULATOR: 'maybe' }).message).toBe('SIMULATOR must be true or false, got "maybe"');
  });

  it('resolves a relative DATA_DIR against the repository root', () => {
    expect(loadConfig({ DATA_DIR: 'tmp/state' }).dataDir).toBe(join(REPO_ROOT, 'tmp/state'));
  });
});

describe('loadConfig: rules', () => {
  it('runs the rules every 5 s on data at most an hour old by default; 0 turns them off', () => {
    expect(loadConfig({})).toMatchObject({ rulesIntervalS: 5, rulesMaxLagS: 3600 });
    expect(loadConfig({ RULES_INTERVAL_S: '0', RULES_MAX_LAG_S: '600' })).toMatchObject({
      rulesIntervalS: 0,
      rulesMaxLagS: 600,
    });
    expect(() => loadConfig({ RULES_MAX_LAG_S: '10' })).toThrow(
      'RULES_MAX_LAG_S must be an integer from 60 to 604800, got "10"',
    );
  });
});

describe('loadConfig: data retention and maintenance', () => {
  it('keeps data for good by default, compresses after 3 days, trims the change log and dead letters', () => {
    expect(loadConfig({})).toMatchObject({
      readingsRetentionDays: 0,
      rollupRetentionDays: 0,
      compressAfterHours: 72,
      changeLogRetentionHours: 24,
      deadLetterRetentionDays: 30,
      maintenanceLeaderRetryS: 10,
    });
  });

  it('reads explicit values', () => {
    expect(
      loadConfig({
        READINGS_RETENTION_DAYS: '90',
        ROLLUP_RETENTION_DAYS: '730',
        COMPRESS_AFTER_HOURS: '0',
        CHANGE_LOG_RETENTION_HOURS: '6',
        DEAD_LETTER_RETENTION_DAYS: '0',
        MAINTENANCE_LEADER_RETRY_S: '2',
      }),
    ).toMatchObject({
      readingsRetentionDays: 90,
      rollupRetentionDays: 730,
      compressAfterHours: 0,
      changeLogRetentionHours: 6,
      deadLetterRetentionDays: 0,
      maintenanceLeaderRetryS: 2,
    });
    expect(
      loadConfig({ READINGS_RETENTION_DAYS: '30', ROLLUP_RETENTION_DAYS: '30' }).rollupRetentionDays,
    ).toBe(30);
    expect(loadConfig({ READINGS_RETENTION_DAYS: '30' }).rollupRetentionDays).toBe(0);
  });

  it('refuses aggregates kept for less time than the readings, in plain words', () => {
    expect(configError({ READINGS_RETENTION_DAYS: '90', ROLLUP_RETENTION_DAYS: '30' }).message).toBe(
      'ROLLUP_RETENTION_DAYS (30) must be 0 (keep for good) or at least READINGS_RETENTION_DAYS (90): aggregates are kept at least as long as the readings',
    );
    expect(configError({ ROLLUP_RETENTION_DAYS: '30' }).message).toMatch(
      /READINGS_RETENTION_DAYS \(0, kept for good\)/,
    );
  });

  it('names the setting when a value is not a whole number in range', () => {
    expect(configError({ READINGS_RETENTION_DAYS: '-1' }).message).toMatch(
      /^READINGS_RETENTION_DAYS must be an integer/,
    );
    expect(configError({ COMPRESS_AFTER_HOURS: '1.5' }).message).toMatch(
      /^COMPRESS_AFTER_HOURS must be an integer/,
    );
    expect(configError({ CHANGE_LOG_RETENTION_HOURS: '0' }).message).toMatch(
      /^CHANGE_LOG_RETENTION_HOURS must be an integer from 1/,
    );
    expect(configError({ DEAD_LETTER_RETENTION_DAYS: 'month' }).message).toMatch(
      /^DEAD_LETTER_RETENTION_DAYS/,
    );
    expect(configError({ MAINTENANCE_LEADER_RETRY_S: '0' }).message).toMatch(/^MAINTENANCE_LEADER_RETRY_S/);
  });
});

describe('loadConfig: CAP alerts', () => {
  it('has no sources, no public URL and the default sender by default; polls every minute', () => {
    expect(loadConfig({})).toMatchObject({
      capSender: null,
      capPublicUrl: null,
      capSources: [],
      capPollS: 60,
    });
  });

  it('reads files (relative to the repository root) and http(s) URLs', () => {
    expect(
      loadConfig({ CAP_SOURCES: 'data/cities/sf/cap-sample.xml, http://10.0.0.5/alerts.atom,/srv/a.xml' })
        .capSources,
    ).toEqual([
      join(REPO_ROOT, 'data/cities/sf/cap-sample.xml'),
      'http://10.0.0.5/alerts.atom',
      '/srv/a.xml',
    ]);
  });

  it('refuses other URL schemes, a sender CAP cannot carry and a poll below 5 s', () => {
    expect(configError({ CAP_SOURCES: 'ftp://x/a.xml' }).message).toBe(
      'CAP_SOURCES: "ftp://x/a.xml" must be a file path or an http(s) URL',
    );
    expect(configError({ CAP_SENDER: 'city ops' }).message).toMatch(/^CAP_SENDER must be one word/);
    expect(configError({ CAP_POLL_S: '1' }).message).toMatch(/^CAP_POLL_S must be an integer from 5/);
  });
});
