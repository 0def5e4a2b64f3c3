/**
 * Versioned migrations, applied in order at start and recorded in schema_migrations. Each migration is
 * SQL per dialect. `transactional: false` is for statements TimescaleDB refuses inside a transaction
 * (creating a continuous aggregate).
 */
import { OPEN_STATUSES, UNLISTED_ICON } from '@twin/domain';
import type pg from 'pg';
import { type Dialect, detectDialect } from './dialect.js';
import { LOCK_NAMESPACE, MIGRATION_LOCK } from './lock-keys.js';
import { withClient } from './pool.js';

interface Migration {
  version: number;
  name: string;
  /** Or per dialect. */
  transactional: boolean | ((dialect: Dialect) => boolean);
  sql(dialect: Dialect): string[];
}

const partitioned = (dialect: Dialect) => (dialect === 'postgres' ? ' partition by range (ts)' : '');

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core tables',
    transactional: true,
    sql: (dialect) => [
      ...(dialect === 'timescale' ? ['create extension if not exists timescaledb'] : []),
      `create table sensors (
        sensor_id text primary key,
        name text not null,
        kind text not null,
        department text not null,
        lat double precision,
        lon double precision,
        district text,
        units jsonb not null default '{}',
        interval_s double precision,
        simulated boolean not null default false,
        registered boolean not null default false,
        status text not null default 'unknown',
        status_at timestamptz,
        meta_at timestamptz,
        last_seen timestamptz
      )`,
      `create table readings (
        sensor_id text not null,
        metric text not null,
        ts timestamptz not null,
        value double precision not null,
        primary key (sensor_id, metric, ts)
      )${partitioned(dialect)}`,
      `create table sensor_latest (
        sensor_id text not null,
        metric text not null,
        ts timestamptz not null,
        value double precision not null,
        primary key (sensor_id, metric)
      )`,
      // NOTE: the time column must be in every unique key of a hypertable or partitioned table, so eventId
      // uniqueness across timestamps is enforced by the writer (insert … where not exists) on this index.
      `create table incident_events (
        event_id text not null,
        incident_id text not null,
        type text not null,
        ts timestamptz not null,
        department text not null,
        body jsonb not null,
        received_at timestamptz not null default now(),
        primary key (event_id, ts)
      )${partitioned(dialect)}`,
      'create index incident_events_event_id on incident_events (event_id)',
      'create index incident_events_incident on incident_events (incident_id, ts)',
      `create table incidents (
        incident_id text primary key,
        status text not null,
        department text not null,
        severity integer not null,
        category text not null,
        district text,
        lat double precision,
        lon double precision,
        opened_at timestamptz not null,
        updated_at timestamptz not null,
        state jsonb not null
      )`,
      'create index incidents_status on incidents (status, updated_at desc)',
      'create index incidents_department on incidents (department)',
      `create table dead_letters (
        id bigserial primary key,
        received_at timestamptz not null default now(),
        topic text not null,
        reason text not null,
        payload text not null,
        payload_bytes integer not null
      )`,
      'create index dead_letters_received on dead_letters (received_at desc)',
      ...(dialect === 'timescale'
        ? [
            "select create_hypertable('readings', by_range('ts', interval '1 day'))",
            "select create_hypertable('incident_events', by_range('ts', interval '7 days'))",
          ]
        : [
            'create table readings_default partition of readings default',
            'create table incident_events_default partition of incident_events default',
          ]),
    ],
  },
  {
    version: 2,
    name: '1-minute readings rollup',
    transactional: false,
    sql: (dialect) =>
      dialect === 'timescale'
        ? [
            // NOTE: materialized_only = false gives real-time aggregation: buckets after the last refreshed
            // one are computed from raw rows at query time. A late row in an already refreshed bucket shows
            // once that bucket is refreshed again, which the service schedules within seconds
            // (db/maintenance.ts).
            `create materialized view readings_1m
             with (timescaledb.continuous, timescaledb.materialized_only = false) as
             select time_bucket('1 minute', ts) as bucket, sensor_id, metric,
                    avg(value) as avg, min(value) as min, max(value) as max, count(*) as count
             from readings group by 1, 2, 3 with no data`,
          ]
        : [
            `create table readings_1m_rollup (
              bucket timestamptz not null,
              sensor_id text not null,
              metric text not null,
              sum double precision not null,
              count bigint not null,
              min double precision not null,
              max double precision not null,
              primary key (sensor_id, metric, bucket)
            )`,
            `create view readings_1m as
             select bucket, sensor_id, metric, sum / count as avg, min, max, count from readings_1m_rollup`,
          ],
  },
  {
    version: 3,
    name: 'device credentials; event ids scoped by department',
    transactional: true,
    sql: () => [
      // NOTE: an eventId is unique within its publishing department, so one department's system cannot
      // claim another department's future event id and have the real event discarded as a duplicate.
      // The key leads with (department, event_id), so it also serves the writer's duplicate check.
      'alter table incident_events drop constraint incident_events_pkey',
      'alter table incident_events add primary key (department, event_id, ts)',
      'drop index incident_events_event_id',
      // Who may connect to the embedded broker, and what each may publish (docs/ingestion.md). Only a
      // scrypt hash of each secret is kept.
      `create table mqtt_credentials (
        username text primary key,
        kind text not null check (kind in ('sensor', 'gateway', 'department', 'integration')),
        scope text,
        password_hash text not null,
        description text not null default '',
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        check ((kind in ('sensor', 'gateway', 'department')) = (scope is not null))
      )`,
    ],
  },
  {
    version: 4,
    name: 'change log, stored totals and sequences, fold version',
    transactional: true,
    sql: () => [
      // One ordered log of every committed change, appended in the writing transaction under a lock so
      // that `seq` order is commit order (db/change-log.ts). Every instance's live hub tails it.
      `create table change_log (
        seq bigint generated always as identity primary key,
        at timestamptz not null default now(),
        kind text not null check (kind in ('incident', 'sensor', 'readings', 'dead_letter')),
        body jsonb not null,
        -- readings rows: the sensors with new readings (their values are read from sensor_latest)
        sensor_ids text[]
      )`,
      'create index change_log_at on change_log (at)',
      // The message accounting of every instance together, updated in the writing transaction.
      `create table ingest_totals (
        id integer primary key check (id = 1),
        messages_stored bigint not null default 0,
        messages_duplicate bigint not null default 0,
        messages_rejected bigint not null default 0,
        readings_stored bigint not null default 0,
        readings_duplicate bigint not null default 0,
        events_stored bigint not null default 0,
        events_duplicate bigint not null default 0,
        dead_letters bigint not null default 0,
        seq_gaps bigint not null default 0,
        seq_resets bigint not null default 0,
        last_ingest_at timestamptz
      )`,
      'insert into ingest_totals (id) values (1)',
      // The newest `seq` counter of each sensor, whichever instance received it.
      `create table sensor_sequences (
        sensor_id text primary key,
        first_seq bigint not null,
        last_seq bigint not null
      )`,
      // The fold rules that made a stored state, and the last event it applied (to tell a late event).
      // Existing states (version 0) are refolded from their events the next time they change, or by
      // \`pnpm refold\`.
      'alter table incidents add column fold_version integer not null default 0',
      'alter table incidents add column fold_position jsonb',
    ],
  },
  {
    version: 5,
    name: 'long-term storage: readings compression; rollup retention index',
    transactional: true,
    sql: (dialect) =>
      dialect === 'timescale'
        ? [
            // Columnar compression of old chunks, run by the maintenance leader (db/retention.ts): PGlite has
            // no background workers for a compression policy. Segmenting by series keeps one sensor's metric
            // together, so a series query and the on-conflict check of a late insert touch one segment.
            `alter table readings set (timescaledb.compress, timescaledb.compress_segmentby = 'sensor_id, metric',
               timescaledb.compress_orderby = 'ts')`,
          ]
        : [
            // The rollup table is not partitioned: retention deletes old buckets in batches and needs to find
            // them without a full scan. BRIN is tiny and nearly free for the writer: buckets arrive in time
            // order.
            'create index readings_1m_rollup_bucket on readings_1m_rollup using brin (bucket)',
          ],
  },
  {
    version: 6,
    name: 'grid cells of incidents and sensors; the placement basis',
    transactional: true,
    sql: () => [
      // The grid cell `row:col` of the position (@twin/city grid.ts); with `district` it is the unit of the
      // area counts. Rows stored before this version are placed at the next start (db/placement.ts).
      'alter table incidents add column cell text',
      'alter table sensors add column cell text',
      // What the stored districts and cells were computed from (the city pack's districts and grid size):
      // when it changes (a first start after this migration, a new pack), every stored row is placed again.
      `create table placement_basis (
        id integer primary key check (id = 1),
        fingerprint text not null,
        placed_at timestamptz not null default now()
      )`,
      // The area counts read incidents opened before the window's end.
      'create index incidents_opened on incidents (opened_at)',
    ],
  },
  {
    version: 7,
    name: 'department registry: the city pack’s departments and unlisted ones',
    transactional: true,
    sql: () => [
      // The departments of the city (db/departments.ts): the pack's, listed, upserted at every start in pack
      // order (`position`), and every other department that ever published, unlisted, registered by the
      // writer in the transaction that stores its first event or sensor. Never deleted: data refers to them.
      `create table departments (
        id text primary key,
        name text not null,
        short_name text not null,
        -- "#rrggbb"; an unlisted department's colour is derived from its id (set at start for the backfill)
        color text not null,
        icon text not null,
        listed boolean not null,
        position integer,
        first_seen_at timestamptz not null default now(),
        check (listed = (position is not null))
      )`,
      // Departments of data stored before the registry existed: unlisted until the start that follows
      // upserts the pack's (and gives these their derived colours: '' marks them).
      `insert into departments (id, name, short_name, color, icon, listed, first_seen_at)
       select d.id, d.id, d.id, '', '${UNLISTED_ICON}', false, min(d.at) from (
         select department as id, received_at as at from incident_events
         union all
         select body->>'toDepartment', received_at from incident_events where body ? 'toDepartment'
         union all
         select department, coalesce(meta_at, now()) from sensors where registered) d
       where d.id is not null
       group by d.id`,
    ],
  },
  {
    version: 8,
    name: 'free-text incident categories with a filter key; incidents awaiting their report',
    transactional: true,
    sql: () => [
      // An incident whose `reported` event has not arrived has no category yet (it was `unknown`).
      'alter table incidents alter column category drop not null',
      // `categoryKey` of the domain (category.ts), for `?category=`; stored so the filter uses an index.
      'alter table incidents add column category_key text',
      'alter table incidents add column awaiting_report boolean not null default false',
      // Existing categories were slugs (lowercase letters, digits, "_" and "-"), whose key this is exactly;
      // existing states flagged themselves with `complete`. FOLD_VERSION 2 then refolds them at start.
      `update incidents set
         awaiting_report = coalesce(state->>'complete' = 'false', false),
         category_key = case when state->>'complete' = 'false' then null
                             else nullif(trim(both '-' from regexp_replace(lower(category), '[^a-z0-9]+', '-', 'g')), '')
                        end`,
      'create index incidents_category_key on incidents (category_key)',
      // Partial: few incidents ever wait for their report; the /metrics gauge counts them often.
      'create index incidents_awaiting_report on incidents (incident_id) where awaiting_report',
    ],
  },
  {
    version: 9,
    name: 'time as the data has it: incident open periods, data time, dead-letter keyset',
    transactional: true,
    sql: () => [
      // An incident is open until its resolution (domain incident-window.ts). The column is derived from the
      // folded state by the database, so the writer has nothing more to keep in step; to_timestamp(float8)
      // is immutable, as a stored generated column needs.
      `alter table incidents add column resolved_at timestamptz
         generated always as (to_timestamp((state->>'resolvedAt')::float8 / 1000)) stored`,
      // "Open during [from, to]" (db/incident-window.ts): an old window is narrowed by when incidents opened,
      // a recent one by when they were resolved (still open = infinity); the planner combines both.
      // (incidents_opened, on opened_at, came with migration 6.)
      "create index incidents_open_until on incidents ((coalesce(resolved_at, 'infinity'::timestamptz)))",
      // The data's time (db/data-clock.ts) is max(updated_at): one index probe instead of a scan.
      'create index incidents_updated on incidents (updated_at)',
      // Dead letters are paged by the keyset (received_at, id), newest first; this index serves the order
      // and the cursor's row comparison, and retention's `received_at < …`, so the old one goes.
      'create index dead_letters_received_id on dead_letters (received_at, id)',
      'drop index dead_letters_received',
    ],
  },
  {
    version: 10,
    name: 'the wall boards: every unit with its current status; response-time columns of incidents',
    transactional: true,
    sql: () => [
      // One row per unit, kept by the writer (db/unit-status.ts). Filled for existing incidents by the refold
      // that fold version 3 (units with a status) triggers at start. Times are epoch ms, as the fold has them.
      `create table unit_status (
        department text not null,
        unit text not null,
        status text not null,
        since_ms float8 not null,
        incident_id text,
        source_incident_id text not null,
        reported_ms float8 not null,
        engaged boolean not null,
        primary key (department, unit))`,
      // What the KPI board reads of every incident, as columns the writer keeps (db/incident-states.ts), so
      // its query reads no jsonb: filled for existing incidents by the same refold.
      'alter table incidents add column awaiting_ack boolean not null default false',
      'alter table incidents add column assisting text[] not null default array[]::text[]',
      'alter table incidents add column acknowledged_at timestamptz',
      'alter table incidents add column first_dispatched_at timestamptz',
      'alter table incidents add column first_on_scene_at timestamptz',
      // The open incidents per department with what the board counts of them, read by an index-only scan
      // (db/kpis.ts; the predicate is OPEN_STATUSES written out, as the query writes it).
      `create index incidents_open on incidents (department) include (severity, awaiting_ack, assisting)
         where status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`,
    ],
  },
  {
    version: 11,
    name: 'who is who: users, sessions, API tokens, kiosk links',
    transactional: true,
    sql: () => [
      // NOTE: secrets are never stored, only their sha256 (hex): a copy of the database signs nobody in.
      `create table users (
        id text primary key,
        username text not null,
        display_name text not null,
        role text not null check (role in ('admin', 'command', 'lead', 'analyst', 'kiosk')),
        department text references departments (id),
        password_hash text not null,
        disabled boolean not null default false,
        created_at timestamptz not null default now(),
        last_sign_in_at timestamptz,
        check ((role = 'lead') = (department is not null))
      )`,
      // Sign-in names are compared case-insensitively: "J.Doe" and "j.doe" are one user.
      'create unique index users_username_lower on users (lower(username))',
      `create table kiosk_links (
        id text primary key,
        token_hash text not null unique,
        label text not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`,
      `create table api_tokens (
        id text primary key,
        token_hash text not null unique,
        label text not null,
        user_id text not null references users (id) on delete cascade,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`,
      'create index api_tokens_user on api_tokens (user_id)',
      // id = sha256 of the cookie's secret. In the database, not in an instance's memory: every instance sees
      // a sign-in, and a sign-out or revocation applies everywhere at once.
      `create table sessions (
        id text primary key,
        kind text not null check (kind in ('session', 'kiosk')),
        user_id text references users (id) on delete cascade,
        kiosk_link_id text references kiosk_links (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        last_seen_at timestamptz not null default now(),
        revoked_at timestamptz,
        check ((kind = 'session' and user_id is not null and kiosk_link_id is null)
            or (kind = 'kiosk' and kiosk_link_id is not null and user_id is null))
      )`,
      'create index sessions_user on sessions (user_id)',
      'create index sessions_kiosk_link on sessions (kiosk_link_id)',
      'create index sessions_expires on sessions (expires_at)',
    ],
  },
  {
    version: 12,
    name: 'plain PostgreSQL: the 1-minute rollup off the write path',
    transactional: true,
    // TimescaleDB keeps its continuous aggregate (migration 2): nothing changes there.
    sql: (dialect) =>
      dialect === 'timescale'
        ? []
        : [
            // The rollup's two high-water marks (db/rollup.ts): readings before `claimed` are the rollup job's
            // (a writer marks its rows older than that as late); the rollup holds every minute before `rolled`.
            // A database that has a rollup already (kept by the writers until now) has it complete up to now.
            `create table rollup_watermarks (
              name text primary key check (name in ('claimed', 'rolled')),
              until timestamptz not null
            )`,
            `insert into rollup_watermarks (name, until)
             select w.name, case when exists (select 1 from readings_1m_rollup) then date_trunc('minute', now())
                                 else '-infinity' end
             from (values ('claimed'), ('rolled')) as w(name)`,
            // (sensor, metric, minute) with readings stored after the job had claimed their minute: recomputed
            // from raw rows by the next rollup step.
            `create table readings_1m_late (
              sensor_id text not null,
              metric text not null,
              bucket timestamptz not null,
              primary key (sensor_id, metric, bucket)
            )`,
            // The job aggregates one time range of every sensor; BRIN costs the writer next to nothing
            // (readings arrive in time order) and finds the range's pages.
            'create index readings_ts_brin on readings using brin (ts)',
            // Same name and columns as before: the rollup up to its high-water mark, raw rows after it.
            `create or replace view readings_1m as
             select bucket, sensor_id, metric, sum / count as avg, min, max, count from readings_1m_rollup
             where bucket < (select until from rollup_watermarks where name = 'rolled')
             union all
             select date_trunc('minute', ts), sensor_id, metric, avg(value), min(value), max(value), count(*)
             from readings where ts >= (select until from rollup_watermarks where name = 'rolled')
             group by 1, 2, 3`,
          ],
  },
  {
    version: 13,
    name: 'replay: incident events by time',
    transactional: true,
    // Replay reads a slice's events by time alone (db/replay.ts). A hypertable has had this index since
    // migration 1 (create_hypertable makes it); a partitioned table needs its own.
    sql: (dialect) =>
      dialect === 'timescale' ? [] : ['create index incident_events_ts on incident_events (ts)'],
  },
  {
    version: 14,
    name: 'rules: definitions with every version, the engine state, firings',
    transactional: true,
    sql: () => [
      // The current definition of each rule (db/rules.ts); `origin` says whether an admin has changed it, in
      // which case the city pack never overwrites it again.
      `create table rules (
        id text primary key,
        definition jsonb not null,
        version integer not null,
        origin text not null check (origin in ('pack', 'admin')),
        enabled boolean not null,
        updated_at timestamptz not null default now(),
        updated_by text
      )`,
      // Every version ever saved, the current one included: who changed what, when.
      `create table rule_versions (
        rule_id text not null,
        version integer not null,
        definition jsonb not null,
        origin text not null,
        updated_at timestamptz not null default now(),
        updated_by text,
        primary key (rule_id, version)
      )`,
      // What the engine remembers across restarts: per (sensor rule, sensor) the episode state and the newest
      // reading stepped (key = sensor id); the engine's change-log position (rule_id '', key 'position').
      `create table rule_state (
        rule_id text not null,
        key text not null,
        state jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (rule_id, key)
      )`,
      // What the rules did: "last fired", "fired in the last 24 h", and what the engine has already written
      // (an event id here is never written again).
      `create table rule_firings (
        event_id text primary key,
        rule_id text not null,
        at timestamptz not null,
        action text not null,
        incident_id text not null
      )`,
      'create index rule_firings_rule_at on rule_firings (rule_id, at desc)',
    ],
  },
  {
    version: 15,
    name: 'Open311: citizen reports and the API keys of integrations',
    transactional: true,
    sql: () => [
      // One row per citizen report (docs/open311.md). `id` is the public service_request_id; the status page's
      // token is kept only as its sha256. The personal fields are for staff only, never in a public answer.
      `create table open311_requests (
        id bigint generated always as identity primary key,
        token_hash text not null unique,
        service_code text not null,
        incident_id text not null,
        -- attached on arrival to an incident an earlier report opened (a duplicate)
        merged boolean not null,
        description text,
        address text,
        email text,
        first_name text,
        last_name text,
        phone text,
        device_id text,
        account_id text,
        media_url text,
        lat double precision not null,
        lon double precision not null,
        -- the API key id the report came with, else the client's address
        client text not null,
        requested_at timestamptz not null,
        state text not null check (state in ('attached', 'split', 'rejected')),
        reason text,
        state_changed_at timestamptz,
        state_changed_by text
      )`,
      'create index open311_requests_incident on open311_requests (incident_id)',
      'create index open311_requests_requested on open311_requests (requested_at)',
      `create table open311_api_keys (
        id text primary key,
        label text not null,
        key_hash text not null unique,
        created_at timestamptz not null default now(),
        created_by text not null,
        revoked_at timestamptz
      )`,
    ],
  },
  {
    version: 16,
    name: 'public alerts: CAP alerts issued, CAP warnings received',
    transactional: true,
    // NOTE: version 16 was reserved for this (14, 15 and 17 are other work's): migrate() applies what is
    // missing in list order, so the numbers need not be contiguous on any one branch.
    sql: () => [
      // Alerts a lead issued (routes/alerts.ts): the XML is stored as sent, so the alert's document and the
      // feed entry never change. An Update supersedes the incident's active alerts; a Cancel cancels them.
      `create table cap_alerts (
        id text primary key,
        incident_id text not null,
        identifier text not null unique,
        msg_type text not null check (msg_type in ('Alert', 'Update', 'Cancel')),
        status text not null check (status in ('Actual', 'Exercise')),
        "references" text,
        headline text not null,
        area_desc text not null,
        xml text not null,
        sent_at timestamptz not null,
        expires_at timestamptz not null,
        cancelled_at timestamptz,
        superseded_by text,
        sent_by text not null
      )`,
      'create index cap_alerts_incident on cap_alerts (incident_id, sent_at)',
      'create index cap_alerts_expires on cap_alerts (expires_at)',
      // Alerts read from other agencies (CAP_SOURCES, cap/cap-ingest.ts); areas as a GeoJSON MultiPolygon.
      `create table cap_warnings (
        id bigserial primary key,
        source text not null,
        identifier text not null,
        sender text not null,
        sent timestamptz not null,
        expires timestamptz,
        cancelled_at timestamptz,
        status text not null,
        msg_type text not null,
        severity text not null,
        urgency text not null,
        certainty text not null,
        event text not null,
        headline text,
        area_desc text not null,
        areas jsonb not null,
        raw_xml text not null,
        received_at timestamptz not null default now(),
        unique (source, sender, identifier)
      )`,
      'create index cap_warnings_expires on cap_warnings (expires)',
    ],
  },
  {
    version: 17,
    name: 'the 1-hour readings rollup',
    transactional: (dialect) => dialect === 'postgres',
    // Replay of a day or more reads an hour of a series as one row (db/rollup-hours.ts). Same columns as
    // readings_1m; avg is the mean of every reading of the hour (the minutes' means weighted by their counts).
    sql: (dialect) =>
      dialect === 'timescale'
        ? [
            // NOTE: on top of readings_1m (a hierarchical continuous aggregate), real-time like it: hours after
            // the last refreshed one are re-binned from readings_1m (itself real-time) at query time.
            `create materialized view readings_1h
             with (timescaledb.continuous, timescaledb.materialized_only = false) as
             select time_bucket('1 hour', bucket) as bucket, sensor_id, metric,
                    sum(avg * count) / sum(count) as avg, min(min) as min, max(max) as max,
                    sum(count)::bigint as count
             from readings_1m group by 1, 2, 3 with no data`,
          ]
        : [
            `create table readings_1h_rollup (
              bucket timestamptz not null,
              sensor_id text not null,
              metric text not null,
              sum double precision not null,
              count bigint not null,
              min double precision not null,
              max double precision not null,
              primary key (sensor_id, metric, bucket)
            )`,
            'create index readings_1h_rollup_bucket on readings_1h_rollup using brin (bucket)',
            // (sensor, metric, hour) whose minutes were recomputed after the hour was rolled up.
            `create table readings_1h_late (
              sensor_id text not null,
              metric text not null,
              bucket timestamptz not null,
              primary key (sensor_id, metric, bucket)
            )`,
            'alter table rollup_watermarks drop constraint rollup_watermarks_name_check',
            `alter table rollup_watermarks add constraint rollup_watermarks_name_check
               check (name in ('claimed', 'rolled', 'rolled_1h'))`,
            // A store with minutes rolled already starts at its first hour: the leader then rolls it in steps.
            `insert into rollup_watermarks (name, until)
             select 'rolled_1h', coalesce(
               (select date_bin('1 hour', min(bucket), timestamptz 'epoch') from readings_1m_rollup), '-infinity')`,
            `create view readings_1h as
             select bucket, sensor_id, metric, sum / count as avg, min, max, count from readings_1h_rollup
             where bucket < (select until from rollup_watermarks where name = 'rolled_1h')
             union all
             select date_bin('1 hour', bucket, timestamptz 'epoch'), sensor_id, metric,
                    sum(avg * count) / sum(count), min(min), max(max), sum(count)::bigint
             from readings_1m where bucket >= (select until from rollup_watermarks where name = 'rolled_1h')
             group by 1, 2, 3`,
          ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export interface MigrationResult {
  dialect: Dialect;
  applied: number[];
}

/**
 * Applies pending migrations. Safe to run on every start, from several instances at once: the whole run
 * holds a session advisory lock on one dedicated connection, so a second instance waits, then finds the
 * versions recorded and applies nothing. Every statement runs on that same connection (the embedded engine's
 * pool has one connection: a second checkout would wait forever).
 */
export async function migrate(pool: pg.Pool): Promise<MigrationResult> {
  return withClient(pool, async (client) => {
    // NOTE: a session lock, not a transaction-level one: non-transactional migrations (continuous
    // aggregates) run outside any transaction and must be covered too. If the connection drops, the server
    // releases the lock with the session.
    await client.query('select pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    try {
      return await migrateLocked(client);
    } finally {
      // An unlock that fails (connection gone) must not hide the migration's own error; the lock went
      // with the session anyway.
      await client
        .query('select pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK])
        .catch(() => {});
    }
  });
}

async function migrateLocked(client: pg.PoolClient): Promise<MigrationResult> {
  // Created inside the lock: two instances racing on `create table if not exists` can otherwise fail with
  // a duplicate key in pg_type.
  await client.query(`create table if not exists schema_migrations (
    version integer primary key, name text not null, dialect text not null, applied_at timestamptz not null default now())`);
  const { rows } = await client.query<{ version: number; dialect: Dialect }>(
    'select version, dialect from schema_migrations order by version',
  );
  const dialect: Dialect = rows[0]?.dialect ?? (await detectDialect(client));
  const done = new Set(rows.map((r) => r.version));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    const transactional =
      typeof migration.transactional === 'function'
        ? migration.transactional(dialect)
        : migration.transactional;
    try {
      if (transactional) await client.query('BEGIN');
      try {
        for (const statement of migration.sql(dialect)) await client.query(statement);
        await client.query('insert into schema_migrations (version, name, dialect) values ($1, $2, $3)', [
          migration.version,
          migration.name,
          dialect,
        ]);
        if (transactional) await client.query('COMMIT');
      } catch (err) {
        if (transactional) await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    } catch (err) {
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`);
    }
    applied.push(migration.version);
  }
  return { dialect, applied };
}
