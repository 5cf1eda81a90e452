// The main view of docs/ui-contract.md: connection status, conversations, roster, new chat.
import { ChatPage } from './chat-page.mjs';
import { DEFAULT_TIMEOUT_MS, expectText, expectValue } from './expect.mjs';

export class MainPage {
  constructor(page) {
    this.page = page;
    this.view = page.getByTestId('main-view');
    this.connectionStatus = page.getByTestId('connection-status');
    this.connectionError = page.getByTestId('connection-error');
    this.ownJidLabel = page.getByTestId('own-jid');
    this.logoutButton = page.getByTestId('logout');
    this.newChatJid = page.getByTestId('new-chat-jid');
    this.newChatOpen = page.getByTestId('new-chat-open');
    this.conversationList = page.getByTestId('conversation-list');
    this.roster = page.getByTestId('roster');
  }

  async expectVisible(timeoutMs = DEFAULT_TIMEOUT_MS) {
    await this.view.waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** `online` | `connecting` | `offline` | `error`. */
  async status() {
    return this.connectionStatus.getAttribute('data-state');
  }

  async waitForStatus(state, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await this.expectVisible(timeoutMs);
    await expectValue(() => this.status(), state, { timeoutMs, what: 'the connection status' });
  }

  async expectConnectionError(expected, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    return expectText(this.connectionError, expected, { timeoutMs, what: 'the connection error' });
  }

  async ownJid() {
    return (await this.ownJidLabel.innerText()).trim();
  }

  conversation(jid) {
    return this.conversationList.locator(`[data-testid=conversation-item][data-jid="${jid}"]`);
  }

  async unreadCount(jid) {
    const badge = this.conversation(jid).getByTestId('unread-count');
    if ((await badge.count()) === 0) return 0;
    return Number((await badge.innerText()).trim());
  }

  rosterItem(jid) {
    return this.roster.locator(`[data-testid=roster-item][data-jid="${jid}"]`);
  }

  async presenceOf(jid) {
    return this.rosterItem(jid).getAttribute('data-presence');
  }

  /** Opens the chat with `jid`: from the conversation list when it is there, else by address. */
  async openChat(jid) {
    const existing = this.conversation(jid);
    if ((await existing.count()) > 0) {
      await existing.first().click();
    } else {
      await this.newChatJid.fill(jid);
      await this.newChatOpen.click();
    }
    const chat = new ChatPage(this.page, jid);
    await chat.expectVisible();
    return chat;
  }

  async expectConversation(jid, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await this.conversation(jid).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  async logout() {
    await this.logoutButton.click();
  }

  /** Reloads the page and waits for the main view, which shows at once from stored data. */
  async reload({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await this.page.reload();
    await this.expectVisible(timeoutMs);
  }

  async expectOwnJid(jid) {
    await expectText(this.ownJidLabel, jid, { what: 'the own address' });
  }
}
