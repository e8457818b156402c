// Name validators of apimachinery's util/validation, with the exact conditions the API server applies.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME_CHARS = /^[-a-z0-9]+$/;

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * IsValidPortName (IANA_SVC_NAME, RFC 6335): at most 15 characters, lowercase alphanumerics and '-',
 * at least one letter, no leading, trailing or double '-'. Null when valid, else the reason.
 */
export function portNameProblem(value: string): string | null {
  if (value.length > 15) return 'must be no more than 15 characters';
  if (!IANA_SVC_NAME_CHARS.test(value)) return "must contain only lowercase alphanumerics and '-'";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  if (value.includes('--')) return "must not contain consecutive hyphens";
  if (value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with a hyphen';
  return null;
}

export function isValidPortName(value: string): boolean {
  return portNameProblem(value) === null;
}
