// Every UI string, in English and Simplified Chinese. `zh` is typed against
// `en`, so a key missing in one language does not compile; a test checks the
// placeholders match too.

import type { Language } from './bindings/Language';
import { en, type MessageKey } from './messages/en';
import { zh } from './messages/zh';

export { en, type MessageKey } from './messages/en';
export { zh } from './messages/zh';


export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zh };

/**
 * The message for `key` in `lang`, with `{name}` placeholders filled in. A
 * message `one|other` picks its form by `params.count` (English has two
 * forms; Chinese messages have one).
 */
export function translate(
  lang: Language,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  let template: string = dictionaries[lang][key] ?? en[key] ?? key;
  if (template.includes('|')) {
    const [one, other] = template.split('|');
    const n = Number(String(params.count ?? '').replace(/[^\d.-]/g, ''));
    template = n === 1 ? one : other;
  }
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** The placeholders a message uses, sorted and without repeats. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}
