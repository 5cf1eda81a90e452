// Plain HTTP requests a test needs and fetch() cannot make.
import { get as httpGet } from 'node:http';

/**
 * GET `url` with another Host header (fetch() sets its own): ejabberd answers some paths, such
 * as host-meta, only for a Host that names its virtual host. Resolves to `{ status, headers, body }`.
 */
export function getWithHost(url, host) {
  return new Promise((ok, fail) => {
    httpGet(url, { headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => ok({ status: response.statusCode, headers: response.headers, body }));
    }).on('error', fail);
  });
}
