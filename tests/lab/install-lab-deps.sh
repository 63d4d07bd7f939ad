#!/usr/bin/env bash
# Installs the Debian packages the labs (tests/lab/run-identity-lab.sh, run-medical-lab.sh,
# run-hospital-lab.sh, run-connections-lab.sh) and the dashboard's browser test (tests/browser)
# run, without letting their system services start: the labs run their own instances, with
# their own configs, pid files and sockets, inside network namespaces. Idempotent; one line when all present.
#   tests/lab/install-lab-deps.sh
# Uses sudo when not run as root.
set -euo pipefail

packages=(
  dnsmasq-base lldpd snmpd snmp openssh-server openssh-client busybox
  tcpdump openssl curl iproute2 python3 util-linux coreutils
  dcmtk
  nftables
  strongswan-charon libcharon-extra-plugins strongswan-swanctl
  xrdp freerdp2-x11 xvfb xauth tigervnc-standalone-server openvpn
  # The dashboard's browser test (tests/browser): headless Chromium driven by Selenium.
  chromium chromium-driver python3-selenium python3-pil
)
# Services these packages would start on install (package:service); stopped and disabled
# again if one slipped through, but only for packages this run installed. Not nftables: its
# service ships disabled, and stopping it flushes the host's ruleset; the hospital lab runs
# `nft` only inside its firewall namespace.
services=(lldpd:lldpd snmpd:snmpd openssh-server:ssh xrdp:xrdp xrdp:xrdp-sesman openvpn:openvpn)

if [[ -n "${1:-}" ]]; then
  echo "usage: $0" >&2
  exit 2
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-lab-deps: run as root or install sudo" >&2; exit 1; }
  as_root=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-lab-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "install-lab-deps: installing ${missing[*]}"

# invoke-rc.d and deb-systemd-invoke ask /usr/sbin/policy-rc.d; 101 = "action forbidden".
# Keep an existing policy-rc.d aside and put it back afterwards, whatever happens.
policy=/usr/sbin/policy-rc.d
saved=""
restore_policy() {
  if [[ -n "$saved" ]]; then
    "${as_root[@]}" mv -f "$saved" "$policy"
  else
    "${as_root[@]}" rm -f "$policy"
  fi
}
if [[ -e "$policy" ]]; then
  saved="$policy.daicho-lab-saved.$$"
  "${as_root[@]}" mv -f "$policy" "$saved"
fi
trap restore_policy EXIT
printf '#!/bin/sh\n# installed by daicho tests/lab/install-lab-deps.sh for the length of one install\nexit 101\n' |
  "${as_root[@]}" tee "$policy" >/dev/null
"${as_root[@]}" chmod 755 "$policy"

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null

# If a service started anyway (a package that ignores policy-rc.d), stop it: the lab must
# not share the host with a system lldpd/snmpd/sshd.
for spec in "${services[@]}"; do
  pkg=${spec%%:*} s=${spec#*:}
  [[ " ${missing[*]} " == *" $pkg "* ]] || continue
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    "${as_root[@]}" systemctl disable --now "$s" >/dev/null 2>&1 || true
  elif [[ -x "/etc/init.d/$s" ]]; then
    "${as_root[@]}" "/etc/init.d/$s" stop >/dev/null 2>&1 || true
  fi
done
echo "install-lab-deps: done"
