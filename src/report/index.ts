// Output formats by name.
import type { LintResult } from '../lint.js';
import type { FormatContext } from './context.js';
import { formatCompact } from './compact.js';
import { formatJson, jsonReportChunks } from './json.js';
import { formatStylish } from './stylish.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatGitlab } from './gitlab.js';
import { formatMarkdown } from './markdown.js';

export type { FormatContext } from './context.js';
export type Formatter = (result: LintResult, context: FormatContext) => string;

const byName = {
  stylish: formatStylish,
  compact: formatCompact,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  gitlab: formatGitlab,
  markdown: formatMarkdown,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof byName;

export const formatters: Record<FormatName, Formatter> = byName;

/** A formatter whose report comes in chunks, to be written as they come: a large report never exists as one string. */
export type StreamingFormatter = (result: LintResult, context: FormatContext) => Iterable<string>;

/** The formats that can stream; their chunks joined equal what `formatters` returns for them. */
export const streamingFormatters: Partial<Record<FormatName, StreamingFormatter>> = { json: jsonReportChunks };

/** Every --format value, in the order the help lists them. */
export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];
