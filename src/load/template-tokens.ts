// Placeholder tokens that another tool fills in (envsubst's `${VAR}`, `{{ VAR }}` of simple templating steps) and Go
// template actions (`{{ .Values.x }}`), recognised in text: the loader and the model both tell them apart.

/** envsubst and shell forms: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:=x}`, `${VAR:?message}`. */
const ENVSUBST_TOKEN = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=+?][^{}\n]*)?\}/g;
/** `{{VAR}}`, `{{ VAR }}`, `{{ image.tag }}`: one name, no Go template action (`{{ .X }}`, `{{- if }}`, `{{ include }}`). */
const TEMPLATE_TOKEN = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;
/** Any `{{ ... }}` on one line, to tell a simple placeholder from a Go template action. */
const ANY_TEMPLATE_TOKEN = /\{\{[^{}\n]*\}\}/g;
/** Go template keywords, which a `{{ name }}` of a Helm template may be. */
const GO_TEMPLATE_KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'true',
  'false',
]);

/** The distinct placeholder tokens in a value, in order; cheap when the value has none. */
export function placeholderTokens(value: string): string[] {
  const tokens: string[] = [];
  if (value.includes('${')) for (const match of value.matchAll(ENVSUBST_TOKEN)) tokens.push(match[0]);
  if (value.includes('{{')) {
    for (const match of value.matchAll(TEMPLATE_TOKEN)) if (!GO_TEMPLATE_KEYWORDS.has(match[1]!)) tokens.push(match[0]);
  }
  return [...new Set(tokens)];
}

/** Whether a `{{ ... }}` token is a simple placeholder rather than a Go template action. */
export function isTemplatePlaceholder(token: string): boolean {
  const name = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(token)?.[1];
  return name !== undefined && !GO_TEMPLATE_KEYWORDS.has(name);
}

/** Whether `text` holds a Go template action (`{{ .Values.x }}`, `{{- if }}`, `{{ include "x" . }}`): a Helm template. */
export function hasTemplateAction(text: string): boolean {
  if (!text.includes('{{')) return false;
  for (const match of text.matchAll(ANY_TEMPLATE_TOKEN)) if (!isTemplatePlaceholder(match[0])) return true;
  return false;
}
