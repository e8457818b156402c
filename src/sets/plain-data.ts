// Reading the plain data of a YAML file svclint does not model (kustomizations, GitOps objects) without trusting its shape.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a list, else none. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of a list, or a string alone (`resources: base`) as one. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return list(value).filter((v): v is string => typeof v === 'string');
}

/** A non-empty string, else null. */
export function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
