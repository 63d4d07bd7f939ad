#!/bin/sh
# The labs' udhcpc script (udhcpc -s): udhcpc calls it with $1 = deconfig | bound | renew |
# leasefail and the lease in the environment. It sets the address and, when the caller gives
# LAB_ROUTES (prefixes) and the lease names a router, a route to each prefix via the first
# router: never a default route, and never resolv.conf (/etc/netns/<ns>/resolv.conf already
# names the lab DNS).
# shellcheck disable=SC2154  # interface, ip, mask and router come from udhcpc
case "$1" in
deconfig) ip -4 addr flush dev "$interface" ;;
bound | renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    gw=${router%% *}
    if [ -n "$gw" ]; then
        for prefix in $LAB_ROUTES; do
            ip route replace "$prefix" via "$gw"
        done
    fi
    echo "udhcpc: bound $interface to $ip/${mask:-24} via ${gw:-no router}" ;;
esac
exit 0
