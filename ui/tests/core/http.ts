// How the tests talk to `rapport serve`: a new connection for each call, closed after
// its answer. The server's HTTP library (tiny_http) gives each open connection a thread
// from a small pool, and a connection kept alive by Node's fetch held its thread for
// fetch's 4 s keep-alive: a burst of calls (a screen mounting) waited in 4 s steps and
// the screen tests timed out now and then.
import { request } from 'node:http';

export const closingFetch: typeof fetch = (input, init) =>
  new Promise<Response>((resolve, reject) => {
    const req = request(
      new URL(String(input)),
      { method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 })));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (typeof init?.body === 'string') req.write(init.body);
    req.end();
  });
