// A scripted XMPP-over-WebSocket server (RFC 7395 framing) for testing how the client copes
// with broken servers: it answers the client's first frame with a fixed sequence of steps.
import { WebSocketServer } from 'ws';

export const frames = {
  open: ({ domain = 'localhost', id = 'fake-stream-1' } = {}) =>
    `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="${domain}" id="${id}" version="1.0" xml:lang="en"/>`,
  malformedFeatures: '<features xmlns="http://etherx.jabber.org/streams"><unclosed>',
  doctype:
    '<!DOCTYPE open [<!ENTITY boom "boom">]><open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="localhost" id="x" version="1.0"/>',
};

/** Ready-made scripts; a step is a text frame, `{ delayMs }`, or `{ close: code, reason }`. */
export const scripts = {
  malformedAfterOpen: ({ domain } = {}) => [frames.open({ domain }), frames.malformedFeatures],
  doctype: () => [frames.doctype],
};

async function play(socket, steps) {
  for (const step of steps) {
    if (socket.readyState !== socket.OPEN) return;
    if (typeof step === 'string') socket.send(step);
    else if (step.delayMs !== undefined) await new Promise((ok) => setTimeout(ok, step.delayMs));
    else if (step.close !== undefined) socket.close(step.close, step.reason ?? '');
    else throw new Error(`unknown fake-ws step: ${JSON.stringify(step)}`);
  }
}

/**
 * Starts the server on a free loopback port. Returns `{ url, port, connections, received,
 * describeFailure(), close() }`; `connections` lists `{ protocol, received }` per client.
 */
export async function startFakeWs({ script, host = '127.0.0.1' }) {
  if (!Array.isArray(script)) throw new Error('startFakeWs needs a script (an array of steps)');
  const server = new WebSocketServer({
    host,
    port: 0,
    handleProtocols: (protocols) => (protocols.has('xmpp') ? 'xmpp' : false),
  });
  await new Promise((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const connections = [];
  server.on('connection', (socket) => {
    const connection = { protocol: socket.protocol, received: [] };
    connections.push(connection);
    socket.on('message', (data) => {
      connection.received.push(data.toString());
      if (connection.received.length === 1) play(socket, script).catch(() => socket.terminate());
    });
  });
  const { port } = server.address();
  return {
    url: `ws://${host}:${port}/xmpp-websocket`,
    port,
    connections,
    async describeFailure() {
      return `---- fake WebSocket server on port ${port}: ${connections.length} connection(s)\n${connections
        .map((c, i) => `#${i + 1} protocol=${c.protocol || '(none)'} received:\n  ${c.received.join('\n  ')}`)
        .join('\n')}`;
    },
    close: () =>
      new Promise((ok) => {
        for (const client of server.clients) client.terminate();
        server.close(() => ok());
      }),
  };
}
