package server

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
)

// usersMetaKey is the store metadata name holding the serialized mysql
// database (users, grants, roles).
const usersMetaKey = "mysql_db"

// metaStore is the part of storage.Store the user setup needs.
type metaStore interface {
	GetMeta(name string) ([]byte, error)
	PutMeta(name string, val []byte) error
}

// metaPersister writes the mysql database to the store; GMS calls Persist
// after every change to users or grants, before the statement returns.
type metaPersister struct{ store metaStore }

var _ mysql_db.MySQLDbPersistence = metaPersister{}

// Persist implements mysql_db.MySQLDbPersistence.
func (p metaPersister) Persist(_ *sql.Context, data []byte) error {
	if err := p.store.PutMeta(usersMetaKey, data); err != nil {
		return fmt.Errorf("persist users and grants: %w", err)
	}
	return nil
}

// rootHosts returns the hosts root accounts are created for: localhost
// always (loopback clients match it), and '%' (any host) only when root
// has a password, so a password-less root can never log in remotely.
func rootHosts(password string) []string {
	if password == "" {
		return []string{"localhost"}
	}
	return []string{"localhost", "%"}
}

// setupUsers loads persisted users and grants into db, installs the
// persister, (re)creates the root accounts with password and turns
// authentication on. It runs before the server accepts connections.
func setupUsers(ctx *sql.Context, db *mysql_db.MySQLDb, store metaStore, password string) error {
	data, err := store.GetMeta(usersMetaKey)
	if err != nil {
		return fmt.Errorf("read users and grants: %w", err)
	}
	if err := db.LoadData(ctx, data); err != nil {
		return fmt.Errorf("load users and grants (%d bytes): %w", len(data), err)
	}
	db.SetPersister(metaPersister{store: store})

	ed := db.Editor()
	defer ed.Close()
	for _, host := range rootHosts(password) {
		// Replace any persisted row so the configured password wins; the
		// ephemeral account is never written back by Persist.
		ed.RemoveUser(mysql_db.UserPrimaryKey{Host: host, User: "root"})
		db.AddEphemeralSuperUser(ed, "root", host, password)
	}
	db.SetEnabled(true)
	return nil
}
