// The chat view of docs/ui-contract.md: message list and composer for one peer.
import { DEFAULT_TIMEOUT_MS } from './expect.mjs';
import { waitUntil } from '../harness/wait.mjs';

export class ChatPage {
  constructor(page, jid) {
    this.page = page;
    this.jid = jid;
    this.view = page.locator(`[data-testid=chat-view][data-jid="${jid}"]`);
    this.messageList = this.view.getByTestId('message-list');
    this.composer = this.view.getByTestId('composer');
    this.sendButton = this.view.getByTestId('send');
    this.typing = this.view.getByTestId('typing');
  }

  async expectVisible(timeoutMs = DEFAULT_TIMEOUT_MS) {
    await this.view.waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Types `text` and sends it with the Send button, or with Enter when `via` is 'enter'. */
  async send(text, { via = 'button' } = {}) {
    await this.composer.fill(text);
    if (via === 'enter') await this.composer.press('Enter');
    else await this.sendButton.click();
  }

  /** Every message shown: `{ direction, state, body }`, oldest first. */
  async messages() {
    return this.messageList.getByTestId('message').evaluateAll((nodes) =>
      nodes.map((node) => ({
        direction: node.getAttribute('data-direction'),
        state: node.getAttribute('data-state'),
        timestamp: Number(node.getAttribute('data-timestamp')),
        body: node.querySelector('[data-testid=message-body]')?.textContent ?? '',
        encryption: node.getAttribute('data-encryption'),
        locked: node.querySelector('[data-testid=message-lock]') !== null,
        unreadable: node.querySelector('[data-testid=message-undecryptable]')?.textContent ?? null,
        failure: node.querySelector('[data-testid=message-failure]')?.textContent ?? null,
      })),
    );
  }

  /**
   * Waits for a message whose body is exactly `text` and whose direction is `in` or `out`;
   * `state` (e.g. 'sent') also has to match when given. Returns the message.
   */
  async expectMessage(text, direction, { state, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let seen = [];
    return waitUntil(
      async () => {
        seen = await this.messages();
        return seen.find((m) => m.body === text && m.direction === direction && (state === undefined || m.state === state));
      },
      {
        timeoutMs,
        describe: () =>
          `${direction} message ${JSON.stringify(text)}${state ? ` in state ${state}` : ''} in the chat with ${this.jid}; ` +
          `shown: ${JSON.stringify(seen)}`,
      },
    );
  }

  /** Scrolls to the top of the list once: older rows come into the page (loaded or fetched). */
  async revealOlder() {
    await this.messageList.evaluate((list) => {
      list.scrollTo(0, 0);
      // At the top already, scrollTo fires no scroll event, which is what the app listens to.
      list.dispatchEvent(new Event('scroll'));
    });
  }

  /**
   * Waits until the chat shows exactly `expected` (`[{ direction, body }]`) for each direction,
   * in that order, each once; `state` (e.g. 'sent', or a list of allowed states) must then hold
   * for every outgoing message.
   */
  async expectExactly({ out = [], in: incoming = [] }, { state, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let seen = [];
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    return waitUntil(
      async () => {
        seen = await this.messages();
        // Following the newest, a long chat renders only its last rows: scroll back, as a
        // reader would, until every expected message can be in the page.
        if (seen.length < out.length + incoming.length) await this.revealOlder();
        const outs = seen.filter((m) => m.direction === 'out');
        const ins = seen.filter((m) => m.direction === 'in').map((m) => m.body);
        const states = [state].flat();
        return same(outs.map((m) => m.body), out) && same(ins, incoming) && (state === undefined || outs.every((m) => states.includes(m.state)));
      },
      {
        timeoutMs,
        describe: () =>
          `exactly ${out.length} out and ${incoming.length} in messages${state ? ` (out ones ${state})` : ''} with ${this.jid}; ` +
          `shown ${seen.length}: ${JSON.stringify(seen.map((m) => `${m.direction}:${m.state}:${m.body}@${m.timestamp}`))}`,
      },
    );
  }

  /** Waits for `text` shown as an end-to-end encrypted message (lock, `data-encryption=omemo`). */
  async expectEncrypted(text, direction, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let seen = [];
    return waitUntil(
      async () => {
        seen = await this.messages();
        return seen.find((m) => m.body === text && m.direction === direction && m.encryption === 'omemo' && m.locked);
      },
      {
        timeoutMs,
        describe: () => `${direction} message ${JSON.stringify(text)} shown as encrypted with ${this.jid}; shown: ${JSON.stringify(seen)}`,
      },
    );
  }

  /** Shares a file (`{ name, mimeType, buffer }`) through the attach button's file picker. */
  async shareFile(file) {
    await this.view.getByTestId('attach-input').setInputFiles(file);
  }

  /**
   * Waits for a shared image from `direction` that has loaded; returns `{ link, width, height }`
   * (the natural size of the decoded picture).
   */
  async expectImage(direction, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let seen = [];
    return waitUntil(
      async () => {
        seen = await this.messageList.getByTestId('message').evaluateAll((nodes, dir) =>
          nodes
            .filter((node) => node.getAttribute('data-direction') === dir)
            .map((node) => {
              const shared = node.querySelector('[data-testid=shared-file]');
              const image = node.querySelector('[data-testid=message-image]');
              return {
                link: shared?.getAttribute('data-link') ?? null,
                error: node.querySelector('[data-testid=shared-file-error]')?.textContent ?? null,
                width: image?.complete ? image.naturalWidth : 0,
                height: image?.complete ? image.naturalHeight : 0,
              };
            }), direction);
        return seen.find((m) => m.link && m.width > 0);
      },
      { timeoutMs, describe: () => `a shared ${direction} image shown in the chat with ${this.jid}; shown: ${JSON.stringify(seen)}` },
    );
  }

  /** The padlock: whether the chat is encrypted (`data-encrypted`). */
  async encrypted() {
    return (await this.view.getByTestId('encryption-toggle').getAttribute('data-encrypted')) === 'true';
  }

  /** Sets the chat's encryption explicitly on or off (not automatic) and waits for the padlock to show it. */
  async setEncrypted(on, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const toggle = this.view.getByTestId('encryption-toggle');
    const wanted = on ? 'on' : 'off';
    await waitUntil(async () => {
      if ((await toggle.getAttribute('data-preference')) === wanted) return true;
      await toggle.click();
      await this.page.waitForTimeout(200);
      return (await toggle.getAttribute('data-preference')) === wanted;
    }, { timeoutMs, describe: () => `encryption ${wanted} in the chat with ${this.jid}` });
    if ((await toggle.getAttribute('data-encrypted')) !== String(on)) throw new Error(`the padlock does not show encryption ${wanted}`);
  }

  /** Opens the keys panel: `{ own, ownId, devices: [{ id, trust, fingerprint }] }` for the contact and own devices. */
  async keys() {
    const toggle = this.view.getByTestId('security-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const panel = this.view.getByTestId('security-panel');
    await panel.waitFor({ state: 'visible' });
    return panel.evaluate((node) => ({
      own: node.querySelector('[data-testid=own-fingerprint]')?.textContent.replace(/\s+/g, '') ?? null,
      ownId: Number(node.querySelector('[data-testid=own-device]')?.getAttribute('data-device-id') ?? NaN),
      devices: [...node.querySelectorAll('[data-testid=device]')].map((d) => ({
        id: Number(d.getAttribute('data-device-id')),
        trust: d.getAttribute('data-trust'),
        fingerprint: d.querySelector('[data-testid=device-fingerprint]')?.textContent.replace(/\s+/g, '') ?? null,
      })),
    }));
  }

  /** Loads older history (from this device, then the server's archive) until there is none. */
  async loadAllOlder({ timeoutMs = DEFAULT_TIMEOUT_MS * 2 } = {}) {
    const button = this.view.getByTestId('load-older');
    // The chat's first page loads after the view opens; the button follows it.
    await this.messageList.getByTestId('message').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await button.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => {});
    const deadline = Date.now() + timeoutMs;
    while ((await button.count()) > 0) {
      if (Date.now() > deadline) throw new Error(`older history of ${this.jid} still loading after ${timeoutMs} ms`);
      // The button goes away when the archive is exhausted, possibly between two checks.
      if (await button.isEnabled({ timeout: 1_000 }).catch(() => false)) await button.click({ timeout: 1_000 }).catch(() => {});
      await this.page.waitForTimeout(100);
    }
  }

  /** Types `text` without sending it (an empty `text` clears the composer). */
  async type(text) {
    await this.composer.fill(text);
  }

  /** Waits until the peer is shown as typing (`true`) or not (`false`). */
  async expectTyping(typing, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let shown = '';
    await waitUntil(
      async () => {
        shown = (await this.typing.innerText().catch(() => '')).trim();
        return typing ? shown.includes('typing') : shown === '';
      },
      { timeoutMs, describe: () => `the typing indicator to be ${typing ? 'shown' : 'empty'} (it reads ${JSON.stringify(shown)})` },
    );
  }
  /**
   * How the message whose body text is `text` is styled: the texts of its strong, emphasised,
   * struck-through and code parts, and its links as `{ text, href, rel, target }`.
   */
  async styling(text) {
    return this.messageList.getByTestId('message-body').evaluateAll((nodes, wanted) => {
      const body = nodes.find((node) => node.textContent === wanted);
      if (!body) return null;
      const texts = (selector) => [...body.querySelectorAll(selector)].map((n) => n.textContent);
      return {
        strong: texts('strong'),
        em: texts('em'),
        strike: texts('s'),
        code: texts('code'),
        links: [...body.querySelectorAll('a')].map((a) => ({
          text: a.textContent,
          href: a.getAttribute('href'),
          rel: a.getAttribute('rel'),
          target: a.getAttribute('target'),
        })),
      };
    }, text);
  }

  /** The labels of the day separators in the message list, top to bottom. */
  async daySeparators() {
    return this.messageList.getByTestId('day-separator').evaluateAll((nodes) =>
      nodes.map((node) => ({ role: node.getAttribute('role'), text: node.textContent })),
    );
  }
}
