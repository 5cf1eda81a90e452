//! Parsing what the server sends, from text to typed values: an OMEMO chat message, an OMEMO 2
//! group message, a page of 50 archive results and a 5,000-contact roster.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use jibber_bench::stanzas::{archive_result, roster, MUC_OMEMO2_MESSAGE, OMEMO_MESSAGE};
use xmpp_protocol::mam::ArchiveResult;
use xmpp_protocol::omemo::eme::OmemoEncrypted;
use xmpp_protocol::xml::parse_element;
use xmpp_protocol::{Message, RosterQuery};

/// Text → element → message → its `<encrypted>` payload, as the client reads a stanza.
fn parse_encrypted(xml: &str) -> OmemoEncrypted {
    let element = parse_element(xml).unwrap();
    let message = Message::try_from(&element).unwrap();
    message
        .payloads
        .iter()
        .find_map(|payload| OmemoEncrypted::try_from(payload).ok())
        .unwrap()
}

fn messages(c: &mut Criterion) {
    let mut group = c.benchmark_group("message");
    group.bench_function("omemo legacy chat message", |b| {
        b.iter(|| parse_encrypted(black_box(OMEMO_MESSAGE)))
    });
    group.bench_function("omemo 2 group message", |b| {
        b.iter(|| parse_encrypted(black_box(MUC_OMEMO2_MESSAGE)))
    });
    group.finish();
}

fn archive_page(c: &mut Criterion) {
    let page: Vec<String> = (0..50).map(archive_result).collect();
    let mut group = c.benchmark_group("archive");
    group.throughput(Throughput::Elements(page.len() as u64));
    group.bench_function("page of 50 results", |b| {
        b.iter(|| {
            for xml in &page {
                let element = parse_element(black_box(xml)).unwrap();
                let message = Message::try_from(&element).unwrap();
                let result = message
                    .payloads
                    .iter()
                    .find_map(|payload| ArchiveResult::try_from(payload).ok())
                    .unwrap();
                black_box(result);
            }
        })
    });
    group.finish();
}

fn rosters(c: &mut Criterion) {
    let xml = roster(5_000);
    let mut group = c.benchmark_group("roster");
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.sample_size(20);
    group.bench_function("5,000 contacts", |b| {
        b.iter(|| {
            let element = parse_element(black_box(&xml)).unwrap();
            let query = element
                .child_elements()
                .find_map(|child| RosterQuery::try_from(child).ok())
                .unwrap();
            assert_eq!(query.items.len(), 5_000);
            query
        })
    });
    group.finish();
}

criterion_group!(benches, messages, archive_page, rosters);
criterion_main!(benches);
