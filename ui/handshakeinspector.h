#pragma once

#include "net/clientconnection.h"

#include <QWidget>

#include <optional>
#include <utility>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace sockscope::ui {

class TimingBar;

// The opening handshake of a connection: the raw request and response side by side (CR LF shown on request),
// their header fields parsed in order, each RFC 6455 check with a clear mark (status 101, Upgrade, Connection,
// Sec-WebSocket-Accept recomputed from the key, subprotocol and extensions against the offer), the TLS chain
// for wss://, and a bar of the DNS / TCP / TLS / HTTP timings. The request can be edited and sent as written.
class HandshakeInspector : public QWidget
{
    Q_OBJECT
public:
    explicit HandshakeInspector(QWidget *parent = nullptr);

    void clear();
    void showRequest(const QByteArray &raw);
    void showResponse(const proto::HttpRequestHead &request, const proto::HttpResponseHead &response);
    void showTimings(const net::ConnectTimings &timings);
    void showCertificates(const QList<QSslCertificate> &chain);

    QString checksText() const;
    QString requestText() const;
    QString responseText() const;
    TimingBar *timingBar() const { return m_timing; }
    // The request as the user edited it, CR LF line ends restored.
    QByteArray editedRequest() const;
    void setEditedRequest(const QByteArray &raw);

signals:
    // The user wants this request sent as written, on a new connection.
    void sendRawRequested(const QByteArray &raw);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    // The checks of the response, their marks coloured for the current palette.
    void renderChecks();

    QPlainTextEdit *m_request;
    QPlainTextEdit *m_response;
    QCheckBox *m_showLineEnds;
    QStandardItemModel *m_requestHeaders;
    QStandardItemModel *m_responseHeaders;
    QLabel *m_checks;
    QPlainTextEdit *m_certificates;
    TimingBar *m_timing;
    QPlainTextEdit *m_editor;
    QByteArray m_rawRequest;
    QByteArray m_rawResponse;
    std::optional<std::pair<proto::HttpRequestHead, proto::HttpResponseHead>> m_checked;
};

// DNS, TCP connect, TLS and HTTP upgrade as proportional segments with their durations.
class TimingBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimingBar(QWidget *parent = nullptr);
    void setTimings(const net::ConnectTimings &timings);
    // "DNS 0.01 ms · TCP 1.90 ms · …", the same words the bar paints.
    QString summary() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    net::ConnectTimings m_timings;
};

} // namespace sockscope::ui
