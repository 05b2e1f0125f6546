// The contact list's filters, order and place outlive the Contacts screen:
// leaving for a contact and coming back shows the list as it was left.

import type { ContactSort } from './bindings/ContactSort';
import type { Stage } from './bindings/Stage';
import type { ValueTier } from './bindings/ValueTier';

export const contactsList = $state({
  tag: '',
  stage: '' as Stage | '',
  tier: '' as ValueTier | '',
  overdue: false,
  never: false,
  sort: 'name' as ContactSort,
  /** The list's scroll position and keyboard cursor when it was left. */
  scrollTop: 0,
  selected: -1,
});
