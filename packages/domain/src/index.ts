export { type DecodeOptions, decodeIncidentEvent, decodeMessage, schemaError } from './decode.js';
export { DEPARTMENT_ID_PATTERN, DEPARTMENTS, type Department, findDepartment } from './departments.js';
export {
  type AssignedUnit,
  applyEvent,
  compareEvents,
  eventIdentity,
  FOLD_VERSION,
  type FoldPosition,
  foldForward,
  foldIncident,
  foldIncidentAt,
  foldPosition,
  INCIDENT_STATUSES,
  type IncidentState,
  type IncidentStatus,
  isOpen,
  OPEN_STATUSES,
} from './incident-fold.js';
export {
  MAX_ABS_READING_VALUE,
  MAX_ERRORS_PER_MESSAGE,
  MAX_ITEMS_PER_MESSAGE,
  MAX_METRICS_PER_READING,
  MAX_SEQ,
  MAX_TOPIC_LENGTH,
  RESERVED_METRIC_NAMES,
} from './limits.js';
export {
  incidentMatches,
  isWholeCity,
  type LiveFilter,
  type SensorPlace,
  sensorMatches,
  WHOLE_CITY,
} from './live-filter.js';
export {
  type DeadLetterNotice,
  LIVE_PROTOCOL_VERSION,
  type LiveMessage,
  LiveMessageType,
  parseLiveMessage,
  type ReadingDelta,
} from './live-protocol.js';
export { metricNameProblem } from './metric-names.js';
export { capProblems, Problems } from './problems.js';
export type { DecodeResult, IngestRecord } from './records.js';
export {
  CATEGORY_RULE,
  DEPARTMENT_RULE,
  GatewayItem,
  ID_RULE,
  INCIDENT_ACTION_TYPES,
  INCIDENT_EVENT_TYPES,
  INCIDENT_TYPE_FIELDS,
  type IncidentActionType,
  type IncidentEvent,
  IncidentEventBase,
  type IncidentEventType,
  METRIC_NAME_RULE,
  MULTI_LINE_TEXT_RULE,
  type PatternRule,
  ReadingPayload,
  SensorMetaPayload,
  SensorStatusValue,
  SINGLE_LINE_TEXT_RULE,
} from './schemas.js';
export { parseSenml } from './senml.js';
export { MAX_FUTURE_MS, MIN_TS, parseTimestamp } from './time.js';
export {
  explainTopic,
  isValidSensorId,
  parseTopic,
  type TopicMatch,
  topics,
  WIRE_VERSION,
} from './topics.js';
export { decodeUtf8, firstInvalidUtf8Offset } from './utf8.js';
export { schemaProblems } from './validation-messages.js';
export type {
  IncidentDetail,
  IncidentView,
  IngestCounters,
  MetricValue,
  ReadingBucket,
  SensorView,
  StorageState,
} from './views.js';
