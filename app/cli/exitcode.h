#pragma once

namespace sockscope::cli {

// sockscope-cli's exit status; documented in docs/cli.md and in --help.
enum class ExitCode : int {
    Ok = 0,              // connect: closed with a clean close handshake; serve: stopped by a signal
    NotClean = 1,        // connect: the connection ended without a clean close (1006, reset)
    Usage = 2,           // bad arguments
    ConnectFailed = 3,   // DNS, TCP, TLS or proxy failed; serve: cannot listen
    HandshakeFailed = 4, // the server refused the upgrade or answered it wrongly
    ProtocolError = 5,   // the peer broke RFC 6455 and the connection was failed
    Timeout = 6,         // --timeout expired
    InputError = 7,      // a file could not be read, a hex or base64 argument is malformed
};

} // namespace sockscope::cli
