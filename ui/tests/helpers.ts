import type { ContactDraft } from '../src/lib/bindings/ContactDraft';
import { newDraft } from '../src/lib/contact';

export const TODAY = '2026-03-10';

/** A draft with a name and optional fields. */
export function draft(name: string, extra: Partial<ContactDraft> = {}): ContactDraft {
  return { ...newDraft(name), ...extra };
}
