//! The sandbox's name server, fake-IP style: every name the program looks up gets an address
//! of its own from a loopback range that the sandbox routes to the proxy, and a connection to
//! that address is then taken as a `CONNECT` to the name. Nothing is resolved here: the proxy
//! resolves the name (and checks the addresses) when it connects, exactly as for a `CONNECT`,
//! so what a program can reach does not depend on whether it honours the proxy variables.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Mutex;

use simple_dns::rdata::{A, RData};
use simple_dns::{CLASS, Packet, PacketFlag, QCLASS, QTYPE, RCODE, ResourceRecord, TYPE};

/// The addresses handed out: 127.128.0.0/9. Inside loopback, so a connection to one needs no
/// route in a network namespace that has only `lo`, and far from 127.0.0.1 and the 127.0.1.1
/// some systems give their own name.
pub const POOL: (Ipv4Addr, u8) = (Ipv4Addr::new(127, 128, 0, 0), 9);

/// At most this many names a run: a program that looks up names without end gets REFUSED,
/// not the proxy's memory.
const MOST: u32 = 1 << 16;

/// How long a program may keep an answer. The table never changes in a run, so any figure
/// would do; a short one keeps caches of other programs from outliving it.
const TTL: u32 = 60;

/// Names and the addresses they were given, both ways.
#[derive(Default)]
pub struct Names {
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    by_name: HashMap<String, Ipv4Addr>,
    by_address: HashMap<Ipv4Addr, String>,
}

impl Names {
    /// The name an address was given for, if it was.
    pub fn name_of(&self, address: Ipv4Addr) -> Option<String> {
        self.lock().by_address.get(&address).cloned()
    }

    /// The address of `name`, given now if it had none; `None` once the pool of a run is used.
    fn address_of(&self, name: &str) -> Option<Ipv4Addr> {
        let mut table = self.lock();
        if let Some(&address) = table.by_name.get(name) {
            return Some(address);
        }
        let given = u32::try_from(table.by_name.len()).ok()?;
        if given >= MOST {
            return None;
        }
        // From .0.1 on: no program expects a host at a network's first address.
        let address = Ipv4Addr::from(u32::from(POOL.0) + 1 + given);
        table.by_name.insert(name.to_owned(), address);
        table.by_address.insert(address, name.to_owned());
        Some(address)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The answer to one DNS query, or nothing for what is not a query at all.
    pub fn answer(&self, query: &[u8]) -> Option<Vec<u8>> {
        let query = Packet::parse(query).ok()?;
        if query.has_flags(PacketFlag::RESPONSE) {
            return None;
        }
        let mut reply = Packet::new_reply(query.id());
        reply.set_flags(PacketFlag::RECURSION_AVAILABLE);
        if query.has_flags(PacketFlag::RECURSION_DESIRED) {
            reply.set_flags(PacketFlag::RECURSION_DESIRED);
        }
        let [question] = query.questions.as_slice() else {
            *reply.rcode_mut() = RCODE::FormatError;
            return reply.build_bytes_vec().ok();
        };
        reply.questions.push(question.clone());
        let name = question.qname.to_string().to_ascii_lowercase();
        let internet = matches!(question.qclass, QCLASS::CLASS(CLASS::IN) | QCLASS::ANY);
        if !internet || !is_host_name(&name) {
            *reply.rcode_mut() = RCODE::Refused;
            return reply.build_bytes_vec().ok();
        }
        match question.qtype {
            QTYPE::TYPE(TYPE::A) | QTYPE::ANY => match self.address_of(&name) {
                Some(address) => reply.answers.push(ResourceRecord::new(
                    question.qname.clone(),
                    CLASS::IN,
                    TTL,
                    RData::A(A::from(address)),
                )),
                None => *reply.rcode_mut() = RCODE::Refused,
            },
            // The name exists, with no record of this type: AAAA, HTTPS and the rest get an
            // empty answer, so clients go on to the A record instead of failing.
            _ => {}
        }
        reply.build_bytes_vec().ok()
    }
}

/// A name a connection can be made to: letters, digits, `-` and `_` in labels of 1 to 63,
/// 253 at most in all.
fn is_host_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use simple_dns::{Name, Question};

    fn query(name: &str, qtype: TYPE) -> Vec<u8> {
        let mut packet = Packet::new_query(7);
        packet.set_flags(PacketFlag::RECURSION_DESIRED);
        packet.questions.push(Question::new(
            Name::new_unchecked(name),
            QTYPE::TYPE(qtype),
            QCLASS::CLASS(CLASS::IN),
            false,
        ));
        packet.build_bytes_vec().unwrap()
    }

    fn addresses(reply: &[u8]) -> (RCODE, Vec<Ipv4Addr>) {
        let reply = Packet::parse(reply).unwrap();
        assert_eq!(reply.id(), 7);
        assert!(reply.has_flags(PacketFlag::RESPONSE));
        let found = reply
            .answers
            .iter()
            .filter_map(|record| match &record.rdata {
                RData::A(a) => Some(Ipv4Addr::from(a.address)),
                _ => None,
            })
            .collect();
        (reply.rcode(), found)
    }

    #[test]
    fn each_name_gets_one_address_of_the_pool_and_is_found_by_it() {
        let names = Names::default();
        let (code, first) = addresses(&names.answer(&query("API.example.com", TYPE::A)).unwrap());
        assert_eq!(code, RCODE::NoError);
        assert_eq!(first, [Ipv4Addr::new(127, 128, 0, 1)]);
        let (_, again) = addresses(&names.answer(&query("api.example.com", TYPE::A)).unwrap());
        assert_eq!(again, first, "the same name, the same address");
        let (_, other) = addresses(&names.answer(&query("other.test", TYPE::A)).unwrap());
        assert_eq!(other, [Ipv4Addr::new(127, 128, 0, 2)]);
        assert_eq!(names.name_of(first[0]).as_deref(), Some("api.example.com"));
        assert_eq!(names.name_of(Ipv4Addr::new(127, 128, 0, 9)), None);
        assert_eq!(names.name_of(Ipv4Addr::LOCALHOST), None);
    }

    #[test]
    fn other_types_get_an_empty_answer_and_odd_queries_none_or_a_refusal() {
        let names = Names::default();
        for qtype in [TYPE::AAAA, TYPE::MX, TYPE::TXT] {
            let (code, found) = addresses(&names.answer(&query("example.com", qtype)).unwrap());
            assert_eq!((code, found.len()), (RCODE::NoError, 0));
        }
        // No address was used up by them.
        let (_, found) = addresses(&names.answer(&query("example.com", TYPE::A)).unwrap());
        assert_eq!(found, [Ipv4Addr::new(127, 128, 0, 1)]);
        let (code, found) = addresses(&names.answer(&query("bad name.test", TYPE::A)).unwrap());
        assert_eq!((code, found.len()), (RCODE::Refused, 0));
        assert!(names.answer(b"\x00\x07").is_none(), "not a DNS message");
        let reply = names.answer(&query("example.com", TYPE::A)).unwrap();
        assert!(names.answer(&reply).is_none(), "a response is not answered");
    }

    #[test]
    fn the_pool_of_a_run_ends_in_refusals() {
        let names = Names::default();
        for at in 0..MOST {
            assert!(names.address_of(&format!("h{at}.test")).is_some());
        }
        let (code, found) = addresses(&names.answer(&query("one-more.test", TYPE::A)).unwrap());
        assert_eq!((code, found.len()), (RCODE::Refused, 0));
        // A name given before still has its address.
        let (_, found) = addresses(&names.answer(&query("h0.test", TYPE::A)).unwrap());
        assert_eq!(found, [Ipv4Addr::new(127, 128, 0, 1)]);
        let last = Ipv4Addr::from(u32::from(POOL.0) + MOST);
        assert!(last.octets()[1] >= 128, "{last} is in the pool");
    }
}
