// Fresh accounts for every test, whatever the server: unique usernames (`alice-x7k2`) and random
// passwords, registered by the fixture's own `register(username, password)`.
import { randomBytes } from 'node:crypto';

function randomSuffix() {
  return randomBytes(4).readUInt32BE(0).toString(36).padStart(4, '0').slice(-4);
}

/** `createAccounts(names)` → `[{ jid, password, username }]`, registered one after the other. */
export function accountFactory(domain, register) {
  const usernames = new Set();
  return async function createAccounts(names) {
    const accounts = [];
    for (const name of names) {
      let username;
      do username = `${name}-${randomSuffix()}`;
      while (usernames.has(username));
      usernames.add(username);
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      await register(username, password);
      accounts.push({ jid: `${username}@${domain}`, password, username });
    }
    return accounts;
  };
}
