// The bundled colour emoji font: the login form fetches none of it, an emoji in a chat fetches
// only its slice, from the app's own origin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();
const fontRequests = (user) => user.requests.filter((url) => /\/fonts\/.*\.woff2$/.test(url));

describe(onServer('emoji font'), () => {
  const suite = suiteWithBrowser(report);

  it('is fetched lazily, only the slices shown characters need, from the same origin', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const user = await suite.browser.newUser('alice');
    t.after(() => user.close());
    const login = await new LoginPage(user.page).goto(suite.web.url);
    await login.expectUsable();
    assert.deepEqual(fontRequests(user), [], 'the login form loads no font');

    await login.login(alice.jid, alice.password);
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    const chat = await main.openChat(bob.jid);
    await chat.send('Party 🎉');
    await chat.expectMessage('Party 🎉', 'out');
    await user.page.waitForFunction(() =>
      [...document.fonts].some((face) => face.family.includes('Noto Color Emoji') && face.status === 'loaded'));
    const fetched = fontRequests(user);
    assert.ok(fetched.length >= 1, 'an emoji fetches a slice of the font');
    // Each fetched slice must cover a character the page shows (slices are numbered in the
    // stylesheet's order, which is the order of document.fonts).
    const needed = await user.page.evaluate(() => {
      const text = document.body.innerText;
      const inRange = (code, range) =>
        range.split(',').some((part) => {
          const [low, high = low] = part.trim().replace(/^U\+/i, '').split('-');
          return code >= parseInt(low, 16) && code <= parseInt(high, 16);
        });
      const faces = [...document.fonts].filter((face) => face.family.includes('Noto Color Emoji'));
      const codes = [...new Set([...text].map((c) => c.codePointAt(0)))];
      return faces.flatMap((face, index) => (codes.some((code) => inRange(code, face.unicodeRange)) ? [index] : []));
    });
    for (const url of fetched) {
      const slice = Number(/noto-color-emoji-(\d+)-/.exec(url)?.[1]);
      assert.ok(needed.includes(slice), `slice ${slice} was fetched though nothing shown needs it (needed: ${needed})`);
    }
    for (const url of fetched) assert.equal(new URL(url).origin, new URL(suite.web.url).origin);
  }));
});
