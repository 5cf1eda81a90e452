// Small waiting assertions for page objects (playwright-core has no `expect`).
import { waitUntil } from '../harness/wait.mjs';

export const DEFAULT_TIMEOUT_MS = 15_000;

export function matches(text, expected) {
  return expected instanceof RegExp ? expected.test(text) : text.includes(expected);
}

/** Waits until the locator is visible and its text contains `expected` (string or RegExp). */
export async function expectText(locator, expected, { timeoutMs = DEFAULT_TIMEOUT_MS, what = 'element' } = {}) {
  await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  let last = '';
  await waitUntil(
    async () => {
      last = (await locator.innerText().catch(() => '')).trim();
      return matches(last, expected);
    },
    { timeoutMs, describe: () => `${what} to show ${expected} (it shows ${JSON.stringify(last)})` },
  );
  return last;
}

/** Waits until `read()` returns `expected`; the error names what was seen last. */
export async function expectValue(read, expected, { timeoutMs = DEFAULT_TIMEOUT_MS, what = 'value' } = {}) {
  let last;
  await waitUntil(
    async () => {
      last = await read();
      return last === expected;
    },
    { timeoutMs, describe: () => `${what} to be ${JSON.stringify(expected)} (it is ${JSON.stringify(last)})` },
  );
}
