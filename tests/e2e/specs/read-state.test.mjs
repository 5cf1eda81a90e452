// Read state across a user's devices through the server (XEP-0490), on both servers people run:
// a device that was logged out while the chat was read elsewhere (so no chat marker reached it)
// shows the chat as read once it logs in again. ejabberd refuses `max_items` as a publish
// option, so there the publish goes through Jibber's retry (publish without it, configure).
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startEjabberd } from '../harness/ejabberd.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { LoginPage } from '../pages/login-page.mjs';

const TIMEOUT_MS = 20_000;
const report = new FailureReport();
const servers = [['prosody', startProsody], ['ejabberd', startEjabberd]];

for (const [serverName, startServer] of servers) describe(`read state on ${serverName}`, () => {
  const suite = suiteWithBrowser(report, { startServer });

  it('a device that was logged out when the chat was read learns it from the server', report.wrap(async (t) => {
    const [gina, hank] = await suite.server.createAccounts(['gina', 'hank']);
    const phone = await suite.jibber(t, 'gina-phone', gina);
    const laptop = await suite.jibber(t, 'gina-laptop', gina);
    const h = await suite.jibber(t, 'hank', hank);
    const hChat = await h.main.openChat(gina.jid);
    await hChat.send('Lunch at noon?');
    for (const [name, device] of [['phone', phone], ['laptop', laptop]]) {
      await device.main.expectConversation(hank.jid, { timeoutMs: TIMEOUT_MS });
      await expectValue(() => device.main.unreadCount(hank.jid), 1, { what: `the unread count on gina's ${name}`, timeoutMs: TIMEOUT_MS });
    }
    // Logged out, the laptop gets no chat marker: only the read state on the server can tell it.
    await laptop.main.logout();
    const login = new LoginPage(laptop.user.page);
    await login.expectVisible();
    const chat = await phone.main.openChat(hank.jid);
    await chat.expectMessage('Lunch at noon?', 'in');
    await hChat.expectMessage('Lunch at noon?', 'out', { state: 'read', timeoutMs: TIMEOUT_MS });
    await login.login(gina.jid, gina.password);
    await laptop.main.waitForStatus('online');
    await laptop.main.expectConversation(hank.jid);
    await expectValue(() => laptop.main.unreadCount(hank.jid), 0, {
      what: "the unread count on gina's laptop after logging in again",
      timeoutMs: TIMEOUT_MS,
    });
    await expectValue(() => laptop.user.page.title(), 'Jibber', { what: "the laptop's tab title" });
  }));
});
