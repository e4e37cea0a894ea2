/** Words for the vault errors a person can meet; undefined for any other error. (Issue 11 item 3 fills this in.) */
export function vaultWords(_error: unknown): string | undefined {
  return undefined;
}
