dnl snoke_ws: a PHP extension written in Rust (ext-php-rs).
dnl
dnl `phpize && ./configure --enable-snoke_ws && make && make install` (what PIE
dnl runs) builds it with cargo, not with the C compiler: this file only finds
dnl cargo and the target directory and hands them to Makefile.frag, whose rule
dnl builds modules/snoke_ws.so. `make install` then copies it into
dnl `php-config --extension-dir` (or $(INSTALL_ROOT)$(EXTENSION_DIR)) like any
dnl other shared extension.

PHP_ARG_ENABLE([snoke_ws],
  [whether to enable snoke_ws],
  [AS_HELP_STRING([--enable-snoke_ws],
    [Enable the snoke_ws extension (built with cargo; needs Rust >= 1.82 and libclang)])],
  [yes])

PHP_ARG_WITH([snoke_ws-cargo],
  [for the cargo binary],
  [AS_HELP_STRING([--with-snoke_ws-cargo=PATH],
    [cargo to build snoke_ws with (default: $CARGO, cargo on PATH, then ~/.cargo/bin/cargo)])],
  [no],
  [no])

if test "$PHP_SNOKE_WS" != "no"; then
  snoke_ws_srcdir=`cd "$srcdir" && pwd`

  AC_MSG_CHECKING([for cargo])
  SNOKE_WS_CARGO=""
  if test "$PHP_SNOKE_WS_CARGO" != "no" && test "$PHP_SNOKE_WS_CARGO" != "yes"; then
    SNOKE_WS_CARGO="$PHP_SNOKE_WS_CARGO"
  elif test -n "$CARGO"; then
    SNOKE_WS_CARGO="$CARGO"
  elif command -v cargo >/dev/null 2>&1; then
    SNOKE_WS_CARGO=`command -v cargo`
  elif test -n "$HOME" && test -x "$HOME/.cargo/bin/cargo"; then
    SNOKE_WS_CARGO="$HOME/.cargo/bin/cargo"
  fi
  if test -z "$SNOKE_WS_CARGO" || ! test -x "$SNOKE_WS_CARGO"; then
    AC_MSG_RESULT([not found])
    AC_MSG_ERROR([snoke_ws is written in Rust and needs cargo to build, but none was found
    (looked at --with-snoke_ws-cargo, \$CARGO, cargo on PATH and ~/.cargo/bin/cargo).
    Install Rust >= 1.82 (https://rustup.rs, or: apt-get install cargo) and run configure again,
    or pass --with-snoke_ws-cargo=/path/to/cargo.])
  fi
  AC_MSG_RESULT([$SNOKE_WS_CARGO])

  AC_MSG_CHECKING([cargo version])
  snoke_ws_cargo_version=`"$SNOKE_WS_CARGO" --version 2>/dev/null`
  if test -z "$snoke_ws_cargo_version"; then
    AC_MSG_RESULT([failed])
    AC_MSG_ERROR([$SNOKE_WS_CARGO --version failed: is the Rust toolchain installed (rustup default stable)?])
  fi
  AC_MSG_RESULT([$snoke_ws_cargo_version])

  if ! test -f "$snoke_ws_srcdir/Cargo.toml" || ! test -f "$snoke_ws_srcdir/src/lib.rs"; then
    AC_MSG_ERROR([$snoke_ws_srcdir is not the snoke_ws source tree (Cargo.toml or src/lib.rs missing)])
  fi

  dnl ext-php-rs reads PHP's headers through php-config; build against the PHP
  dnl phpize and configure were run for, not whichever php-config is first on PATH.
  SNOKE_WS_PHP_CONFIG="$PHP_CONFIG"
  case "$SNOKE_WS_PHP_CONFIG" in
    */*) ;;
    *) SNOKE_WS_PHP_CONFIG=`command -v "$SNOKE_WS_PHP_CONFIG" 2>/dev/null` ;;
  esac

  dnl The only "module" is the cdylib cargo builds; no C sources are compiled.
  PHP_MODULES='$(phplibdir)/snoke_ws.so'
  SNOKE_WS_SRCDIR="$snoke_ws_srcdir"
  PHP_SUBST([SNOKE_WS_CARGO])
  PHP_SUBST([SNOKE_WS_SRCDIR])
  PHP_SUBST([SNOKE_WS_PHP_CONFIG])
  PHP_ADD_MAKEFILE_FRAGMENT([$snoke_ws_srcdir/Makefile.frag], [$snoke_ws_srcdir], [$snoke_ws_srcdir])
fi
