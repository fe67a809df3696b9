#include "handshakekey.h"

#include <QCryptographicHash>

#include <array>

namespace sockscope::proto {

QByteArray computeAcceptKey(QByteArrayView key)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(key);
    hash.addData(QByteArrayView(WebSocketGuid));
    return hash.result().toBase64();
}

QByteArray generateKey(const RandomSource &random)
{
    std::array<quint8, 16> nonce{};
    random(nonce);
    return QByteArray(reinterpret_cast<const char *>(nonce.data()), qsizetype(nonce.size())).toBase64();
}

bool isValidKey(QByteArrayView key)
{
    // 16 bytes encode to 22 characters plus "==" padding.
    if (key.size() != 24)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(key.toByteArray(), QByteArray::Base64Encoding |
                                                                               QByteArray::AbortOnBase64DecodingErrors);
    // Re-encoding rejects keys whose unused low bits are set, which decode to the same 16 bytes.
    return decoded && decoded.decoded.size() == 16 && decoded.decoded.toBase64() == key;
}

} // namespace sockscope::proto
