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
  if (value.includes('--')) return 'must not contain consecutive hyphens';
  if (value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with a hyphen';
  return null;
}

export function isValidPortName(value: string): boolean {
  return portNameProblem(value) === null;
}

/**
 * IsDNS1123Label: at most 63 characters, lowercase alphanumerics and '-', starting and ending with an
 * alphanumeric. Null when valid, else the reason.
 */
export function dns1123LabelProblem(value: string): string | null {
  return labelProblem(value, false);
}

/** IsDNS1035Label: a DNS-1123 label that also starts with a letter. Null when valid, else the reason. */
export function dns1035LabelProblem(value: string): string | null {
  return labelProblem(value, true);
}

/**
 * IsDNS1123Subdomain: at most 253 characters, lowercase alphanumerics, '-' and '.', each dot-separated part
 * starting and ending with an alphanumeric. Null when valid, else the reason.
 */
export function dns1123SubdomainProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return `must be no more than 253 characters (it has ${value.length})`;
  const chars = characterProblem(value, /^[-a-z0-9.]$/, "lowercase alphanumerics, '-' and '.'");
  if (chars) return chars;
  for (const part of value.split('.')) {
    if (part === '') return "must not start or end with '.' or contain '..'";
    if (!/^[a-z0-9]/.test(part) || !/[a-z0-9]$/.test(part)) {
      return `each dot-separated part must start and end with an alphanumeric character ("${part}" does not)`;
    }
  }
  return null;
}

function labelProblem(value: string, mustStartWithLetter: boolean): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) return `must be no more than 63 characters (it has ${value.length})`;
  const chars = characterProblem(value, /^[-a-z0-9]$/, "lowercase alphanumerics and '-'");
  if (chars) return chars;
  if (mustStartWithLetter && !/^[a-z]/.test(value)) return 'must start with a letter';
  if (!/^[a-z0-9]/.test(value)) return 'must start with an alphanumeric character';
  if (!/[a-z0-9]$/.test(value)) return 'must end with an alphanumeric character';
  return null;
}

/** The first character outside `allowed`, explained: capitals and dots are the usual slips. */
function characterProblem(value: string, allowed: RegExp, allowedText: string): string | null {
  const bad = [...value].find((c) => !allowed.test(c));
  if (bad === undefined) return null;
  if (/[A-Z]/.test(bad)) return `must be lowercase (found ${JSON.stringify(bad)})`;
  if (bad === '.') return 'must not contain dots';
  return `must contain only ${allowedText} (found ${JSON.stringify(bad)})`;
}
