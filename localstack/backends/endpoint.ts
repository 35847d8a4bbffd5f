import { Backend } from './backend';
import { httpStatus } from './wait-for-http';

/** A running AWS endpoint given by URL (AWS_ENDPOINT_URL), used as it is once it answers HTTP. */
export async function useEndpoint(url: string, timeoutMs = 5_000): Promise<Backend> {
  try {
    await httpStatus(url, timeoutMs);
  } catch (e) {
    throw new Error(`${url} does not answer: ${(e as Error).message}`, { cause: e });
  }
  return { kind: 'endpoint', endpoint: url.replace(/\/+$/, ''), stop: () => Promise.resolve() };
}
