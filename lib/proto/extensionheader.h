#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace sockscope::proto {

// One extension of a Sec-WebSocket-Extensions header, e.g.
// "permessage-deflate; client_max_window_bits; server_max_window_bits=10" (RFC 6455 section 9.1).
struct ExtensionOffer {
    QByteArray name;
    // Parameters in order; a parameter without "=value" has no value. Quoted-string values are unquoted.
    QList<std::pair<QByteArray, std::optional<QByteArray>>> params;

    friend bool operator==(const ExtensionOffer &, const ExtensionOffer &) = default;
};

// Parses a Sec-WebSocket-Extensions value (all header lines of that name joined with ", ") following the
// RFC 6455 9.1 grammar. Returns nullopt and sets *error to an English sentence when it does not parse.
std::optional<QList<ExtensionOffer>> parseExtensionHeader(QByteArrayView value, QString *error = nullptr);

// Formats extensions back into a header value ("a; p=1, b").
QByteArray formatExtensionHeader(const QList<ExtensionOffer> &extensions);

} // namespace sockscope::proto
