// The contact list's filters, order and place outlive the Contacts screen:
// leaving for a contact and coming back shows the list as it was left.

import type { ContactSort } from './bindings/ContactSort';
import type { Stage } from './bindings/Stage';
import type { ValueTier } from './bindings/ValueTier';

const initial = () => ({
  tag: '',
  stage: '' as Stage | '',
  tier: '' as ValueTier | '',
  overdue: false,
  never: false,
  sort: 'name' as ContactSort,
  /** Archived contacts listed too. */
  archived: false,
  /** The list's scroll position and keyboard cursor when it was left. */
  scrollTop: 0,
  selected: -1,
});

export const contactsList = $state(initial());

/** Back to every live contact by name, from the top. */
export function resetContactsList(): void {
  Object.assign(contactsList, initial());
}
