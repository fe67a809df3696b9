#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QListView;

namespace sockscope::ui {

class SavedConnectionsModel;
struct SavedConnection;

// Manages the saved connections: pick one to see and edit its name, URL, subprotocols, Origin and deflate;
// duplicate or delete it; open it in a new tab. Edits are kept as they are typed.
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
    bool m_loading = false;
};

} // namespace sockscope::ui
