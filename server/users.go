package server

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
)

// userStore keeps users, grants and roles: go-mysql-server's serialized
// mysql database, read once at start and rewritten durably after every
// change (the engine over its store; a map in tests).
type userStore interface {
	LoadUsers() ([]byte, error)
	PersistUsers(data []byte) error
}

// persister hands GMS's Persist calls, made after every change to users
// or grants before the statement returns, to the user store.
type persister struct{ users userStore }

var _ mysql_db.MySQLDbPersistence = persister{}

// Persist implements mysql_db.MySQLDbPersistence.
func (p persister) Persist(_ *sql.Context, data []byte) error {
	return p.users.PersistUsers(data)
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
func setupUsers(ctx *sql.Context, db *mysql_db.MySQLDb, users userStore, password string) error {
	data, err := users.LoadUsers()
	if err != nil {
		return err
	}
	if err := db.LoadData(ctx, data); err != nil {
		return fmt.Errorf("load users and grants (%d bytes): %w", len(data), err)
	}
	db.SetPersister(persister{users: users})

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
