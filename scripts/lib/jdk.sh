# shellcheck shell=bash
# Toolchain helpers shared by bin/maestro and scripts/test (sourced, not run):
#   maestro_find_jdk      sets JAVA_HOME to a JDK >= 21 (JAVA_HOME if it is one, else the newest
#                         under /usr/lib/jvm), or returns 1
#   maestro_no_jdk_message  says what to install
#   maestro_maven_opts    MAVEN_OPTS suited to that JDK
#   maestro_ensure_maven  makes `mvn` available (apt-get install maven when root), or returns 1
#   maestro_install_jdk   installs a JDK >= 21 with apt-get when one is packaged (root only)

MAESTRO_MIN_JAVA=21

# Prints the feature version (17, 21, 25) of the JDK at $1; fails if $1 is not a JDK.
maestro_jdk_version() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case $version in
    1.*) version=${version#1.}; version=${version%%.*} ;; # 1.8.0 -> 8
    *) version=${version%%[.+-]*} ;;                       # 21.0.2, 25+36 -> 21, 25
  esac
  case $version in '' | *[!0-9]*) return 1 ;; esac
  echo "$version"
}

maestro_find_jdk() {
  local dir version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ] && version=$(maestro_jdk_version "$JAVA_HOME") \
      && [ "$version" -ge "$MAESTRO_MIN_JAVA" ]; then
    export JAVA_HOME
    return 0
  fi
  for dir in "${MAESTRO_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -d "$dir" ] || continue
    version=$(maestro_jdk_version "$dir") || continue
    if [ "$version" -ge "$MAESTRO_MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
      best=$dir
      best_version=$version
    fi
  done
  [ -n "$best" ] || return 1
  JAVA_HOME=$best
  export JAVA_HOME
}

maestro_no_jdk_message() {
  echo "Maestro needs a JDK 21 or newer: install one (e.g. apt-get install openjdk-21-jdk or Temurin 21+) or set JAVA_HOME" >&2
}

# JDK 22+ warns about native access (Maven's console library) and 23+ about sun.misc.Unsafe
# (Guice inside Maven); these options silence that. Older JDKs reject the second option.
maestro_maven_opts() {
  local version opts=${MAVEN_OPTS:-}
  version=$(maestro_jdk_version "$JAVA_HOME") || version=0
  if [ "$version" -ge 22 ] && [[ $opts != *--enable-native-access* ]]; then
    opts="$opts --enable-native-access=ALL-UNNAMED"
  fi
  if [ "$version" -ge 23 ] && [[ $opts != *--sun-misc-unsafe-memory-access* ]]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow"
  fi
  echo "${opts# }"
}

maestro_can_apt() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

# apt-get update, once per process.
maestro_apt_update() {
  [ -n "${MAESTRO_APT_UPDATED:-}" ] && return 0
  apt-get update -qq >&2 || return 1
  MAESTRO_APT_UPDATED=1
}

maestro_apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

maestro_ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if maestro_can_apt; then
    echo "maestro: installing Maven (apt-get install maven)" >&2
    maestro_apt_update && maestro_apt_install maven
    command -v mvn >/dev/null 2>&1 && return 0
  fi
  echo "Maestro needs Maven 3.8 or newer to build: install it (e.g. apt-get install maven)" >&2
  return 1
}

maestro_install_jdk() {
  local package
  maestro_can_apt || return 1
  maestro_apt_update || return 1
  for package in openjdk-25-jdk-headless openjdk-21-jdk-headless temurin-25-jdk temurin-21-jdk; do
    if apt-cache show "$package" >/dev/null 2>&1; then
      echo "maestro: installing a JDK (apt-get install $package)" >&2
      maestro_apt_install "$package" && return 0
    fi
  done
  return 1
}

# maestro_ensure_packages PACKAGE...: installs the Debian packages that are not installed yet
# (only as root with apt-get; returns 1 otherwise, or when the install fails). Daemons are not
# started by the install: Maestro and its tests start their own instances, on their own ports.
maestro_ensure_packages() {
  local missing=() package policy_created=0 status=0
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! maestro_can_apt; then
    echo "maestro: missing packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "maestro: installing ${missing[*]} (apt-get install)" >&2
  # Without systemd, package scripts would start the daemons on their default ports: forbid that
  # for the length of the install, unless the machine already has its own policy.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_created=1
  fi
  { maestro_apt_update && maestro_apt_install "${missing[@]}"; } || status=1
  [ $policy_created -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  return $status
}
