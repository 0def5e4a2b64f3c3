/**
 * Every validation pattern of the city twin, defined once. Each is a string for JSON Schema / TypeBox
 * `pattern` (HTTP routes, payload schemas) and a RegExp built from that very string for code that tests a
 * value itself (topic parsing, configuration, URL state, broker credentials): one source, so a route, the
 * decoder, the broker and the browser can never disagree about what a valid id is.
 *
 * NOTE: the RegExps have no `g` or `y` flag, so `test` keeps no state and one instance can be shared.
 */

/**
 * Sensor, gateway, event and incident ids. They are single topic levels (no wildcards `+ #`, no `/`) and
 * path segments of the HTTP API: 1 to 128 characters, starting with a letter or digit.
 */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';
export const ID_REGEX = new RegExp(ID_PATTERN);

/** Metric names (`pm2.5`, `no2`, `water_level`): keys of a reading's values and a query parameter. */
export const METRIC_NAME_PATTERN = '^[A-Za-z0-9_.-]{1,64}$';
export const METRIC_NAME_REGEX = new RegExp(METRIC_NAME_PATTERN);

/** Department ids are path segments in topics: lower-case words joined by dashes. */
export const DEPARTMENT_ID_PATTERN = '^[a-z][a-z0-9-]{0,39}$';
export const DEPARTMENT_ID_REGEX = new RegExp(DEPARTMENT_ID_PATTERN);

/**
 * Sensor kinds (`air_quality`): chosen by whoever registers the device, shaped so they group reliably.
 * NOTE: incident categories are free text (category.ts), since they come from real feeds as written.
 */
export const SENSOR_KIND_PATTERN = '^[a-z][a-z0-9_-]{0,63}$';
export const SENSOR_KIND_REGEX = new RegExp(SENSOR_KIND_PATTERN);

/**
 * Text shown on screens and exported: no control characters (U+0000–U+001F, U+007F–U+009F), which could
 * hide text, break CSV/terminal output or (NUL) not be storable at all.
 */
export const SINGLE_LINE_TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';
export const SINGLE_LINE_TEXT_REGEX = new RegExp(SINGLE_LINE_TEXT_PATTERN);
/** Like single-line text, but a note may have line breaks and tabs. */
export const MULTI_LINE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$';
export const MULTI_LINE_TEXT_REGEX = new RegExp(MULTI_LINE_TEXT_PATTERN);

/**
 * One plain MQTT topic level chosen by an operator: the topic root of contract v1 (`TOPIC_ROOT`) and the
 * shared-subscription group (`INGEST_SHARE_GROUP`). No `/`, no wildcards, no `$`.
 */
export const TOPIC_LEVEL_PATTERN = '^[A-Za-z0-9_-]+$';
export const TOPIC_LEVEL_REGEX = new RegExp(TOPIC_LEVEL_PATTERN);

/** City pack ids (`sf`): the folder name under `data/` and the `id` of its `city.json`. */
export const CITY_ID_PATTERN = '^[a-z][a-z0-9-]*$';
export const CITY_ID_REGEX = new RegExp(CITY_ID_PATTERN);

/**
 * Usernames of the embedded broker's MQTT credentials. Unlike ids they may contain `@` (`ops@fire`): a
 * username is never a topic level, so it need not obey the topic rules.
 */
export const CREDENTIAL_USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$';
export const CREDENTIAL_USERNAME_REGEX = new RegExp(CREDENTIAL_USERNAME_PATTERN);

/**
 * A payload field name that reads well after a dot in a problem sentence (`values.pm25`, `location.lat`);
 * any other key is quoted in brackets (`values["pm 25"]`). Not a rule on payloads, only on wording.
 */
export const FIELD_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]{0,63}$';
export const FIELD_NAME_REGEX = new RegExp(FIELD_NAME_PATTERN);
