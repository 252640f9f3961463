package harness

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
)

// openWire opens a MySQL-protocol pool. Parameters are interpolated on
// the client (one round trip per query, as most applications run) and
// LOCAL INFILE may read any file the harness names.
func openWire(user, password, addr, dbName string) (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = user, password, "tcp", addr, dbName
	cfg.InterpolateParams = true
	cfg.AllowAllFiles = true
	cfg.Timeout = 30 * time.Second
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", addr, err)
	}
	db := sql.OpenDB(conn)
	db.SetMaxIdleConns(4)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect %s: %w", addr, err)
	}
	return db, nil
}
