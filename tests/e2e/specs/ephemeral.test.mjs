// Disappearing messages on a real server: a 5-second timer on alice's chat with bob removes a
// message from her screen and IndexedDB, it does not come back after a reload or from the
// archive, bob's Jibber deletes it too (XEP-0466), a chat without a timer keeps its messages,
// clearing history lasts, and the chat's timer reaches alice's other device (private PEP).
// "Forget this device" leaves nothing behind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { storedBodies, storedCounts } from '../harness/indexeddb.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';
import { ChatRetention } from '../pages/retention.mjs';

const report = new FailureReport();
const TIMER_SECONDS = 5;
// The timer, plus time for delivery and a late browser timer.
const GONE_WITHIN_MS = TIMER_SECONDS * 1000 + 15_000;

describe(onServer('disappearing messages'), () => {
  const suite = suiteWithBrowser(report);

  async function loggedIn(t, name, account) {
    const user = await suite.browser.newUser(name);
    t.after(() => user.close());
    await new LoginPage(user.page).goto(suite.web.url).then((login) => login.login(account.jid, account.password, suite.server.wsUrl));
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    return { user, main, page: user.page };
  }

  async function expectGone(device, chat, body) {
    let shown = true;
    let stored = true;
    await waitUntil(
      async () => {
        shown = (await chat.messages()).some((m) => m.body === body);
        stored = (await storedBodies(device.page)).includes(body);
        return !shown && !stored;
      },
      {
        timeoutMs: GONE_WITHIN_MS,
        describe: () => `${JSON.stringify(body)} to leave the screen and IndexedDB of ${device.user.name} (shown: ${shown}, stored: ${stored})`,
      },
    );
  }

  it('a 5-second chat timer purges everywhere and for good', report.wrap(async (t) => {
    const [alice, bob, carol] = await suite.server.createAccounts(['alice', 'bob', 'carol']);
    const phone = await loggedIn(t, 'alice', alice);
    const laptop = await loggedIn(t, 'alice-laptop', alice);
    const b = await loggedIn(t, 'bob', bob);

    const chat = await phone.main.openChat(bob.jid);
    const retention = new ChatRetention(chat);
    assert.equal(await retention.expectTimer('off'), 'Messages are kept');
    await retention.setTimer(TIMER_SECONDS);
    assert.equal(await retention.expectTimer(TIMER_SECONDS * 1000), 'Messages disappear after 5 seconds');

    // The other device, already online, gets the chat's timer through PEP.
    const laptopChat = await laptop.main.openChat(bob.jid);
    await new ChatRetention(laptopChat).expectTimer(TIMER_SECONDS * 1000);

    // A chat without a timer, for comparison.
    const carolChat = await phone.main.openChat(carol.jid);
    await carolChat.send('this one stays');
    await carolChat.expectMessage('this one stays', 'out', { state: 'sent' });

    const bobChat = await b.main.openChat(alice.jid);
    const again = await phone.main.openChat(bob.jid);
    await again.send('gone in five');
    await again.expectMessage('gone in five', 'out');
    await bobChat.expectMessage('gone in five', 'in');
    assert.ok((await storedBodies(phone.page)).includes('gone in five'), 'stored before it expires');
    const expiry = await again.view.getByTestId('message-expiry').first().getAttribute('aria-label');
    assert.match(expiry, /^Disappears at \d\d:\d\d$/);

    await expectGone(phone, again, 'gone in five');
    // Bob set no timer: his Jibber honours the one the message carries.
    await expectGone(b, bobChat, 'gone in five');

    // Not back after a reload (which catches up from the archive), nor on a fresh device that
    // reads the archive's newest page.
    await phone.main.reload();
    await phone.main.waitForStatus('online');
    const reloaded = await phone.main.openChat(bob.jid);
    await new ChatRetention(reloaded).expectTimer(TIMER_SECONDS * 1000);
    const tablet = await loggedIn(t, 'alice-tablet', alice);
    const tabletChat = await tablet.main.openChat(bob.jid);
    await new ChatRetention(tabletChat).expectTimer(TIMER_SECONDS * 1000);
    await tabletChat.send('after the purge');
    await tabletChat.expectMessage('after the purge', 'out');
    await reloaded.expectMessage('after the purge', 'out');
    for (const [device, shown] of [[phone, reloaded], [tablet, tabletChat]]) {
      assert.ok(!(await shown.messages()).some((m) => m.body === 'gone in five'), `not shown again on ${device.user.name}`);
      assert.ok(!(await storedBodies(device.page)).includes('gone in five'), `not stored again on ${device.user.name}`);
    }

    // The chat without a timer still has its message, after the same wait and a reload.
    const carolAgain = await phone.main.openChat(carol.jid);
    await carolAgain.expectMessage('this one stays', 'out');
    assert.ok((await storedBodies(phone.page)).includes('this one stays'));

    // Clearing history empties the chat, here and in IndexedDB, and lasts across a reload.
    await new ChatRetention(carolAgain).clearHistory();
    await waitUntil(async () => (await carolAgain.messages()).length === 0, { describe: () => 'the chat with carol to be empty' });
    await waitUntil(async () => !(await storedBodies(phone.page)).includes('this one stays'), {
      describe: () => 'the cleared message to leave IndexedDB',
    });
    await phone.main.reload();
    await phone.main.waitForStatus('online');
    const carolAfter = await phone.main.openChat(carol.jid);
    await carolAfter.view.getByTestId('composer').waitFor();
    assert.deepEqual(await carolAfter.messages(), []);
    assert.ok(!(await storedBodies(phone.page)).includes('this one stays'));
  }));

  it('forgetting this device deletes everything it stored', report.wrap(async (t) => {
    const [dave, erin] = await suite.server.createAccounts(['dave', 'erin']);
    const d = await loggedIn(t, 'dave', dave);
    const chat = await d.main.openChat(erin.jid);
    await chat.send('left behind?');
    await chat.expectMessage('left behind?', 'out', { state: 'sent' });
    assert.ok((await storedBodies(d.page)).includes('left behind?'));

    await d.page.getByTestId('logout-forget').click();
    const warning = d.page.getByRole('alertdialog');
    assert.match(await warning.innerText(), /OMEMO/);
    await d.page.getByTestId('logout-forget-confirm').click();
    await new LoginPage(d.page).expectVisible();
    let counts = {};
    await waitUntil(
      async () => {
        counts = await storedCounts(d.page);
        return Object.values(counts).every((n) => n === 0);
      },
      { describe: () => `every object store to be empty (${JSON.stringify(counts)})` },
    );
  }));
});
