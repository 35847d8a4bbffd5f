import * as http from 'node:http';
import * as https from 'node:https';

/** http or https, whichever the backend's URL says (AWS_ENDPOINT_URL may be either). */
export function transportFor(backend: URL): { request: typeof http.request; agent: http.Agent } {
  return backend.protocol === 'https:'
    ? { request: https.request, agent: new https.Agent({ keepAlive: true }) }
    : { request: http.request, agent: new http.Agent({ keepAlive: true }) };
}
