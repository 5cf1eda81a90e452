// What the app's SASL exchange looks like on the wire, seen from the browser.

/**
 * Collects, in order, the mechanism of every SASL `<auth/>` the page sends on its WebSockets.
 * Attach before the login; the returned array fills as frames go out.
 */
export function watchSaslMechanisms(page) {
  const mechanisms = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const auth = /<auth\b[^>]*\bmechanism=["']([^"']+)["']/.exec(String(payload));
      if (auth) mechanisms.push(auth[1]);
    });
  });
  return mechanisms;
}
