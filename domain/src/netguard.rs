//! Which network addresses the registry may send requests to: only public ones, so that a
//! registered URL (an OpenAPI document, a catalogue, a federation peer, an OpenID provider)
//! cannot turn the registry against its own network: loopback, private ranges, link-local
//! and cloud metadata (169.254.169.254, fd00:ec2::254), multicast, and every IPv6 form that
//! carries an IPv4 address inside it.
//!
//! IPv6 forms that embed an IPv4 address:
//! - IPv4-mapped `::ffff:a.b.c.d` is the IPv4 host itself (the socket connects to it), so it is
//!   judged by the embedded address: refused whenever that is not public.
//! - Every other form is refused as a whole prefix, whatever it embeds: IPv4-compatible
//!   `::a.b.c.d` (deprecated), SIIT `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::/96` and the local-use
//!   `64:ff9b:1::/48`, 6to4 `2002::/16` and Teredo `2001::/32`. They reach the embedded IPv4
//!   address through a translator or relay, possibly one inside this network, where a
//!   "public" embedded address may mean something else; no registry peer or document host
//!   needs them, and refusing the prefix leaves no embedding to decode wrongly.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not public, if it is not.
pub fn not_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_problem(v4),
        IpAddr::V6(v6) => v6_problem(v6),
    }
}

fn v4_problem(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip == Ipv4Addr::new(169, 254, 169, 254) {
        Some("a cloud metadata (link-local) address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified address")
    } else if ip.is_broadcast() || ip.is_multicast() || a >= 240 {
        Some("a broadcast, multicast or reserved address")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a shared (carrier-grade NAT) address")
    } else if a == 192 && b == 0 && c == 0 {
        Some("an IETF protocol address")
    } else if ip.is_documentation() || (a == 198 && (b == 18 || b == 19)) {
        Some("a documentation or benchmarking address")
    } else {
        None
    }
}

fn v6_problem(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    let v4_tail = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff {
        // IPv4-mapped: the IPv4 host itself.
        return v4_problem(v4_tail());
    }
    if s[..6] == [0, 0, 0, 0, 0, 0] {
        return Some("an IPv4-compatible address (deprecated, refused whatever it embeds)");
    }
    if s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0 {
        return Some("an SIIT (IPv4-translated) address, refused whatever it embeds");
    }
    if s[0] == 0x0064 && s[1] == 0xff9b && (s[2..6] == [0, 0, 0, 0] || s[2] == 0x0001) {
        return Some("a NAT64 address, refused whatever it embeds");
    }
    if s[0] == 0x2002 {
        return Some("a 6to4 address, refused whatever it embeds");
    }
    if s[0] == 0x2001 && s[1] == 0 {
        return Some("a Teredo address, refused whatever it embeds");
    }
    if ip == Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254) {
        return Some("a cloud metadata (unique local) address");
    }
    if (s[0] & 0xfe00) == 0xfc00 {
        Some("a private (unique local) address")
    } else if (s[0] & 0xffc0) == 0xfe80 {
        Some("a link-local address")
    } else if (s[0] & 0xffc0) == 0xfec0 {
        Some("a site-local address (deprecated)")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if s[0] == 0x2001 && s[1] == 0x0db8 {
        Some("a documentation address")
    } else if s[0] == 0x2001 && s[1] < 0x0200 {
        Some("an IETF protocol address (benchmarking, ORCHID, …)")
    } else if (s[0] & 0xe000) != 0x2000 {
        // Everything outside the global unicast space 2000::/3 (discard-only 100::/64,
        // 64:ff9b-like prefixes not listed above, unassigned space).
        Some("a reserved address")
    } else {
        None
    }
}

/// Why a URL is not one the registry sends requests to: a scheme other than http and https,
/// user info (`user:pass@`), or a host that is an address literal that is not public (unless
/// private addresses are allowed). Host names are checked when they are resolved.
pub fn check_url(url: &url::Url, allow_private: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err("only http and https URLs are requested".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("a URL with user info (user:password@) is not requested".into());
    }
    let ip: IpAddr = match url.host() {
        None => return Err("the URL has no host".into()),
        Some(url::Host::Domain(_)) => return Ok(()),
        Some(url::Host::Ipv4(v4)) => v4.into(),
        Some(url::Host::Ipv6(v6)) => v6.into(),
    };
    match not_public(ip) {
        Some(why) if !allow_private => Err(refused(&ip.to_string(), why)),
        _ => Ok(()),
    }
}

fn refused(what: &str, why: &str) -> String {
    format!("{what} is {why}, which the registry does not send requests to")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(s: &str) -> Option<&'static str> {
        not_public(s.parse().unwrap())
    }

    fn refused(list: &[&str], kind: &str) {
        for s in list {
            let w = why(s).unwrap_or_else(|| panic!("{s} should be refused as {kind}"));
            assert!(w.contains(kind), "{s}: {w}, expected {kind}");
        }
    }

    #[test]
    fn loopback() {
        refused(&["127.0.0.1", "127.8.9.1", "::1"], "loopback");
    }

    #[test]
    fn private() {
        refused(
            &["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1"],
            "private",
        );
        refused(&["100.64.0.1", "100.127.255.254"], "carrier-grade NAT");
    }

    #[test]
    fn link_local() {
        refused(&["169.254.1.1", "fe80::1", "febf::1"], "link-local");
    }

    #[test]
    fn unique_local() {
        refused(&["fc00::1", "fd12:3456::1"], "unique local");
    }

    #[test]
    fn multicast_and_broadcast() {
        refused(&["224.0.0.1", "239.1.2.3", "255.255.255.255"], "multicast");
        refused(&["ff02::1", "ff0e::1"], "multicast");
    }

    #[test]
    fn unspecified() {
        refused(&["0.0.0.0", "0.1.2.3", "::"], "unspecified");
    }

    #[test]
    fn cloud_metadata() {
        refused(&["169.254.169.254", "fd00:ec2::254"], "cloud metadata");
    }

    #[test]
    fn ipv4_mapped_is_judged_by_what_it_embeds() {
        refused(&["::ffff:127.0.0.1", "::ffff:7f00:1"], "loopback");
        refused(&["::ffff:10.0.0.1", "::ffff:192.168.0.1"], "private");
        refused(&["::ffff:169.254.169.254"], "cloud metadata");
        refused(&["::ffff:0.0.0.0"], "unspecified");
        assert_eq!(why("::ffff:1.1.1.1"), None);
    }

    #[test]
    fn ipv4_compatible_is_refused_whole() {
        refused(
            &[
                "::127.0.0.1",
                "::10.0.0.1",
                "::169.254.169.254",
                "::1.1.1.1",
            ],
            "IPv4-compatible",
        );
    }

    #[test]
    fn siit_is_refused_whole() {
        refused(
            &[
                "::ffff:0:127.0.0.1",
                "::ffff:0:169.254.169.254",
                "::ffff:0:1.1.1.1",
            ],
            "SIIT",
        );
    }

    #[test]
    fn nat64_is_refused_whole() {
        refused(
            &[
                "64:ff9b::127.0.0.1",
                "64:ff9b::7f00:1",
                "64:ff9b::169.254.169.254",
                "64:ff9b::1.1.1.1",
                "64:ff9b:1::a00:1",
                "64:ff9b:1:ffff::1",
            ],
            "NAT64",
        );
    }

    #[test]
    fn six_to_four_is_refused_whole() {
        // 2002:7f00:0001:: embeds 127.0.0.1, 2002:a9fe:a9fe:: 169.254.169.254.
        refused(
            &["2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:101:101::1"],
            "6to4",
        );
    }

    #[test]
    fn teredo_is_refused_whole() {
        // Client address 127.0.0.1 obfuscated (xor ffff) as 80ff:fffe.
        refused(
            &["2001:0:4136:e378:8000:63bf:80ff:fffe", "2001::1"],
            "Teredo",
        );
    }

    #[test]
    fn other_reserved_v6() {
        refused(&["2001:db8::1"], "documentation");
        refused(&["2001:2::1", "2001:10::1"], "IETF");
        refused(&["100::1", "4000::1"], "reserved");
        refused(&["fec0::1"], "site-local");
    }

    #[test]
    fn public_addresses_pass() {
        for s in [
            "1.1.1.1",
            "193.183.0.1",
            "172.32.0.1",
            "100.128.0.1",
            "169.253.1.1",
            "2a00:1450:4001::1",
            "2001:4860:4860::8888",
            "2620:fe::fe",
        ] {
            assert_eq!(why(s), None, "{s} should be allowed");
        }
    }
}
