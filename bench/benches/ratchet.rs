//! The OMEMO ratchet natively, both versions: starting a session from a bundle (X3DH and the
//! first ratchet step), encrypting on an established session, and decrypting in a row.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use jibber_bench::devices::{
    address, bundle, device, encrypt, established_pair, incoming, recipient, rng, NOW,
};
use omemo::Version;

fn name(version: Version) -> &'static str {
    match version {
        Version::Legacy => "legacy",
        Version::Omemo2 => "omemo2",
    }
}

fn new_session(c: &mut Criterion) {
    let mut rng = rng(1);
    for version in Version::ALL {
        let bob = device("bob@example.org", &mut rng);
        let to = [recipient(&bob)];
        let bundles = [bundle(&bob, version)];
        let mut setup_rng = rng.clone();
        c.bench_function(&format!("{} session from a bundle", name(version)), |b| {
            b.iter_batched(
                || device("alice@example.org", &mut setup_rng),
                |mut alice| encrypt(&mut alice, version, "hello", &to, &bundles, &mut rng),
                BatchSize::SmallInput,
            )
        });
    }
}

fn existing_session(c: &mut Criterion) {
    let mut rng = rng(2);
    for version in Version::ALL {
        let (mut alice, bob) = established_pair(version, &mut rng);
        let to = [recipient(&bob)];
        c.bench_function(&format!("{} encrypt on a session", name(version)), |b| {
            b.iter(|| encrypt(&mut alice, version, "how are you?", &to, &[], &mut rng))
        });
    }
}

fn decrypt(c: &mut Criterion) {
    let mut rng = rng(3);
    for version in Version::ALL {
        let (mut alice, bob) = established_pair(version, &mut rng);
        let to = [recipient(&bob)];
        let own = address(&bob);
        let mut receiver = bob;
        let mut decrypt_rng = rng.clone();
        c.bench_function(&format!("{} decrypt on a session", name(version)), |b| {
            b.iter_batched(
                || {
                    let message = encrypt(&mut alice, version, "how are you?", &to, &[], &mut rng);
                    incoming(&message, "alice@example.org", &own)
                },
                |message| {
                    // Messages are decrypted in the order they were encrypted: each one is the
                    // next of the chain, as in a conversation.
                    let outcome = receiver.decrypt(&message, NOW, &mut decrypt_rng);
                    outcome.result.expect("decrypts")
                },
                BatchSize::SmallInput,
            )
        });
    }
}

criterion_group!(benches, new_session, existing_session, decrypt);
criterion_main!(benches);
