// The XSS corpus: classic payloads placed in every string a hostile contact or room controls
// (message bodies, link texts, file names, subscription nicks and reasons, status texts, vCard
// fields, room names, subjects, occupant nicks, invitation reasons), sent by a plain XMPP peer
// that is not Jibber. The page must show each one as text: no script runs, no dialog opens, the
// Content-Security-Policy reports no violation, and no active element or javascript: link
// appears in the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startPeer } from '../harness/peer.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { ContactsPanel } from '../pages/contacts-panel.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const TIMEOUT_MS = 20_000;
const report = new FailureReport();

/** Each payload tries to run `window.__xss = …` or open a dialog if it is ever parsed as markup. */
export const PAYLOADS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '"><svg onload="window.__xss = \'svg\'">',
  "'><body onload=alert('body')>",
  '<a href="javascript:alert(1)">click me</a>',
  '<iframe srcdoc="<script>parent.__xss = \'iframe\'</script>"></iframe>',
  '</textarea></title><script>alert("close")</script>',
  '<style>*{display:none !important}</style>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<details open ontoggle=alert("toggle")>',
  '{{constructor.constructor("alert(\'template\')")()}}',
  'javascript:alert(document.domain)',
  '&lt;b&gt;entity&lt;/b&gt; &amp;amp; <b>bold</b>',
  '\u202Egnp.exe \u2066isolate\u2069',
];

const xmlEscape = (text) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** Opens a browser user that records dialogs and CSP violations from its first script on. */
async function hostileWatchedUser(suite, t, name, account) {
  const user = await suite.browser.newUser(name);
  t.after(() => user.close());
  user.dialogs = [];
  user.page.on('dialog', async (dialog) => {
    user.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await user.context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
  await (await new LoginPage(user.page).goto(suite.web.url)).login(account.jid, account.password);
  const main = new MainPage(user.page);
  await main.waitForStatus('online');
  return { user, main, contacts: new ContactsPanel(user.page), groups: new GroupsPanel(user.page) };
}

/** Everything that would show a payload escaped into markup, after the views were shown. */
async function assertNothingRan(user, where) {
  const found = await user.page.evaluate(() => {
    const app = document.getElementById('app');
    return {
      xss: window.__xss ?? null,
      violations: window.__violations,
      active: [...app.querySelectorAll('script, iframe, object, embed, style, svg[onload], math, body')].map((node) => node.outerHTML.slice(0, 120)),
      handlers: [...app.querySelectorAll('*')]
        .filter((node) => [...node.attributes].some((attribute) => attribute.name.startsWith('on')))
        .map((node) => node.outerHTML.slice(0, 120)),
      scriptLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .flatMap((node) => ['href', 'src', 'action', 'formaction'].map((name) => node.getAttribute(name) ?? ''))
        .filter((url) => /^\s*(javascript|vbscript|data:text\/html)/i.test(url)),
    };
  });
  assert.equal(found.xss, null, `a payload ran (${where})`);
  assert.deepEqual(user.dialogs, [], `a dialog opened (${where})`);
  assert.deepEqual(found.violations, [], `the CSP reported a violation (${where})`);
  assert.deepEqual(found.active, [], `active markup in the page (${where})`);
  assert.deepEqual(found.handlers, [], `event-handler attributes in the page (${where})`);
  assert.deepEqual(found.scriptLinks, [], `script URLs in the page (${where})`);
  assert.deepEqual(user.pageErrors, [], `uncaught errors (${where})`);
}

/** The text of the whole app, so a payload can be looked for as literal characters. */
const appText = (user) => user.page.evaluate(() => document.getElementById('app').innerText);

describe('the XSS corpus in every remote string', () => {
  const suite = suiteWithBrowser(report);

  it('bodies, links, file names, requests, statuses and profiles stay text', report.wrap(async (t) => {
    const [alice, mallory] = await suite.server.createAccounts(['alice', 'mallory']);
    const a = await hostileWatchedUser(suite, t, 'alice', alice);
    const peer = report.add(await startPeer({ ...mallory, prosody: suite.server }));
    t.after(async () => {
      report.remove(peer);
      await peer.stop();
    });

    // A subscription request whose nick and reason are payloads.
    await peer.sendRaw(
      `<presence to='${alice.jid}' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>${xmlEscape(PAYLOADS[1])}</nick>` +
        `<status>${xmlEscape(PAYLOADS[0])}</status></presence>`,
    );
    await a.contacts.expectRequest(mallory.jid, { timeoutMs: TIMEOUT_MS });
    await assertNothingRan(a.user, 'the subscription request');
    await a.contacts.approve(mallory.jid);
    await peer.sendRaw(`<presence to='${alice.jid}' type='subscribed'/>`);

    // The profile, read when alice opens mallory's details.
    const vcard = ['FN', 'NICKNAME', 'ORG', 'DESC'].map((field, i) => `<${field}>${xmlEscape(`${field} ${PAYLOADS[i + 2]}`)}</${field}>`).join('');
    await peer.sendRaw(`<iq type='set' id='xss-vcard'><vCard xmlns='vcard-temp'>${vcard}<URL>javascript:alert('url')</URL><EMAIL><USERID>${xmlEscape(PAYLOADS[5])}</USERID></EMAIL></vCard></iq>`);
    const status = `status ${PAYLOADS[6]}`;
    await peer.sendRaw(`<presence><show>dnd</show><status>${xmlEscape(status)}</status></presence>`);
    await a.contacts.expectStatusText(mallory.jid, status, { timeoutMs: TIMEOUT_MS });
    await a.contacts.openContactDetails(mallory.jid);
    await a.contacts.expectProfileField(mallory.jid, 'full-name', `FN ${PAYLOADS[2]}`, { timeoutMs: TIMEOUT_MS });
    assert.equal(await a.contacts.contactDetails(mallory.jid).getByTestId('profile-url').count(), 0, 'a javascript: URL is not a link');
    await assertNothingRan(a.user, 'the roster and the profile');

    // Every payload as a body, with links around it and as a shared file's name.
    const bodies = PAYLOADS.map((payload, i) => `m${i} ${payload}`);
    bodies.push(`see https://example.org/"><img src=x onerror=alert('link')> and xmpp:${mallory.jid}?message;body=%3Cscript%3E`);
    // The file's host is the app's own, so the failing download is not a CSP report of its own.
    bodies.push(`aesgcm://${new URL(suite.web.url).host}/f/${encodeURIComponent(PAYLOADS[1])}.png#${'ab'.repeat(44)}`);
    for (const body of bodies) await peer.send(alice.jid, body);
    const chat = await a.main.openChat(mallory.jid);
    await chat.expectMessage(bodies[0], 'in', { timeoutMs: TIMEOUT_MS });
    await waitUntil(async () => (await chat.messageList.getByTestId('message').count()) >= bodies.length, {
      timeoutMs: TIMEOUT_MS,
      describe: () => `all ${bodies.length} hostile messages shown`,
    });
    const text = await appText(a.user);
    for (const payload of PAYLOADS.slice(0, 12)) assert.ok(text.includes(payload), `shown as text: ${payload}`);
    await assertNothingRan(a.user, 'the chat');
  }));

  it('room names, subjects, nicks and invitation reasons stay text', report.wrap(async (t) => {
    const [bob, mallory] = await suite.server.createAccounts(['bob', 'mallory2']);
    const b = await hostileWatchedUser(suite, t, 'bob', bob);
    const peer = report.add(await startPeer({ ...mallory, prosody: suite.server }));
    t.after(async () => {
      report.remove(peer);
      await peer.stop();
    });
    const room = `hostile@conference.${suite.server.domain}`;
    const nick = PAYLOADS[2];
    const name = `name ${PAYLOADS[0]}`;
    const subject = `subject ${PAYLOADS[1]}`;
    const reason = `reason ${PAYLOADS[3]}`;
    await peer.sendRaw(`<presence to='${room}/${xmlEscape(nick)}'><x xmlns='http://jabber.org/protocol/muc'/></presence>`);
    await peer.sendRaw(
      `<iq type='set' to='${room}' id='xss-config'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>` +
        "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>" +
        `<field var='muc#roomconfig_roomname'><value>${xmlEscape(name)}</value></field>` +
        "<field var='muc#roomconfig_publicroom'><value>1</value></field>" +
        '</x></query></iq>',
    );
    await peer.sendRaw(`<message to='${room}' type='groupchat'><subject>${xmlEscape(subject)}</subject></message>`);
    await peer.sendRaw(`<message to='${room}' type='groupchat'><body>${xmlEscape(`said ${PAYLOADS[4]}`)}</body></message>`);
    await peer.sendRaw(`<message to='${bob.jid}'><x xmlns='jabber:x:conference' jid='${room}' reason='${xmlEscape(reason)}'/></message>`);

    await waitUntil(async () => (await b.groups.invitationCount()) > 0, { timeoutMs: TIMEOUT_MS, describe: () => 'the invitation in the inbox' });
    await waitUntil(async () => (await appText(b.user)).includes(reason), { timeoutMs: TIMEOUT_MS, describe: () => 'the reason as text' });
    await assertNothingRan(b.user, 'the invitations inbox');

    const chat = await b.groups.accept(room);
    await waitUntil(async () => (await chat.view.getByTestId('room-subject').innerText()).includes(subject), {
      timeoutMs: TIMEOUT_MS,
      describe: () => 'the subject as text',
    });
    await chat.view.getByTestId('occupant-toggle').click();
    await waitUntil(async () => (await chat.view.getByTestId('occupant-list').innerText()).includes(nick), {
      timeoutMs: TIMEOUT_MS,
      describe: () => 'the nick as text',
    });
    await waitUntil(async () => (await appText(b.user)).includes(name), { timeoutMs: TIMEOUT_MS, describe: () => 'the room name as text' });
    await assertNothingRan(b.user, 'the room');
  }));
});
