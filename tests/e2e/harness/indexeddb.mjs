// Reads what Jibber stored in the page's IndexedDB, to check deletions where they matter.

/** The bodies of every stored message (all chats), read inside `page`. */
export function storedBodies(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('jibber');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('messages')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('messages', 'readonly').objectStore('messages').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve(request.result.map((record) => JSON.parse(record.data).body));
          };
        };
      }),
  );
}
