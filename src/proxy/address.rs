//! Addresses the proxy does not reach unless a secret pins that very host: this machine, the
//! private networks around it, and the cloud metadata services on them. A name is checked by
//! what it resolves to, and the proxy connects to the address it checked, so a name that
//! resolves elsewhere a moment later (DNS rebinding) gains nothing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why the proxy will not connect to `ip` on its own, if it will not.
pub fn refused(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => refused_v4(v4),
            None => refused_v6(v6),
        },
    }
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, d] = ip.octets();
    Some(match (a, b, c, d) {
        // Metadata services before the ranges they sit in: the reason names them.
        (169, 254, 169, 254) | (169, 254, 170, 2) | (100, 100, 100, 200) | (192, 0, 0, 192) => {
            "a cloud metadata address"
        }
        (127, ..) => "a loopback address",
        (0, ..) => "an unspecified address",
        (10, ..) | (192, 168, ..) => "a private address",
        (172, b, ..) if (16..32).contains(&b) => "a private address",
        // Carrier-grade NAT: private to the provider's network.
        (100, b, ..) if (64..128).contains(&b) => "a private address",
        (169, 254, ..) => "a link-local address",
        (224..=255, ..) => "a multicast or reserved address",
        _ => return None,
    })
}

fn refused_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    Some(match ip {
        // AWS's metadata service over IPv6.
        _ if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) => "a cloud metadata address",
        _ if ip.is_loopback() => "a loopback address",
        _ if ip.is_unspecified() => "an unspecified address",
        _ if first & 0xfe00 == 0xfc00 => "a private address",
        _ if first & 0xffc0 == 0xfe80 => "a link-local address",
        _ if first & 0xff00 == 0xff00 => "a multicast or reserved address",
        // 64:ff9b::/96 carries an IPv4 address through NAT64: judged by that address.
        _ if ip.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0] => {
            let [.., a, b, c, d] = ip.octets();
            return refused_v4(Ipv4Addr::new(a, b, c, d));
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit tests only: no test sends anything to these addresses.
    #[test]
    fn local_private_link_local_and_metadata_addresses_are_refused() {
        for (text, why) in [
            ("127.0.0.1", "loopback"),
            ("127.255.0.9", "loopback"),
            ("::1", "loopback"),
            ("::ffff:127.0.0.1", "loopback"),
            ("0.0.0.0", "unspecified"),
            ("::", "unspecified"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("100.64.0.1", "private"),
            ("fd12:3456::1", "private"),
            ("::ffff:10.0.0.1", "private"),
            ("64:ff9b::10.0.0.1", "private"),
            ("169.254.1.1", "link-local"),
            ("fe80::1", "link-local"),
            ("169.254.169.254", "metadata"),
            ("169.254.170.2", "metadata"),
            ("100.100.100.200", "metadata"),
            ("fd00:ec2::254", "metadata"),
            ("::ffff:169.254.169.254", "metadata"),
            ("224.0.0.1", "multicast"),
            ("255.255.255.255", "multicast"),
        ] {
            let ip: IpAddr = text.parse().unwrap();
            let reason = refused(ip).unwrap_or_else(|| panic!("{text} allowed"));
            assert!(reason.contains(why), "{text}: {reason}");
        }
    }

    #[test]
    fn public_addresses_are_not() {
        for text in [
            "1.1.1.1",
            "8.8.8.8",
            "172.15.255.255",
            "172.32.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "169.253.0.1",
            "2606:4700::1111",
            "64:ff9b::1.1.1.1",
        ] {
            let ip: IpAddr = text.parse().unwrap();
            assert_eq!(refused(ip), None, "{text}");
        }
    }
}
