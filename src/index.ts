// svclint's library API: the same pipeline the CLI runs, for editors and other tools.
export { lintSources, lintModel, compareFindings } from './lint.js';
export type { Finding, RelatedFinding, LintResult, LintOptions, Summary, Timing } from './lint.js';
export { lintPaths } from './lint-paths.js';
export type { LintPathsOptions, LintPathsResult } from './lint-paths.js';
export { buildModel, modelFile, assembleModel } from './model/build.js';
export type { Model, SourceText, ModelOptions } from './model/build.js';
export type * from './model/types.js';
export { analyse } from './analysis/analysis.js';
export type { Analysis } from './analysis/analysis.js';
export type { Endpoint, PortEndpoints, ServiceEndpoints, PortGap } from './analysis/endpoints.js';
export { matchesMapSelector, matchesLabelSelector } from './model/selector.js';
export { resolveInputs, UsageError } from './load/inputs.js';
export { rules } from '../rules/index.js';
export type { Rule, RuleMeta, RuleContext, Report } from './rule.js';
export { formatters, streamingFormatters, type FormatName, type StreamingFormatter } from './report/index.js';
export { jsonReportChunks } from './report/json.js';
export { DEFAULT_SETTINGS, parseNodePortRange } from './settings.js';
export type { Settings, NodePortRange } from './settings.js';
