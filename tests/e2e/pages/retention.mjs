// Disappearing-message controls of docs/ui-contract.md: a chat's own timer and its history.
import { DEFAULT_TIMEOUT_MS } from './expect.mjs';
import { waitUntil } from '../harness/wait.mjs';

export class ChatRetention {
  constructor(chat) {
    this.view = chat.view;
    this.timer = chat.view.getByTestId('chat-timer');
    this.details = chat.view.getByTestId('chat-retention');
  }

  async open() {
    if (!(await this.details.evaluate((d) => d.open))) await this.details.locator('summary').click();
  }

  /** Sets this chat's own timer: 'default', 'off', or a number of seconds. */
  async setTimer(choice) {
    await this.open();
    const select = this.view.getByTestId('chat-retention-select');
    if (typeof choice === 'number') {
      await select.selectOption('custom');
      await this.view.getByTestId('chat-retention-custom').fill(String(choice));
    } else {
      await select.selectOption(choice);
    }
    await this.view.getByTestId('chat-retention-save').click();
  }

  /** Waits until the header shows the timer in force: 'off' or milliseconds. */
  async expectTimer(expected, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    let shown = null;
    await waitUntil(
      async () => {
        shown = await this.timer.getAttribute('data-retention').catch(() => null);
        return shown === String(expected);
      },
      { timeoutMs, describe: () => `the chat timer to be ${expected} (it is ${shown})` },
    );
    return this.timer.getAttribute('aria-label');
  }

  async clearHistory() {
    await this.open();
    await this.view.getByTestId('clear-history').click();
    await this.view.getByTestId('clear-history-confirm').click();
  }
}
