// The login view of docs/ui-contract.md.
import { DEFAULT_TIMEOUT_MS, expectText, expectValue } from './expect.mjs';

export class LoginPage {
  constructor(page) {
    this.page = page;
    this.view = page.getByTestId('login-view');
    this.jid = page.getByTestId('login-jid');
    this.password = page.getByTestId('login-password');
    this.advanced = page.getByTestId('login-advanced');
    this.wsUrl = page.getByTestId('login-ws-url');
    this.submit = page.getByTestId('login-submit');
    this.error = page.getByTestId('login-error');
  }

  async goto(url) {
    await this.page.goto(url);
    await this.expectVisible();
    return this;
  }

  async expectVisible(timeoutMs = DEFAULT_TIMEOUT_MS) {
    await this.view.waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Opens "Connection settings" (a <details>) unless it is open already. */
  async openAdvanced() {
    if (!(await this.advanced.evaluate((details) => details.open))) {
      await this.advanced.locator('summary').click();
    }
    await this.wsUrl.waitFor({ state: 'visible' });
  }

  /** Fills the form and submits it; `wsUrl` is typed into the connection settings when given. */
  async login(jid, password, wsUrl) {
    await this.expectVisible();
    await this.jid.fill(jid);
    await this.password.fill(password);
    if (wsUrl !== undefined) {
      await this.openAdvanced();
      await this.wsUrl.fill(wsUrl);
    }
    await this.submit.click();
  }

  async expectError(expected, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const text = await expectText(this.error, expected, { timeoutMs, what: 'the login error' });
    if ((await this.error.getAttribute('role')) !== 'alert') throw new Error('the login error has no role=alert');
    return text;
  }

  /** The form can be used again: inputs editable and "Log in" enabled (not "Connecting…"). */
  async expectUsable({ timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    await this.expectVisible(timeoutMs);
    await expectValue(() => this.submit.isEnabled(), true, { timeoutMs, what: 'the Log in button enabled' });
    await expectText(this.submit, 'Log in', { timeoutMs, what: 'the Log in button' });
    for (const [name, input] of [['address', this.jid], ['password', this.password]]) {
      if (!(await input.isEditable())) throw new Error(`the ${name} field is not editable`);
    }
  }
}
