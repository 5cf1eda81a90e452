// Which XMPP server a spec runs against. `make test` runs every spec on Prosody and the core
// journeys on ejabberd too; `make test-ejabberd` (JIBBER_E2E_SERVER=ejabberd) runs every spec on
// ejabberd, except those that name a Prosody-only need through `prosodyOnly`.
import { startEjabberd } from './ejabberd.mjs';
import { startProsody } from './prosody.mjs';

const STARTERS = { prosody: startProsody, ejabberd: startEjabberd };

function chosenServer() {
  const name = process.env.JIBBER_E2E_SERVER || 'prosody';
  if (!(name in STARTERS)) {
    throw new Error(`JIBBER_E2E_SERVER must be one of ${Object.keys(STARTERS).join(', ')}, not ${JSON.stringify(name)}`);
  }
  return name;
}

/** The server specs run against unless they say otherwise: `{ name, start }`. */
export const defaultServer = (() => {
  const name = chosenServer();
  return { name, start: STARTERS[name] };
})();

/**
 * The servers a core journey runs on, as `[name, start]` pairs: both in the default run (the same
 * journeys on both servers people run), only ejabberd in the ejabberd run.
 */
export const coreServers = defaultServer.name === 'ejabberd'
  ? [['ejabberd', startEjabberd]]
  : [['prosody', startProsody], ['ejabberd', startEjabberd]];

/**
 * For a spec that needs something only Prosody offers: Prosody in every run, with the reason in
 * the suite's name so the ejabberd run's report says what it did not cover and why.
 */
export function prosodyOnly(reason) {
  if (!reason) throw new Error('prosodyOnly needs the reason the spec cannot run on ejabberd');
  return { name: 'prosody', start: startProsody, label: `on prosody only (${reason})` };
}

/** A suite title naming the server it runs on. */
export function onServer(title, server = defaultServer) {
  return `${title} ${server.label ?? `on ${server.name}`}`;
}
