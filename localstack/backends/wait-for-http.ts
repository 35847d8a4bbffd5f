import { request } from 'node:http';
import * as https from 'node:https';

const POLL_INTERVAL_MS = 100;

/** The HTTP status `url` answers with, or the error that stopped it (a connection refused, a timeout). */
export function httpStatus(url: string, timeoutMs: number): Promise<number> {
  const get = url.startsWith('https:') ? https.request : request;
  return new Promise((resolve, reject) => {
    const req = get(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Polls `url` until it answers with a status below 500. `failure` is asked before each poll:
 * a reason there (the process exited, say) ends the wait at once.
 */
export async function waitForHttp(url: string, timeoutMs: number, failure: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    const why = failure();
    if (why) throw new Error(why);
    try {
      const status = await httpStatus(url, Math.max(1, Math.min(2_000, deadline - Date.now())));
      if (status > 0 && status < 500) return;
      last = `HTTP ${status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() + POLL_INTERVAL_MS > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
