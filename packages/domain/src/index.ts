export {
  ACTING_ROLES,
  type ActingDepartmentDecision,
  actingDepartment,
  canAct,
  isAdmin,
  PRINCIPAL_KINDS,
  type Principal,
  type PrincipalKind,
  PrincipalSchema,
  ROLES,
  type Role,
  RoleSchema,
  withArticle,
} from './access.js';
export {
  ApiTokenListSchema,
  type ApiTokenView,
  ApiTokenViewSchema,
  departmentProblem,
  type IssuedApiToken,
  IssuedApiTokenSchema,
  type IssuedKioskLink,
  IssuedKioskLinkSchema,
  KioskLinkListSchema,
  type KioskLinkView,
  KioskLinkViewSchema,
  MAX_DISPLAY_NAME_CHARS,
  MAX_LABEL_CHARS,
  MAX_PASSWORD_CHARS,
  MIN_PASSWORD_CHARS,
  newOwnPasswordProblem,
  passwordProblem,
  shownNameProblem,
  USERNAME_PATTERN,
  USERNAME_REGEX,
  UserListSchema,
  type UserView,
  UserViewSchema,
  usernameProblem,
} from './accounts.js';
export { type AlertIssuerDecision, alertIssuer } from './alert-access.js';
export {
  type CapAlertList,
  CapAlertListSchema,
  type CapAlertView,
  CapAlertViewSchema,
  type IssuedCapAlert,
  IssuedCapAlertSchema,
  type WarningCollection,
  WarningCollectionSchema,
  type WarningFeature,
  WarningFeatureSchema,
  type WarningProperties,
  WarningPropertiesSchema,
} from './alert-views.js';
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
// NOTE: only CAP's vocabularies here; the builder, XML writer and parser are '@twin/domain/cap' (they bring
// an XML library the dashboard does not need).
export {
  CAP_CERTAINTIES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
  type CapCertainty,
  type CapSeverity,
  type CapUrgency,
  ISSUED_MSG_TYPES,
  ISSUED_STATUSES,
  type IssuedMsgType,
  type IssuedStatus,
} from './cap/cap-alert.js';
export { categoryKey, normalizeCategory } from './category.js';
export { csvLine, csvNumber, csvText, csvTime } from './csv.js';
export {
  ageReference,
  type DataClock,
  DataClockSchema,
  HISTORICAL_AFTER_MS,
  isHistorical,
} from './data-time.js';
export {
  type DecodeOptions,
  decodeIncidentEvent,
  decodeMessage,
  decodeParsedTopic,
  schemaError,
} from './decode.js';
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
export { distanceMeters, EARTH_RADIUS_M } from './geo.js';
export {
  type ActionDecision,
  type ActionRefusal,
  type ActionRequest,
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
  INCIDENT_SOURCES,
  type IncidentSource,
  incidentSource,
  PUBLIC_ACTOR_PREFIX,
  publicActor,
  RULE_ACTOR_PREFIX,
  ruleActor,
} from './incident-source.js';
export {
  AssignedUnitSchema,
  IncidentStateSchema,
  type PendingHandover,
  PendingHandoverSchema,
} from './incident-state.js';
export { openDuring, type TimeWindow } from './incident-window.js';
export { kpisAt, percentileCont } from './kpis-at.js';
export { type LatestValues, mergeLatest, mergeLatestValue } from './latest-values.js';
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
  boxAround,
  type MergeCandidate,
  type MergeRules,
  mergeTarget,
  type ReportPlace,
} from './open311/merge.js';
export { clip, MAX_NOTE_CHARS, MAX_TITLE_CHARS, plainText, reportTitle } from './open311/report-text.js';
export {
  DEFAULT_REQUEST_WINDOW_MS,
  MAX_REQUESTS_PER_ANSWER,
  OPEN311_STATUSES,
  type Open311Status,
  type RequestQuery,
  readRequestQuery,
} from './open311/request-query.js';
export {
  MAX_DESCRIPTION_CHARS,
  type ReporterDetails,
  readServiceRequest,
  type ServiceRequestContext,
  type ServiceRequestInput,
} from './open311/service-request.js';
export {
  type DepartmentName,
  type HistoryStep,
  REPORT_STATES,
  type ReportFacts,
  type ReportState,
  reportHistory,
} from './open311/status-history.js';
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
  MAX_REPLAY_WINDOW_MS,
  MINUTE_BUCKETS_UNDER_MS,
  RAW_READINGS_UNDER_MS,
  REPLAY_READING_COLUMNS,
  type ReplayIncident,
  ReplayIncidentSchema,
  ReplayIndex,
  type ReplaySlice,
  ReplaySliceOrderError,
  ReplaySliceSchema,
  type ReplayTrack,
  replayBucketMs,
  stateAt,
} from './replay.js';
export {
  evaluateIncidentCondition,
  incidentMatchesRule,
  type RuleIncident,
} from './rules/incident-condition.js';
export { inArea, type RulePlace } from './rules/rule-area.js';
export { episodeIncidentId, ruleEventId, ruleIncidentBase } from './rules/rule-ids.js';
export {
  COMPARISONS,
  type Comparison,
  type IncidentConditionRule,
  IncidentConditionRuleSchema,
  RULE_ID_PATTERN,
  type Rule,
  type RuleAction,
  RuleActionSchema,
  type RuleArea,
  RuleAreaSchema,
  type RuleDryRun,
  RuleDryRunSchema,
  type RuleKind,
  type RuleList,
  RuleListSchema,
  RuleSchema,
  type RuleView,
  RuleViewSchema,
  type SensorConditionRule,
  SensorConditionRuleSchema,
  TIMER_MILESTONES,
  type TimerMilestone,
  type TimerRule,
  TimerRuleSchema,
} from './rules/rule-schema.js';
export { RULE_KINDS, ruleDepartments, ruleProblems } from './rules/rule-validation.js';
export {
  beyond,
  EMPTY_SENSOR_RULE_STATE,
  fillTitle,
  MAX_SILENCE_MS,
  type RuleReading,
  type RuleSensor,
  runSensorRule,
  type SensorRuleState,
  stepSensorRule,
} from './rules/sensor-condition.js';
export { evaluateTimer, milestoneAt, timerDeadline } from './rules/timer.js';
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
export {
  type SensorHealth,
  type SensorHealthFacts,
  sensorHealthAt,
  sensorHealthOf,
  sensorStaleAfterMs,
} from './sensor-health.js';
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
  applyIncidentsToUnitBoard,
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
export {
  ANALYSIS_MEASURES,
  type AnalysisMeasure,
  CountByHourSchema,
  CountByKeySchema,
  type WindowAnalysis,
  WindowAnalysisSchema,
  type WindowResponseTime,
  WindowResponseTimeSchema,
} from './window-analysis.js';
