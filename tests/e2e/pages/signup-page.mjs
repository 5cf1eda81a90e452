// The sign-up view of docs/ui-contract.md (in-band registration), reached from the login view.
import { DEFAULT_TIMEOUT_MS, expectText } from './expect.mjs';

export class SignupPage {
  constructor(page) {
    this.page = page;
    this.view = page.getByTestId('signup-view');
    this.server = page.getByTestId('signup-server');
    this.continueButton = page.getByTestId('signup-continue');
    this.username = page.getByTestId('signup-username');
    this.password = page.getByTestId('signup-password');
    this.passwordAgain = page.getByTestId('signup-password-again');
    this.submit = page.getByTestId('signup-submit');
    this.error = page.getByTestId('signup-error');
    this.webLink = page.getByTestId('signup-web-link');
  }

  /** Opens the sign-up view from the login view. */
  async open() {
    await this.page.getByTestId('login-create-account').click();
    await this.view.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    return this;
  }

  /** Asks `server` for its registration form and waits for the username field. */
  async start(server) {
    await this.server.fill(server);
    await this.continueButton.click();
    await this.username.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
  }

  async register(username, password, passwordAgain = password) {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.passwordAgain.fill(passwordAgain);
    await this.submit.click();
  }

  async expectError(expected) {
    const text = await expectText(this.error, expected, { what: 'the sign-up error' });
    if ((await this.error.getAttribute('role')) !== 'alert') throw new Error('the sign-up error has no role=alert');
    return text;
  }
}
