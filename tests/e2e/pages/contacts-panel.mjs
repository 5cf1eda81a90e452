// Contacts in the main view (docs/ui-contract.md): add contact, requests, roster details,
// own status and avatar, blocking.
import { DEFAULT_TIMEOUT_MS, expectText, expectValue } from './expect.mjs';
import { waitUntil } from '../harness/wait.mjs';

export class ContactsPanel {
  constructor(page) {
    this.page = page;
    this.addContactPanel = page.getByTestId('add-contact');
    this.addContactMessage = page.getByTestId('add-contact-message');
    this.requestList = page.getByTestId('subscription-requests');
    this.blockedList = page.getByTestId('blocked-list');
    this.ownStatus = page.getByTestId('own-status');
    this.roster = page.getByTestId('roster');
    this.rosterCount = page.getByTestId('roster-count');
    this.rosterSearch = page.getByTestId('roster-search');
  }

  async openDetails(details) {
    if (!(await details.evaluate((node) => node.open))) await details.locator('summary').first().click();
  }

  /** Fills "Add a contact" and submits it; returns the message shown. */
  async addContact(jid, { name, groups } = {}) {
    await this.openDetails(this.addContactPanel);
    await this.page.getByTestId('add-contact-jid').fill(jid);
    if (name !== undefined) await this.page.getByTestId('add-contact-name').fill(name);
    if (groups !== undefined) await this.page.getByTestId('add-contact-groups').fill(groups);
    await this.page.getByTestId('add-contact-submit').click();
    return expectText(this.addContactMessage, /./, { what: 'the add-contact message' });
  }

  async expectAddError(expected) {
    const text = await expectText(this.addContactMessage, expected, { what: 'the add-contact error' });
    if ((await this.addContactMessage.getAttribute('role')) !== 'alert') throw new Error('the add-contact error has no role=alert');
    return text;
  }

  request(jid) {
    return this.requestList.locator(`[data-testid=subscription-request][data-jid="${jid}"]`);
  }

  async expectRequest(jid, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await this.request(jid).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  async approve(jid) {
    await this.request(jid).getByTestId('request-approve').click();
    await this.request(jid).waitFor({ state: 'detached' });
  }

  async blockRequest(jid) {
    await this.request(jid).getByTestId('request-block').click();
    await this.request(jid).waitFor({ state: 'detached' });
  }

  rosterItem(jid) {
    return this.roster.locator(`[data-testid=roster-item][data-jid="${jid}"]`);
  }

  async expectPresence(jid, presence, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await expectValue(() => this.rosterItem(jid).getAttribute('data-presence').catch(() => null), presence, {
      timeoutMs,
      what: `the presence of ${jid}`,
    });
  }

  async expectStatusText(jid, text, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await expectText(this.rosterItem(jid).getByTestId('roster-status'), text, { timeoutMs, what: `the status text of ${jid}` });
  }

  /** Sets own availability (`online` | `away` | `dnd` | `xa` | `invisible`) and status text. */
  async setStatus(show, text) {
    await this.openDetails(this.ownStatus);
    await this.page.getByTestId('own-show').selectOption(show);
    await this.page.getByTestId('own-status-text').fill(text);
    await this.page.getByTestId('own-status-save').click();
  }

  /** Chooses `file` ({ name, mimeType, buffer }) as own avatar and waits for "Avatar updated.". */
  async setAvatar(file) {
    await this.openDetails(this.ownStatus);
    await this.page.getByTestId('own-avatar-file').setInputFiles(file);
    await expectText(this.page.getByTestId('own-avatar-message'), 'Avatar updated', { what: 'the avatar message' });
  }

  /** Waits until the roster shows a picture for `jid`; returns its `src` (a data: URL). */
  async expectAvatar(jid, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const image = this.rosterItem(jid).getByTestId('avatar');
    await image.waitFor({ state: 'visible', timeout: timeoutMs });
    return image.getAttribute('src');
  }

  async blockedJids() {
    await this.openDetails(this.blockedList);
    return this.blockedList.getByTestId('blocked-item').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-jid')));
  }

  async expectBlocked(jid, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let seen = [];
    await waitUntil(async () => (seen = await this.blockedJids()).includes(jid), {
      timeoutMs,
      describe: () => `${jid} in the blocked list (it shows ${JSON.stringify(seen)})`,
    });
  }

  /** The Block/Unblock button of the open chat with `jid`. */
  chatBlockButton(jid) {
    return this.page.locator(`[data-testid=chat-view][data-jid="${jid}"]`).getByTestId('chat-block');
  }

  async expectChatBlocked(jid, blocked) {
    await expectValue(() => this.chatBlockButton(jid).getAttribute('data-blocked').catch(() => null), String(blocked), {
      what: `the chat with ${jid} shown as ${blocked ? 'blocked' : 'not blocked'}`,
    });
  }

  /** The number in "N contacts". */
  async rosterTotal() {
    const text = await this.rosterCount.innerText();
    const match = /(\d+) contacts?$/.exec(text.trim());
    return match ? Number(match[1]) : NaN;
  }

  /** The details popover next to `jid`'s roster entry. */
  contactDetails(jid) {
    return this.roster.locator('li', { has: this.page.locator(`[data-testid=roster-item][data-jid="${jid}"]`) }).getByTestId('contact-actions');
  }

  /** Opens `jid`'s details afresh, which asks the server for their profile and last activity. */
  async openContactDetails(jid) {
    const details = this.contactDetails(jid);
    if (await details.evaluate((node) => node.open)) await details.locator('summary').first().click();
    await details.locator('summary').first().click();
    return details;
  }

  /** Waits for the profile field `field` (e.g. `full-name`, `url`) in `jid`'s open details. */
  async expectProfileField(jid, field, text, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const value = this.contactDetails(jid).getByTestId(`profile-${field}`);
    await expectText(value, text, { timeoutMs, what: `${jid}'s profile ${field}` });
    return value;
  }

  async expectLastSeen(jid, text, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await expectText(this.contactDetails(jid).getByTestId('contact-last-seen'), text, { timeoutMs, what: `when ${jid} was last seen` });
  }

  /** Fills the own-profile fields given (`{ 'full-name': …, url: … }`) and saves them. */
  async setOwnProfile(fields) {
    const settings = this.page.getByTestId('account-settings');
    await this.openDetails(settings);
    for (const [field, value] of Object.entries(fields)) {
      await this.page.getByTestId(`own-profile-${field}`).fill(value);
    }
    await this.page.getByTestId('own-profile-save').click();
    await expectText(this.page.getByTestId('notice'), 'Profile saved', { what: 'the profile notice' });
  }
}
