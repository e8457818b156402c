// Output formats by name.
import type { LintResult } from '../lint.js';
import type { FormatContext } from './context.js';
import { formatCompact } from './compact.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

export type { FormatContext } from './context.js';
export type FormatName = 'stylish' | 'compact' | 'json';

export const formatters: Record<FormatName, (result: LintResult, context: FormatContext) => string> = {
  stylish: formatStylish,
  compact: formatCompact,
  json: formatJson,
};
