// Placeholders that another tool fills in before the manifest is applied: envsubst's `${VAR}` and `{{ VAR }}` tokens of
// simple templating steps. A field holding one has no value yet, so no rule may judge it.
import { isMap, isNode, isScalar, isSeq, Scalar, type Node, type YAMLMap } from 'yaml';
import { isTemplatePlaceholder, placeholderTokens } from '../load/template-tokens.js';
import { makeRange, rangeFromNode } from '../position/range.js';
import type { PlaceholderField } from './types.js';

/** A value written for a person to replace (`port: PORT`), recognised only where a string cannot be right. */
const BARE_PLACEHOLDER = /^[A-Z][A-Z0-9_]+$/;

/** Free text where `${X}` is shell or configuration syntax of the program, not a placeholder: never collected. */
const FREE_TEXT_KEYS = new Set(['command', 'args', 'data', 'stringData', 'binaryData']);

/** `port: PORT`: a bare upper-case name, read as a placeholder only in a field that must be a number. */
export function isBarePlaceholder(value: string): boolean {
  return BARE_PLACEHOLDER.test(value);
}

/**
 * The fields of one object whose value holds a placeholder, with YAML paths as rules report them (spec.ports[0].port).
 * `{{VAR}}` unquoted is a YAML flow mapping: it counts as the placeholder it was meant to be. Aliases are not followed
 * (placeholders are written out), block scalars and FREE_TEXT_KEYS are scripts and configuration, not fields.
 */
export function findPlaceholders(root: YAMLMap, source: string): PlaceholderField[] {
  const [start, end] = root.range ?? [0, 0];
  const text = source.slice(start, end);
  if (!text.includes('${') && !text.includes('{{')) return [];
  const found: PlaceholderField[] = [];
  const stack: [Node, string][] = [[root, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isScalar(node)) {
      const tokens = isOneLine(node) && typeof node.value === 'string' ? placeholderTokens(node.value) : [];
      if (tokens.length > 0 && node.range) found.push({ path, range: rangeFromNode(node.range), tokens });
    } else if (isMap(node)) {
      const flowToken = node.flow && node.range ? source.slice(node.range[0], node.range[1]) : '';
      if (flowToken.startsWith('{{') && isTemplatePlaceholder(flowToken)) {
        found.push({ path, range: makeRange(node.range![0], node.range![1]), tokens: [flowToken] });
        continue;
      }
      // Pushed last to first, so that fields are found in text order.
      for (let i = node.items.length - 1; i >= 0; i--) {
        const { key, value } = node.items[i]!;
        if (!isScalar(key) || !isNode(value)) continue;
        const name = String(key.value);
        if (!FREE_TEXT_KEYS.has(name)) stack.push([value, joinPath(path, name)]);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isNode(item)) stack.push([item, `${path}[${i}]`]);
      }
    }
  }
  return found;
}

function isOneLine(node: Scalar): boolean {
  return node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
}

/** spec.ports[0].port; keys that are not plain words are quoted, as schema problems name them. */
function joinPath(path: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** Whether `path` is a field that holds a placeholder, or a node inside one. */
export function isPlaceholderPath(placeholders: readonly PlaceholderField[] | undefined, path: string | null): boolean {
  if (!placeholders || path === null) return false;
  return placeholders.some((p) => path === p.path || path.startsWith(`${p.path}.`) || path.startsWith(`${p.path}[`));
}
