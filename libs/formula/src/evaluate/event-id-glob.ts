const REGEX_SPECIALS = /[\\^$.|+()[\]{}]/g;

/**
 * An event-id glob as an anchored regular expression: `*` any run of characters (dots too),
 * `?` exactly one, everything else literal. The same semantics as the service's bucket reader.
 */
export function eventIdGlobToRegExp(glob: string): RegExp {
  const body = glob.replace(REGEX_SPECIALS, '\\$&').replace(/\*+/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

export function matchesEventIdGlob(glob: string, eventId: string): boolean {
  return eventIdGlobToRegExp(glob).test(eventId);
}
