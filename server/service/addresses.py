"""Which client addresses count as one for per-address limits."""
from __future__ import annotations

import ipaddress


def address_key(ip: str | None) -> str:
    """The key an address is counted under: an IPv4 address as it is, an IPv6 one by
    its /64. One IPv6 host is usually handed a whole /64, so counting single IPv6
    addresses would give each client 2^64 fresh budgets; an IPv4-mapped IPv6 address
    counts as the IPv4 address it carries. Anything unparsable counts as itself."""
    if not ip:
        return "-"
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
