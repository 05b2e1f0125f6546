// The generated client: errors arrive as RapportError with the core's code,
// whichever way the call failed.
import { describe, expect, inject, it } from 'vitest';
import { COMMANDS, RapportError, getContact, httpTransport, toRapportError, useTransport } from '../src/lib/client';
import { sharedBook } from './core/book';

describe('client errors', () => {
  sharedBook();

  it('rejects with the core coded error', async () => {
    const e = await getContact({ id: 999_999 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RapportError);
    expect(e).toMatchObject({ code: 'contact_not_found' });
  });

  it('says unauthorized without the right token, and knows no unlisted command', async () => {
    const { url, token } = inject('core');
    useTransport(httpTransport(url, 'not-the-token'));
    await expect(getContact({ id: 1 })).rejects.toMatchObject({ code: 'unauthorized' });
    const t = httpTransport(url, token);
    await expect(t.call('drop_everything', {})).rejects.toMatchObject({ code: 'unknown_command' });
    useTransport(t);
    expect(COMMANDS).toContain('today_list');
  });

  it('turns whatever a call rejected with into a RapportError', () => {
    expect(toRapportError({ code: 'x', message: 'y' })).toMatchObject({ code: 'x', message: 'y' });
    expect(toRapportError('boom')).toMatchObject({ code: 'backend', message: 'boom' });
    expect(toRapportError(new Error('net down'))).toMatchObject({ code: 'backend', message: 'net down' });
  });
});
