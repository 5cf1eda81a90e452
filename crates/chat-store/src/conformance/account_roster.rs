use super::fixtures::{direct, expired, find, next_expiry, page, pending_ids, save, setting};
use crate::{Account, Changes, RosterItem, Store, StoredCredentials, Subscription};

/// A new store holds nothing and answers every query with "none".
pub async fn fresh_store_is_empty<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    assert_eq!(store.account().await.unwrap(), None);
    assert_eq!(store.roster().await.unwrap(), Vec::new());
    assert_eq!(store.conversations().await.unwrap(), Vec::new());
    assert_eq!(store.conversation(&chat).await.unwrap(), None);
    let first_page = page(store, &chat, None, 50).await;
    assert!(first_page.messages.is_empty());
    assert!(!first_page.has_more);
    assert_eq!(find(store, &chat, "any-id").await, None);
    assert!(pending_ids(store).await.is_empty());
    assert!(expired(store, u64::MAX).await.is_empty());
    assert_eq!(next_expiry(store).await, None);
    assert_eq!(setting(store, "theme").await, None);
}

fn full_account(jid: &str, secret: &str) -> Account {
    Account {
        jid: jid.to_owned(),
        websocket_url: Some("wss://chat.example.org/xmpp-websocket".to_owned()),
        resource: Some("jibber.x7f3".to_owned()),
        credentials: Some(StoredCredentials(secret.to_owned())),
        roster_version: Some("ver-14".to_owned()),
        last_archive_id: Some("archive-9f2c".to_owned()),
    }
}

/// The account is set, kept when a batch does not mention it, replaced whole, and deleted;
/// every field (credentials included) survives the round trip.
pub async fn account_set_replace_delete<S: Store>(store: &S) {
    let first = full_account(
        "juliet@example.org",
        r#"{"mechanism":"SCRAM-SHA-256","client_key":"q0+Xz/ab==","server_key":"c2VydmVy","salt":"c2FsdA==","iterations":4096}"#,
    );
    save(
        store,
        Changes {
            account: Some(Some(first.clone())),
            ..Changes::default()
        },
    )
    .await;
    let stored = store.account().await.unwrap().expect("account was saved");
    // Compared without printing: credentials have no `Debug` on purpose.
    assert!(
        stored.credentials == first.credentials,
        "credentials must round-trip exactly"
    );
    assert_eq!(stored, first);

    let unrelated = Changes {
        settings: vec![("k".to_owned(), Some("v".to_owned()))],
        ..Changes::default()
    };
    save(store, unrelated).await;
    assert_eq!(
        store.account().await.unwrap(),
        Some(first),
        "a batch without `account` keeps it"
    );

    // Replacing with an account that lacks optional fields must not keep the old ones.
    let second = Account::new("romeo@example.net");
    save(
        store,
        Changes {
            account: Some(Some(second.clone())),
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.account().await.unwrap(), Some(second));

    save(
        store,
        Changes {
            account: Some(None),
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.account().await.unwrap(), None);
}

fn item(jid: &str, name: Option<&str>, subscription: Subscription) -> RosterItem {
    RosterItem {
        name: name.map(str::to_owned),
        subscription,
        ..RosterItem::new(jid)
    }
}

async fn sorted_roster<S: Store>(store: &S) -> Vec<RosterItem> {
    let mut roster = store.roster().await.unwrap();
    roster.sort_by(|a, b| a.jid.cmp(&b.jid));
    roster
}

/// Upserts add or replace by JID, removals delete, a replace drops everything not re-sent.
pub async fn roster_replace_upsert_remove<S: Store>(store: &S) {
    let alice = RosterItem {
        ask: true,
        groups: vec!["Friends".to_owned(), "Work".to_owned()],
        ..item("alice@example.org", Some("Alice"), Subscription::To)
    };
    let bob = item("bob@example.org", None, Subscription::None);
    let carol = item("carol@example.org", Some("Carol"), Subscription::From);
    save(
        store,
        Changes {
            roster_upserts: vec![alice.clone(), bob.clone(), carol.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(
        sorted_roster(store).await,
        vec![alice.clone(), bob.clone(), carol.clone()]
    );

    let bob_renamed = item("bob@example.org", Some("Bobby"), Subscription::Both);
    save(
        store,
        Changes {
            roster_upserts: vec![bob_renamed.clone()],
            roster_removals: vec![
                "carol@example.org".to_owned(),
                "nobody@example.org".to_owned(),
            ],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(sorted_roster(store).await, vec![alice, bob_renamed.clone()]);

    let dave = item("dave@example.org", None, Subscription::Both);
    save(
        store,
        Changes {
            roster_replace: true,
            roster_upserts: vec![dave.clone(), bob_renamed.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(sorted_roster(store).await, vec![bob_renamed, dave]);

    save(
        store,
        Changes {
            roster_replace: true,
            ..Changes::default()
        },
    )
    .await;
    assert!(
        store.roster().await.unwrap().is_empty(),
        "replacing with nothing empties the roster"
    );
}

/// Within one batch the roster is replaced first, then upserts, then removals.
pub async fn roster_batch_applies_replace_then_upserts_then_removals<S: Store>(store: &S) {
    let old = item("old@example.org", None, Subscription::Both);
    save(
        store,
        Changes {
            roster_upserts: vec![old],
            ..Changes::default()
        },
    )
    .await;

    let kept = item("kept@example.org", Some("Kept"), Subscription::Both);
    let dropped = item("dropped@example.org", None, Subscription::To);
    save(
        store,
        Changes {
            roster_replace: true,
            roster_upserts: vec![kept.clone(), dropped],
            roster_removals: vec!["dropped@example.org".to_owned()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.roster().await.unwrap(), vec![kept]);
}
