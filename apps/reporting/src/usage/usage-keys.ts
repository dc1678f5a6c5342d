/**
 * Endpoint names as MongoDB field names: `.` and `$` are not allowed in them, so they (and `%`,
 * to stay reversible) are percent-encoded.
 */
export function encodeKey(key: string): string {
  return key.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');
}

export function decodeKey(key: string): string {
  return key.replace(/%2E/g, '.').replace(/%24/g, '$').replace(/%25/g, '%');
}
