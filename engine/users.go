package engine

import (
	"fmt"
)

// usersMeta is the store metadata blob holding go-mysql-server's
// serialized mysql database: users, grants and roles. The format is
// GMS's own (mysql_db.MySQLDb.LoadData reads what Persist is given).
const usersMeta = "mysql_db"

// LoadUsers returns the persisted users and grants (nil on a fresh data
// dir), for mysql_db.MySQLDb.LoadData at start.
func (e *Engine) LoadUsers() ([]byte, error) {
	data, err := e.store.GetMeta(usersMeta)
	if err != nil {
		return nil, fmt.Errorf("read users and grants: %w", err)
	}
	return data, nil
}

// PersistUsers durably replaces the persisted users and grants; the
// server calls it after every change, before the statement returns.
func (e *Engine) PersistUsers(data []byte) error {
	if err := e.store.PutMeta(usersMeta, data); err != nil {
		return fmt.Errorf("persist users and grants: %w", err)
	}
	return nil
}
