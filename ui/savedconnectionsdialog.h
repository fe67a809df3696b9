#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListView;
class QSpinBox;

namespace sockscope::ui {

class SavedConnectionsModel;
struct SavedConnection;

// Manages the saved connections: pick one to see and edit its name, URL, subprotocols, Origin, deflate, proxy
// (kind, host:port, user), TLS files (extra CA, client certificate and key), keep-alive and reconnecting;
// duplicate or delete it; open it in a new tab. Edits are kept as they are typed. Passwords and passphrases are
// not among them: a tab asks for those when it connects.
class SavedConnectionsDialog : public QDialog
{
    Q_OBJECT
public:
    SavedConnectionsDialog(SavedConnectionsModel *model, QWidget *parent = nullptr);

    QListView *list() const { return m_list; }
    void select(int row);
    int selectedRow() const;
    void setName(const QString &name);
    void setUrl(const QString &url);
    void duplicateSelected();
    void deleteSelected();

signals:
    void openRequested(const sockscope::ui::SavedConnection &connection);

private:
    void showSelected();
    void storeEdits();

    SavedConnectionsModel *m_model;
    QListView *m_list;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_protocols;
    QLineEdit *m_origin;
    QCheckBox *m_deflate;
    QComboBox *m_proxyKind;
    QLineEdit *m_proxyAddress;
    QLineEdit *m_proxyUser;
    QLineEdit *m_caFile;
    QLineEdit *m_clientCertificate;
    QLineEdit *m_clientKey;
    QSpinBox *m_keepAlive;
    QCheckBox *m_reconnect;
    bool m_loading = false;
};

} // namespace sockscope::ui
