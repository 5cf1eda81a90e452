#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod scram;
pub mod server;

use std::rc::Rc;

use chat_client::{Client, ClientEvent, LoginRequest};
use chat_store::MemoryStore;
use server::{ConnId, FakeServer};
use zeroize::Zeroizing;

/// One browser tab's worth of client: a `Client` on a shared in-memory store, and the
/// server connection it currently uses.
pub struct Device {
    pub client: Client<Rc<MemoryStore>>,
    pub store: Rc<MemoryStore>,
    pub conn: Option<ConnId>,
    pub events: Vec<ClientEvent>,
}

impl Device {
    pub fn new() -> Self {
        Self::with_store(Rc::new(MemoryStore::new()))
    }

    /// A new client on existing storage: what a page reload looks like.
    pub fn with_store(store: Rc<MemoryStore>) -> Self {
        Self {
            client: Client::new(store.clone()),
            store,
            conn: None,
            events: Vec::new(),
        }
    }

    pub fn login(&mut self, server: &mut FakeServer, jid: &str, password: &str, now: u64) {
        let request = LoginRequest {
            jid: jid.to_owned(),
            password: Zeroizing::new(password.to_owned()),
            websocket_url: "ws://in-process/xmpp-websocket".to_owned(),
        };
        self.client
            .start_login(request, now)
            .expect("valid login request");
        self.conn = Some(server.connect());
    }

    /// Restores from storage and reconnects without a password, as after a reload.
    pub fn restore_and_resume(&mut self, server: &mut FakeServer, now: u64) -> bool {
        let restored = futures::executor::block_on(self.client.restore_at(now)).expect("restore");
        if restored && self.client.start_resume(now).is_some() {
            self.conn = Some(server.connect());
            return true;
        }
        false
    }

    pub fn drop_connection(&mut self, server: &mut FakeServer, now: u64) {
        if let Some(conn) = self.conn.take() {
            server.disconnect(conn);
        }
        self.client
            .connection_lost(chat_client::Disconnect::SocketFailed, Some(now + 1000));
        self.drain_events();
    }

    pub fn drain_events(&mut self) {
        while let Some(event) = self.client.poll_event() {
            self.events.push(event);
        }
    }

    pub fn take_events(&mut self) -> Vec<ClientEvent> {
        self.drain_events();
        std::mem::take(&mut self.events)
    }

    /// Moves frames both ways once; returns whether anything moved.
    fn step(&mut self, server: &mut FakeServer, now: u64) -> bool {
        let Some(conn) = self.conn else { return false };
        let mut moved = false;
        while let Some(frame) = self.client.poll_transmit() {
            server.handle(conn, &frame);
            moved = true;
        }
        // Together, as the browser driver hands over frames that queued up (up to 200).
        let frames = server.take_frames(conn);
        for batch in frames.chunks(200) {
            futures::executor::block_on(
                self.client
                    .handle_frames(batch.iter().map(String::as_str), now),
            )
            .ok();
            moved = true;
        }
        if self.client.session_ended() || server.is_closed(conn) {
            if !server.is_closed(conn) {
                server.disconnect(conn);
            }
            self.conn = None;
            if self.client.should_reconnect() && !self.client.session_ended() {
                self.client
                    .connection_lost(chat_client::Disconnect::SocketFailed, None);
            }
        }
        self.drain_events();
        moved
    }
}

/// A device logged in as `user` (password `USER-pass`) and online.
pub fn logged_in(server: &mut FakeServer, user: &str, now: u64) -> Device {
    let mut device = Device::new();
    device.login(
        server,
        &format!("{user}@{}", server.domain),
        &format!("{user}-pass"),
        now,
    );
    pump(server, &mut [&mut device], now);
    assert_eq!(
        device.client.connection(),
        &chat_client::ConnectionState::Online,
        "{user} should be online"
    );
    device
}

/// Runs every device against the server until no frame moves.
pub fn pump(server: &mut FakeServer, devices: &mut [&mut Device], now: u64) {
    for _ in 0..200 {
        let mut moved = false;
        for device in devices.iter_mut() {
            moved |= device.step(server, now);
        }
        if !moved {
            return;
        }
    }
    panic!("the conversation between clients and server did not settle");
}

/// The newest 100 messages of the group `room` on `device`, oldest first.
pub fn group_messages(device: &Device, room: &str) -> Vec<chat_store::Message> {
    futures::executor::block_on(device.client.messages(
        &chat_store::ConversationId::group(room),
        None,
        100,
    ))
    .unwrap()
    .messages
}

/// The frames `conn` sent to the server, oldest first.
pub fn frames_from(server: &FakeServer, conn: ConnId) -> Vec<&str> {
    server
        .received
        .iter()
        .filter(|(c, _)| *c == conn)
        .map(|(_, f)| f.as_str())
        .collect()
}

/// A server where alice and bob (passwords `alice-pass`, `bob-pass`) are mutual contacts.
pub fn server_with_friends() -> FakeServer {
    let mut server = FakeServer::new("localhost");
    server.add_account("alice", "alice-pass");
    server.add_account("bob", "bob-pass");
    server.befriend("alice", "bob");
    server
}

/// Alice and bob, each online on one device.
pub fn alice_and_bob(server: &mut FakeServer, now: u64) -> (Device, Device) {
    (
        logged_in(server, "alice", now),
        logged_in(server, "bob", now),
    )
}

/// Alice (logged in) creates the public channel `open@conference.localhost` and bob joins it;
/// returns both devices and the room's address.
pub fn alice_and_bob_in_open_channel(
    server: &mut FakeServer,
    now: u64,
) -> (Device, Device, String) {
    let mut alice = logged_in(server, "alice", now);
    let room = futures::executor::block_on(alice.client.create_group(
        "Open",
        Some("open@conference.localhost"),
        chat_client::GroupPreset::PublicChannel {
            only_owners_write: false,
        },
        now,
    ))
    .unwrap();
    pump(server, &mut [&mut alice], now);
    let mut bob = logged_in(server, "bob", now);
    futures::executor::block_on(bob.client.join_room(&room, None, None, now)).unwrap();
    pump(server, &mut [&mut alice, &mut bob], now);
    (alice, bob, room)
}

/// A server with an account for each of `users` (password `USER-pass`).
pub fn server_with(users: &[&str]) -> FakeServer {
    let mut server = FakeServer::new("localhost");
    for user in users {
        server.add_account(user, &format!("{user}-pass"));
    }
    server
}

/// The stored messages of conversation `id`, oldest first (the first 100).
pub fn stored_messages(
    device: &Device,
    id: &chat_store::ConversationId,
) -> Vec<chat_store::Message> {
    futures::executor::block_on(device.client.messages(id, None, 100))
        .unwrap()
        .messages
}
