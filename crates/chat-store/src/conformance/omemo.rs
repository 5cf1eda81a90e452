use super::fixtures::save;
use crate::{Changes, OmemoRecord, Store};

fn record(key: &str, value: &str) -> OmemoRecord {
    OmemoRecord {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

async fn keys_and_values<S: Store>(store: &S) -> Vec<(String, String)> {
    store
        .omemo_records()
        .await
        .unwrap()
        .iter()
        .map(|r| (r.key.clone(), r.value.clone()))
        .collect()
}

/// OMEMO records are written, replaced and deleted by key and come back in key order; a batch
/// applies its removals before its upserts; clearing the store forgets them.
pub async fn omemo_records_upsert_replace_delete<S: Store>(store: &S) {
    assert!(store.omemo_records().await.unwrap().is_empty());
    let session = r#"{"chain":[1,2,3],"note":"ünïcode 🔑"}"#;
    save(
        store,
        Changes {
            omemo_upserts: vec![
                record("session/2/bob@example.org/7", session),
                record("own", "{}"),
                record("prekey/1", "{\"id\":1}"),
            ],
            ..Changes::default()
        },
    )
    .await;
    let expected = vec![
        ("own".to_owned(), "{}".to_owned()),
        ("prekey/1".to_owned(), "{\"id\":1}".to_owned()),
        ("session/2/bob@example.org/7".to_owned(), session.to_owned()),
    ];
    assert_eq!(keys_and_values(store).await, expected);

    save(
        store,
        Changes {
            omemo_upserts: vec![record("own", "{\"v\":2}"), record("prekey/2", "{\"id\":2}")],
            omemo_removals: vec![
                "prekey/1".to_owned(),
                "prekey/2".to_owned(),
                "missing".to_owned(),
            ],
            ..Changes::default()
        },
    )
    .await;
    let expected = vec![
        ("own".to_owned(), "{\"v\":2}".to_owned()),
        ("prekey/2".to_owned(), "{\"id\":2}".to_owned()),
        ("session/2/bob@example.org/7".to_owned(), session.to_owned()),
    ];
    assert_eq!(
        keys_and_values(store).await,
        expected,
        "removals first, then upserts"
    );

    store.clear_all().await.unwrap();
    assert!(
        store.omemo_records().await.unwrap().is_empty(),
        "forgetting the device forgets its keys"
    );
}
