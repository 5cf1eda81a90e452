// The groups part of docs/ui-contract.md: the Groups panel (new group, join by address,
// invitations) and a group chat's extras (people, invite, the "can't write here" notice, a
// private group's encryption and who can't read it).
import { ChatPage } from './chat-page.mjs';
import { DEFAULT_TIMEOUT_MS, expectValue } from './expect.mjs';

export class GroupsPanel {
  constructor(page) {
    this.page = page;
    this.section = page.getByTestId('groups-section');
    this.badge = page.getByTestId('invitations-badge');
  }

  /** Creates a group and returns its chat; `kind` is 'private' or 'public'. */
  async create(name, { kind = 'private', ownersOnly = false } = {}) {
    await this.page.getByTestId('new-group-open').click();
    const dialog = this.page.getByTestId('new-group-dialog');
    await dialog.getByTestId('new-group-name').fill(name);
    await dialog.getByTestId(`new-group-kind-${kind}`).check();
    if (kind === 'public' && ownersOnly) await dialog.getByTestId('new-group-owners-only').check();
    await dialog.getByTestId('new-group-create').click();
    await dialog.waitFor({ state: 'detached', timeout: DEFAULT_TIMEOUT_MS });
    const view = this.page.locator('[data-testid=chat-view]');
    await view.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    const room = await view.getAttribute('data-jid');
    const chat = new GroupChat(this.page, room);
    await chat.expectJoined();
    return chat;
  }

  async join(room) {
    await this.page.getByTestId('join-group-address').fill(room);
    await this.page.getByTestId('join-group-submit').click();
    const chat = new GroupChat(this.page, room);
    await chat.expectVisible();
    return chat;
  }

  /** Opens a group from the conversation list. */
  async open(room) {
    await this.page.locator(`[data-testid=conversation-item][data-kind=group][data-jid="${room}"]`).first().click();
    const chat = new GroupChat(this.page, room);
    await chat.expectVisible();
    return chat;
  }

  /** Opens the room browser, searches for `text` and returns the listed room's locator. */
  async browse(text, room) {
    if ((await this.page.getByTestId('room-browser').count()) === 0) {
      await this.page.getByTestId('room-browser-open').click();
    }
    await this.page.getByTestId('room-browser-search').fill(text);
    const item = this.page.locator(`[data-testid=room-browser-item][data-jid="${room}"]`);
    await item.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    return item;
  }

  /** Joins `room` from the room browser. */
  async joinFromBrowser(item, room) {
    await item.getByTestId('room-browser-join').click();
    const chat = new GroupChat(this.page, room);
    await chat.expectJoined();
    return chat;
  }

  /** Opens the private chat with `nick` in `room` from the conversation list. */
  async openPrivate(room, nick) {
    const jid = `${room}/${nick}`;
    await this.page.locator(`[data-testid=conversation-item][data-jid="${jid}"]`).first().click();
    const chat = new ChatPage(this.page, jid);
    await chat.expectVisible();
    return chat;
  }

  async invitationCount() {
    if ((await this.badge.count()) === 0) return 0;
    return Number((await this.badge.innerText()).trim());
  }

  invitation(room) {
    return this.page.locator(`[data-testid=invitation-item][data-room="${room}"]`);
  }

  async accept(room) {
    await this.invitation(room).getByTestId('invitation-accept').click();
    const chat = new GroupChat(this.page, room);
    await chat.expectJoined();
    return chat;
  }
}

export class GroupChat extends ChatPage {
  constructor(page, room) {
    super(page, room);
    this.info = this.view.getByTestId('group-info');
    this.cannotWrite = this.view.getByTestId('cannot-write');
  }

  async status() {
    return this.info.getAttribute('data-status');
  }

  async expectJoined({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await this.expectVisible(timeoutMs);
    await expectValue(() => this.status(), 'joined', { timeoutMs, what: `the status of ${this.jid}` });
  }

  /** Opens the owner's settings and waits for the server's form. */
  async openSettings() {
    await this.view.getByTestId('room-config-open').click();
    const form = this.view.getByTestId('room-config-form');
    await form.getByTestId('room-config-field').first().waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    return form;
  }

  /** The settings form's field `name` (its `var`). */
  settingsField(name) {
    return this.view.locator(`[data-testid=room-config-field][data-var="${name}"]`);
  }

  /** Saves the settings; the dialog closes once the server took them. */
  async saveSettings() {
    await this.view.getByTestId('room-config-submit').click();
    await this.view.getByTestId('room-config-form').waitFor({ state: 'detached', timeout: DEFAULT_TIMEOUT_MS });
  }

  async invite(jid) {
    await this.view.getByTestId('invite-open').click();
    await this.view.getByTestId('invite-jid').fill(jid);
    await this.view.getByTestId('invite-send').click();
    await this.view.getByTestId('invite-dialog').waitFor({ state: 'detached', timeout: DEFAULT_TIMEOUT_MS });
  }

  /** Shows the occupant list (if hidden) and returns `nick`'s row. */
  async occupant(nick) {
    if ((await this.view.getByTestId('occupant-list').count()) === 0) {
      await this.view.getByTestId('occupant-toggle').click();
    }
    const row = this.view.locator(`[data-testid=occupant-item][data-nick="${nick}"]`);
    await row.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    return row;
  }

  /** Opens the private chat with `nick` from the occupant list. */
  async messagePrivately(nick) {
    await (await this.occupant(nick)).getByTestId('occupant-message').click();
    const chat = new ChatPage(this.page, `${this.jid}/${nick}`);
    await chat.expectVisible();
    return chat;
  }

  /** Runs one of the occupant actions (`occupant-kick`, `occupant-revoke-voice`...) on `nick`. */
  async manage(nick, action, { reason } = {}) {
    const row = await this.occupant(nick);
    if ((await row.getByTestId('occupant-actions').count()) === 0) {
      await row.getByTestId('occupant-actions-open').click();
    }
    if (reason) await row.getByTestId('occupant-reason').fill(reason);
    await row.getByTestId(action).click();
  }

  async occupantRole(nick) {
    // Read without waiting: the row is replaced as the role changes and gone after a kick.
    const row = this.view.locator(`[data-testid=occupant-item][data-nick="${nick}"]`);
    return row.evaluateAll((rows) => rows[0]?.getAttribute('data-role') ?? 'gone');
  }

  /** Adds `jid` to the member list as `affiliation` through the member-list editor. */
  async addMember(jid, affiliation = 'member') {
    if ((await this.view.getByTestId('member-list').count()) === 0) {
      await this.view.getByTestId('member-list-open').click();
    }
    await this.view.getByTestId('member-add-jid').fill(jid);
    await this.view.getByTestId('member-add-affiliation').selectOption(affiliation);
    await this.view.getByTestId('member-add-submit').click();
  }

  async memberAffiliation(jid) {
    const item = this.view.locator(`[data-testid=member-item][data-jid="${jid}"]`);
    return item.evaluateAll((items) => items[0]?.getAttribute('data-affiliation') ?? null);
  }

  async occupantCount() {
    return Number((await this.view.getByTestId('occupant-count').innerText()).trim());
  }

  /** Whether the private group's switch shows end-to-end encryption on. */
  async encryptionOn() {
    return (await this.view.getByTestId('group-encryption-toggle').getAttribute('data-encrypted')) === 'true';
  }

  /** Opens "Who can't read this" and returns the members listed: `[{ jid, status, text }]`. */
  async unreadableMembers() {
    const toggle = this.view.getByTestId('group-readers-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const panel = this.view.getByTestId('group-readers');
    await panel.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    return panel.getByTestId('group-reader').evaluateAll((nodes) =>
      nodes.map((node) => ({ jid: node.getAttribute('data-jid'), status: node.getAttribute('data-status'), text: node.textContent })),
    );
  }

  /**
   * Sends `text` where some members can't read: waits for the question, answers "Send to the others"
   * (or "Don't send" with `send: false`) and returns the question's text.
   */
  async sendDespiteUnreadable(text, { send = true } = {}) {
    await this.send(text);
    const dialog = this.view.getByTestId('group-send-confirm');
    await dialog.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    const question = await dialog.innerText();
    await dialog.getByTestId(send ? 'group-send-confirm-yes' : 'group-send-confirm-no').click();
    await dialog.waitFor({ state: 'detached', timeout: DEFAULT_TIMEOUT_MS });
    return question;
  }
}
