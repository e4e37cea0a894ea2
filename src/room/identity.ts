/** Who this device is in rooms: a random member id and a display name, kept in localStorage. */
import { randomBytes, toBase64Url } from '../shared/bytes.ts';

const ID_KEY = 'sacred-breathing.member-id';
const NAME_KEY = 'sacred-breathing.display-name';

export function memberId(): string {
  let id = localStorage.getItem(ID_KEY);
  if (!id) {
    id = toBase64Url(randomBytes(12));
    localStorage.setItem(ID_KEY, id);
  }
  return id;
}

export const displayName = (): string => localStorage.getItem(NAME_KEY) ?? '';
export const saveDisplayName = (name: string): void => localStorage.setItem(NAME_KEY, name);
