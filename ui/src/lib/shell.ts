// What the desktop shell gives the UI besides the core's commands: native file
// dialogs, files dropped on the window or opened with the app, and the daily
// reminder's click. Inside
// the app these are Tauri plugin APIs; in a browser (the UI against `rapport
// serve`) paths are typed into a prompt and the window events never fire.
// The core's commands are in `client.ts`, never here.

import { inTauri } from './client';

export type Unlisten = () => void;

/** Extensions offered by the import dialog. */
const IMPORT_EXTENSIONS = ['csv', 'txt', 'tsv', 'xlsx', 'xls', 'ods', 'vcf', 'ldif'];

/** A path typed by the user (browser only); `null` when cancelled or empty. */
function promptPath(question: string, suggestion = ''): string | null {
  if (typeof window === 'undefined' || typeof window.prompt !== 'function') return null;
  const answer = window.prompt(question, suggestion);
  return answer && answer.trim() ? answer.trim() : null;
}

/** The file to import: the native open dialog, or a prompt in a browser; `null` when cancelled. */
export async function pickImportFile(question: string): Promise<string | null> {
  if (!inTauri()) return promptPath(question);
  const { open } = await import('@tauri-apps/plugin-dialog');
  const picked = await open({
    multiple: false,
    directory: false,
    filters: [{ name: 'Contacts', extensions: IMPORT_EXTENSIONS }],
  });
  return typeof picked === 'string' ? picked : null;
}

/** A mail or calendar file to import (mbox, .eml, .ics): the native open dialog, or a prompt in a browser. */
export async function pickMailFile(question: string): Promise<string | null> {
  if (!inTauri()) return promptPath(question);
  const { open } = await import('@tauri-apps/plugin-dialog');
  const picked = await open({
    multiple: false,
    directory: false,
    filters: [{ name: 'Mail and calendars', extensions: ['mbox', 'mbx', 'eml', 'ics'] }],
  });
  return typeof picked === 'string' ? picked : null;
}

/** Where to write an export: the native save dialog, or a prompt in a browser; `null` when cancelled. */
export async function pickExportFile(question: string, defaultName: string): Promise<string | null> {
  if (!inTauri()) return promptPath(question, defaultName);
  const { save } = await import('@tauri-apps/plugin-dialog');
  return (await save({ defaultPath: defaultName })) ?? null;
}

/** Files dropped on the window, as paths (the app only: a browser gives no paths). */
export async function onFileDrop(cb: (paths: string[]) => void): Promise<Unlisten> {
  if (!inTauri()) return () => {};
  const { getCurrentWebview } = await import('@tauri-apps/api/webview');
  return getCurrentWebview().onDragDropEvent((e) => {
    if (e.payload.type === 'drop') cb(e.payload.paths);
  });
}

/** The daily reminder's notification was clicked (the app's `open-today` event). */
export async function onOpenToday(cb: () => void): Promise<Unlisten> {
  if (!inTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen('open-today', () => cb());
}

/** The files this launch was asked to open ("Open with Rapport"), once; none in a browser. */
export function takeLaunchFiles(): string[] {
  const w = window as unknown as { __RAPPORT_OPEN_FILES__?: unknown };
  const given = w.__RAPPORT_OPEN_FILES__;
  w.__RAPPORT_OPEN_FILES__ = [];
  return Array.isArray(given) ? given.filter((f): f is string => typeof f === 'string') : [];
}

/** Files a second launch was asked to open (the app's `open-files` event). */
export async function onOpenFiles(cb: (paths: string[]) => void): Promise<Unlisten> {
  if (!inTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen<string[]>('open-files', (e) => cb(e.payload));
}
