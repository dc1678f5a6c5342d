/** What makes two RAD set names the same (names are unique per org, case-insensitively). */
export function radSetNameKey(name: string): string {
  return name.trim().toLowerCase();
}
