export { type DecodeOptions, decodeIncidentEvent, decodeMessage, schemaError } from './decode.js';
export { DEPARTMENT_ID_PATTERN, DEPARTMENTS, type Department, findDepartment } from './departments.js';
export {
  type AssignedUnit,
  applyEvent,
  compareEvents,
  foldIncident,
  foldIncidentAt,
  INCIDENT_STATUSES,
  type IncidentState,
  type IncidentStatus,
  isOpen,
  OPEN_STATUSES,
} from './incident-fold.js';
export {
  LIVE_PROTOCOL_VERSION,
  type LiveMessage,
  LiveMessageType,
  parseLiveMessage,
  type ReadingDelta,
} from './live-protocol.js';
export { type DecodeResult, type IngestRecord, MAX_ITEMS_PER_MESSAGE } from './records.js';
export {
  GatewayItem,
  INCIDENT_ACTION_TYPES,
  INCIDENT_EVENT_TYPES,
  INCIDENT_TYPE_FIELDS,
  type IncidentActionType,
  type IncidentEvent,
  IncidentEventBase,
  type IncidentEventType,
  ReadingPayload,
  SensorMetaPayload,
  SensorStatusValue,
} from './schemas.js';
export { parseSenml } from './senml.js';
export { MAX_FUTURE_MS, MIN_TS, parseTimestamp } from './time.js';
export { isValidSensorId, parseTopic, type TopicMatch, topics, WIRE_VERSION } from './topics.js';
export type {
  IncidentDetail,
  IncidentView,
  IngestCounters,
  MetricValue,
  ReadingBucket,
  SensorView,
} from './views.js';
