const REGEX_SPECIALS = /[\\^$.|+()[\]{}]/g;

/**
 * An event-id glob as an anchored regular expression: `*` any run of characters (dots too),
 * `?` exactly one, the rest literal. A glob with a literal prefix (`pandc.feed*`) gives
 * `^pandc\.feed.*$`, which MongoDB answers from the {orgId, eventId, start} index.
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(REGEX_SPECIALS, '\\$&').replace(/\*+/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
