export {
  ACTING_ROLES,
  canAct,
  isAdmin,
  PRINCIPAL_KINDS,
  type Principal,
  type PrincipalKind,
  PrincipalSchema,
  ROLES,
  type Role,
  RoleSchema,
} from './access.js';
export {
  type AreaCounts,
  AreaCountsSchema,
  type CellCounts,
  type CellCountsResponse,
  CellCountsResponseSchema,
  CellCountsSchema,
  type DistrictCounts,
  type DistrictCountsResponse,
  DistrictCountsResponseSchema,
  DistrictCountsSchema,
  PlacementProperties,
} from './areas.js';
export {
  type DepartmentKpis,
  DepartmentKpisSchema,
  type KpiBoard,
  KpiBoardSchema,
  RESPONSE_MEASURES,
  type ResponseMeasure,
  type ResponseTime,
  ResponseTimeSchema,
  UNIT_STATUSES,
  type UnitBoard,
  UnitBoardSchema,
  type UnitStatus,
  UnitStatusSchema,
  type UnitView,
  UnitViewSchema,
} from './board-views.js';
export { categoryKey, normalizeCategory } from './category.js';
export {
  ageReference,
  type DataClock,
  DataClockSchema,
  HISTORICAL_AFTER_MS,
  isHistorical,
} from './data-time.js';
export { type DecodeOptions, decodeIncidentEvent, decodeMessage, schemaError } from './decode.js';
export {
  type Department,
  DepartmentSchema,
  departmentIdsOf,
  hexColor,
  parseHexColor,
  type Rgb,
  UNLISTED_DEPARTMENTS_MODES,
  UNLISTED_ICON,
  UNLISTED_SATURATION,
  type UnlistedDepartmentsMode,
  unlistedDepartment,
  unlistedDepartmentColor,
  unlistedDepartmentReason,
} from './departments.js';
export {
  type ActionDecision,
  type ActionRefusal,
  type ActionRequest,
  actingDepartment,
  decideAction,
  isInvolved,
  possibleActions,
} from './incident-actions.js';
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
  AssignedUnitSchema,
  IncidentStateSchema,
  type PendingHandover,
  PendingHandoverSchema,
} from './incident-state.js';
export { openDuring, type TimeWindow } from './incident-window.js';
export { type LatestValues, mergeLatest, mergeLatestValues } from './latest-values.js';
export {
  MAX_ABS_READING_VALUE,
  MAX_CATEGORY_CHARS,
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
export {
  compareByUrgency,
  inLiveSet,
  isUrgent,
  LIVE_SET_LIMIT,
  LIVE_SET_RECENT_MS,
  URGENCY_ORDER_SQL,
  URGENT_SEVERITY,
} from './live-set.js';
export { metricNameProblem } from './metric-names.js';
export {
  CITY_ID_PATTERN,
  CITY_ID_REGEX,
  CREDENTIAL_USERNAME_PATTERN,
  CREDENTIAL_USERNAME_REGEX,
  DEPARTMENT_ID_PATTERN,
  DEPARTMENT_ID_REGEX,
  FIELD_NAME_PATTERN,
  FIELD_NAME_REGEX,
  ID_PATTERN,
  ID_REGEX,
  METRIC_NAME_PATTERN,
  METRIC_NAME_REGEX,
  MULTI_LINE_TEXT_PATTERN,
  MULTI_LINE_TEXT_REGEX,
  SENSOR_KIND_PATTERN,
  SENSOR_KIND_REGEX,
  SINGLE_LINE_TEXT_PATTERN,
  SINGLE_LINE_TEXT_REGEX,
  TOPIC_LEVEL_PATTERN,
  TOPIC_LEVEL_REGEX,
} from './patterns.js';
export { capProblems, Problems, problem } from './problems.js';
export type { DecodeResult, IngestRecord } from './records.js';
export {
  CategorySchema,
  DEPARTMENT_RULE,
  DepartmentIdSchema,
  GatewayItem,
  ID_RULE,
  IdSchema,
  INCIDENT_ACTION_TYPES,
  INCIDENT_EVENT_TYPES,
  INCIDENT_TYPE_FIELDS,
  type IncidentActionType,
  type IncidentEvent,
  IncidentEventBase,
  IncidentEventSchema,
  type IncidentEventType,
  METRIC_NAME_RULE,
  MetricSchema,
  MULTI_LINE_TEXT_RULE,
  type PatternRule,
  ReadingPayload,
  SENSOR_KIND_RULE,
  SensorKindSchema,
  SensorMetaPayload,
  SensorStatusValue,
  SINGLE_LINE_TEXT_RULE,
} from './schemas.js';
export { parseSenml } from './senml.js';
export { compareText } from './text-order.js';
export { MAX_FUTURE_MS, MIN_TS, parseTimestamp } from './time.js';
export {
  explainTopic,
  isValidSensorId,
  parseTopic,
  type TopicMatch,
  topics,
  WIRE_VERSION,
} from './topics.js';
export {
  latestUnitFacts,
  replacesUnitFact,
  type UnitFact,
  unitFactsOf,
  unitStatusNow,
} from './unit-board.js';
export { ENGAGED_UNIT_STATUSES, isEngaged } from './unit-statuses.js';
export { decodeUtf8, firstInvalidUtf8Offset } from './utf8.js';
export { schemaProblems } from './validation-messages.js';
export {
  type DeadLetterItem,
  DeadLetterItemSchema,
  type DeadLetterPage,
  DeadLetterPageSchema,
  type IncidentDetail,
  IncidentDetailSchema,
  type IncidentList,
  IncidentListSchema,
  type IncidentView,
  IncidentViewSchema,
  type IngestCounters,
  IngestCountersSchema,
  type MetricValue,
  MetricValueSchema,
  type ReadingBucket,
  ReadingBucketSchema,
  type ReadingSeries,
  ReadingSeriesSchema,
  type SensorView,
  SensorViewSchema,
  type StorageState,
  StorageStateSchema,
} from './views.js';
