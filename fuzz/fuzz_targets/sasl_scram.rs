#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jibber_fuzz::xmpp_protocol_harness::sasl_scram(data);
});
