/** Public surface of the runtime: what generated code and the generator import. */
export type {
  AuthSpec,
  HeaderKeyAuth,
  NestedUpstreamSpec,
  ProfileSpec,
  TargetEnvNames,
  TargetSpec,
} from './catalog/target.js';
export { indexEntry, operationTools } from './catalog/types.js';
export { PACKAGED_DATA, packagedDataTexts, readPackagedCatalog } from './catalog/packaged.js';
export { safetyOfMethod } from './safety/guard.js';
export type {
  ArgBinding,
  ArgLocation,
  BodySpec,
  CallBehaviour,
  HttpMethod,
  JsonSchema,
  OperationTool,
  PrecomputedListing,
  ProxyTool,
  SafetyClass,
  ToolAnnotations,
  ToolCatalog,
  ToolIndexEntry,
  ToolSpec,
} from './catalog/types.js';
export {
  ALL_PROFILES,
  type Selectable,
  type Selection,
  selectTools,
  tagsForProfiles,
  UnknownProfileError,
} from './select.js';
export { prepare, type ServerDefinition } from './server/prepare.js';
export { runServer } from './server/start.js';
export {
  DEFAULT_MAX_TOOLS,
  DEFAULT_TOOL_BUDGET_CHARS,
  listServerVariables,
  serverVariables,
  type ServerVariables,
} from './config/variables.js';
export type { Variable } from './config/variable.js';
export { httpVariables, listHttpVariables, type HttpVariables } from './serve-http/variables.js';
export { fullInputSchema, precomputeListing } from './server/registry.js';
export { DISCOVERY_INPUT_SCHEMAS } from './server/discovery-listing.js';
export { rawApiTool } from './tools/raw-api-spec.js';
export {
  SCHEMA_DIALECTS,
  SERVED_DIALECTS,
  type ArgPlan,
  type DialectCalls,
  type DialectListing,
  type DialectSource,
  type ObjectPlan,
  type SchemaDialect,
  type ServedDialectName,
} from './dialects/types.js';
export { dialectFileName, dialectFiles } from './dialects/files.js';
export type { SurfaceLimits, ToolMode } from './config/tool-mode.js';
export { coreTagsOf, type ToolSurface } from './server/surface.js';
export { buildSearchIndexData, searchSourceOf, type SearchIndexData } from './search/data.js';
export type { StartHooks } from './launch/index.js';
