/** Words for the glyph errors a person can meet; undefined for any other error. (Issue 11 item 3 fills this in.) */
export function glyphWords(_error: unknown): string | undefined {
  return undefined;
}
