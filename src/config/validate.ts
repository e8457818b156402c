// Validation of a configuration against its JSON Schema (ajv, draft-07), with one plain message per problem:
// the key path, what was expected and what was found.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Rule } from '../rule.js';
import { editDistance } from '../strings.js';
import { configSchema, SETTINGS, type JsonSchema } from './schema.js';

/** One problem: the key path of the offending value ([] for the whole file) and what is wrong with it. */
export interface ConfigProblem {
  path: (string | number)[];
  message: string;
}

/** Keywords of the schema that are for editors (VS Code, yaml-language-server) and messages, not for validation. */
const ANNOTATIONS = ['markdownDescription', 'patternErrorMessage', 'errorMessage'];

const validators = new WeakMap<readonly Rule[], Promise<ValidateFunction>>();

function validatorFor(rules: readonly Rule[]): Promise<ValidateFunction> {
  let validator = validators.get(rules);
  if (!validator) {
    validator = (async () => {
      // Loaded on first use: a run without a configuration file does not pay for compiling schemas.
      const { Ajv } = await import('ajv');
      const ajv = new Ajv({ allErrors: true, verbose: true, strictTuples: false });
      ajv.addVocabulary(ANNOTATIONS);
      return ajv.compile(configSchema(rules));
    })();
    validators.set(rules, validator);
  }
  return validator;
}

/** The problems of `data` (a parsed configuration file) against the configuration schema of `rules`. */
export async function validateConfig(data: unknown, rules: readonly Rule[]): Promise<ConfigProblem[]> {
  const validate = await validatorFor(rules);
  if (validate(data)) return [];
  return describeErrors(validate.errors ?? [], data, rules);
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

function describeErrors(all: readonly ErrorObject[], data: unknown, rules: readonly Rule[]): ConfigProblem[] {
  const branches = withoutOtherBranches(all);
  // A value of the wrong type gets that one message, not also its range or pattern.
  const wrongType = new Set(branches.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const errors = branches.filter(
    (e) =>
      e.keyword === 'type' ||
      !wrongType.has(e.instancePath) ||
      e.keyword === 'additionalProperties' ||
      e.keyword === 'required',
  );
  const problems: ConfigProblem[] = [];
  for (const error of errors) {
    const problem = describeError(error, data, rules);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * anyOf (a rule's severity or [severity, options]) reports the errors of every branch. Keep those of the branch the
 * value's type fits (a string: the severity; a list: the tuple); when it fits none, the anyOf error itself says
 * what is expected.
 */
function withoutOtherBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const fitting = [...branches.values()].find(
      (branch) => !branch.some((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath),
    );
    const dropped = new Set([...branches.values()].flat().filter((e) => !fitting?.includes(e)));
    if (fitting) dropped.add(anyOf);
    kept = kept.filter((e) => !dropped.has(e));
  }
  return kept;
}

function describeError(error: ErrorObject, data: unknown, rules: readonly Rule[]): ConfigProblem | null {
  const path = keyPath(error.instancePath, data);
  const got = ` (got ${show(error.data)})`;
  const schema = error.parentSchema ?? {};
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      return unknownKey(path, key, schema, rules);
    }
    case 'required':
      return { path: [...path, (error.params as { missingProperty: string }).missingProperty], message: 'is required' };
    case 'propertyNames':
      return null; // the pattern error of the name says it
    case 'pattern': {
      const message =
        (schema.patternErrorMessage as string | undefined) ??
        `must match ${(error.params as { pattern: string }).pattern}`;
      if (error.propertyName !== undefined) return { path: [...path, error.propertyName], message };
      return { path, message: `${message}${got}` };
    }
    case 'enum':
      return {
        path,
        message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}${got}`,
      };
    case 'type':
      return { path, message: `must be ${typeWords((error.params as { type: string | string[] }).type)}${got}` };
    case 'minimum':
    case 'maximum': {
      const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
      if (minimum !== undefined && maximum !== undefined)
        return { path, message: `must be from ${minimum} to ${maximum}${got}` };
      return {
        path,
        message: minimum !== undefined ? `must be ${minimum} or more${got}` : `must be ${maximum} or less${got}`,
      };
    }
    case 'minLength':
    case 'minProperties':
      return { path, message: 'must not be empty' };
    case 'maxLength':
      return { path, message: `must be at most ${(error.params as { limit: number }).limit} characters${got}` };
    case 'minItems':
    case 'maxItems':
    case 'additionalItems':
      if (path[0] === 'rules')
        return {
          path,
          message: `must be [severity] or [severity, {options}] (got a list of ${(error.data as unknown[]).length})`,
        };
      return { path, message: `${error.message ?? 'is not valid'}${got}` };
    case 'anyOf':
      return { path, message: `${(schema.errorMessage as string | undefined) ?? 'is not valid'}${got}` };
    default:
      return { path, message: `${error.message ?? 'is not valid'}${got}` };
  }
}

/** An unknown key: a rule id, a setting, an option or a field, with the nearest valid one or the list of them. */
function unknownKey(
  path: (string | number)[],
  key: string,
  schema: JsonSchema,
  rules: readonly Rule[],
): { path: (string | number)[]; message: string } {
  const at = [...path, key];
  const unknown = (what: string, known: readonly string[], none?: string) => {
    const near = nearest(key, known);
    const hint = near ? `did you mean ${near}?` : known.length ? `the ${what}s are ${known.join(', ')}` : none;
    return { path: at, message: `unknown ${what}; ${hint}` };
  };
  if (path.length === 0) return unknown('setting', SETTINGS);
  if (path.length === 1 && path[0] === 'rules')
    return unknown(
      'rule',
      rules.map((r) => r.meta.id),
    );
  const known = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
  if (path[0] === 'rules' && path.length === 3) return unknown('option', known, `${path[1]} takes no options`);
  return unknown('field', known);
}

/** The known key closest to `key` when it looks like a typo of it (case, a few letters, a prefix), else null. */
export function nearest(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    const prefix = (a: string, b: string) => b.length >= 3 && a.startsWith(b);
    const distance = c === lower ? 0 : prefix(c, lower) || prefix(lower, c) ? 1 : editDistance(lower, c);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** A JSON pointer as key path segments; array indexes become numbers. */
function keyPath(pointer: string, data: unknown): (string | number)[] {
  const segments: (string | number)[] = [];
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      segments.push(Number(key));
      value = value[Number(key)];
    } else {
      segments.push(key);
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return segments;
}

function typeWords(type: string | string[]): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    null: 'empty',
  };
  return (Array.isArray(type) ? type : [type]).map((t) => words[t] ?? t).join(' or ');
}

/** A value as a message shows it: strings quoted, collections by kind. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return 'no value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
