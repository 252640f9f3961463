package main

import (
	"errors"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// TestSQLStateOverTheWire checks that each class of error reaches the
// client with MySQL's error code and SQLSTATE (MySQL 8 server error
// reference), which drivers turn into exception classes.
func TestSQLStateOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE st (id BIGINT PRIMARY KEY, name VARCHAR(3) NOT NULL)")
	mustExec(t, db, "INSERT INTO st VALUES (1, 'a')")
	nodb := s.root(t, "")
	for _, c := range []struct {
		db    string
		query string
		num   uint16
		state string
	}{
		{"shop", "SELECT * FROM no_such_table", 1146, "42S02"},
		{"shop", "INSERT INTO st VALUES (1, 'b')", 1062, "23000"},
		{"shop", "INSERT INTO st VALUES (2, NULL)", 1048, "23000"},
		{"shop", "SELECT no_such_column FROM st", 1054, "42S22"},
		{"shop", "CREATE TABLE st (id INT)", 1050, "42S01"},
		{"shop", "SELECT * FROM no_such_db.t", 1049, "42000"},
		{"shop", "INSERT INTO st VALUES (3, 'toolong')", 1406, "22001"},
		{"", "SELECT * FROM customers", 1046, "3D000"},
		{"", "SELECT * FROM rfm()", 1046, "3D000"},
		{"", "SELECT * FROM segment_members('vip')", 1046, "3D000"},
	} {
		conn := db
		if c.db == "" {
			conn = nodb
		}
		_, err := conn.Exec(c.query)
		var me *mysql.MySQLError
		if !errors.As(err, &me) {
			t.Errorf("%s: want error %d (%s), got %v", c.query, c.num, c.state, err)
			continue
		}
		if me.Number != c.num || string(me.SQLState[:]) != c.state {
			t.Errorf("%s: got %d (%s) %q, want %d (%s)", c.query, me.Number, me.SQLState[:], me.Message, c.num, c.state)
		}
	}
}
