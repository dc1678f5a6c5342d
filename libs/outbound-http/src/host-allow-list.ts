/**
 * Host names a kind of outbound call may go to, from a comma-separated setting: exact names, or
 * `*.example.com` for any subdomain of example.com (not example.com itself).
 */
export function parseHostAllowList(raw: string): readonly string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);
}

/** Whether `hostname` (as URL.hostname gives it) is on the list. */
export function isHostAllowed(hostname: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) =>
    entry.startsWith('*.')
      ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1
      : host === entry,
  );
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What a setting of host names must look like (for the config classes that read one). */
export function isValidHostAllowList(raw: string): boolean {
  const entries = parseHostAllowList(raw);
  return (
    entries.length > 0 &&
    entries.every((entry) =>
      (entry.startsWith('*.') ? entry.slice(2) : entry)
        .split('.')
        .every((label) => LABEL.test(label)),
    )
  );
}
