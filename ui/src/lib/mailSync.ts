// The mail sync while the app runs: every N minutes (the core's setting
// `mail_sync_minutes`) the core is asked to sync every account. A sync that
// meets another job (an import) simply waits for the next round.
import { getSettings, mailAccounts, mailSync } from './client';

let timer: ReturnType<typeof setInterval> | null = null;

async function syncAll(): Promise<void> {
  const accounts = await mailAccounts({});
  if (accounts.length) await mailSync({ account: null });
}

/** (Re)starts the timer for `minutes` (none: stops it). */
export function restartBackgroundSync(minutes: number | null, run: () => Promise<void> = syncAll): void {
  if (timer) clearInterval(timer);
  timer = null;
  if (minutes && minutes > 0) {
    timer = setInterval(() => {
      run().catch(() => {
        // Offline, or another job running: the next round tries again.
      });
    }, minutes * 60_000);
  }
}

/** Starts the timer from the stored setting (at app start). */
export async function startBackgroundSync(): Promise<void> {
  const s = await getSettings({});
  restartBackgroundSync(s.mail_sync_minutes);
}

/** The certificate fingerprint an `untrusted_certificate` error offers to pin. */
export function fingerprintOf(message: string): string | null {
  const m = /sha256:([0-9a-f]{64})/i.exec(message);
  return m ? m[1].toLowerCase() : null;
}
