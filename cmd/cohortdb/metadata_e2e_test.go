package main

import (
	"context"
	"net"
	"strconv"
	"testing"

	vtmysql "github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
)

// rawConn connects with vitess's MySQL client, which (unlike
// database/sql) shows the result metadata as the server sent it: column
// type, length and flags.
func (s *testServer) rawConn(t *testing.T, db string) *vtmysql.Conn {
	t.Helper()
	host, port, err := net.SplitHostPort(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	c, err := vtmysql.Connect(context.Background(), &vtmysql.ConnParams{Host: host, Port: p, Uname: "root", Pass: s.RootPassword, DbName: db})
	if err != nil {
		t.Fatalf("vitess client: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestBooleanMetadataOverTheWire: a BOOLEAN (TINYINT(1)) column is
// described as MySQL describes it — type TINY, column length 1 — so
// Connector/J reads it as a Boolean; a plain TINYINT keeps length 4.
// Both the batched SELECT path and go-mysql-server's handler (a UNION)
// are checked.
func TestBooleanMetadataOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	mustExec(t, s.root(t, "shop"), "CREATE TABLE flags (id INT PRIMARY KEY, b BOOLEAN, t TINYINT, n TINYINT(1) NOT NULL)")
	mustExec(t, s.root(t, "shop"), "INSERT INTO flags VALUES (1, TRUE, 7, 0)")
	c := s.rawConn(t, "shop")
	for _, q := range []string{
		"SELECT b, t, n FROM flags",
		"SELECT b, t, n FROM flags UNION ALL SELECT b, t, n FROM flags",
		"SELECT f.b, f.t, f.n FROM shop.flags AS f WHERE id = 1",
	} {
		r, err := c.ExecuteFetch(q, 100, true)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for i, want := range []uint32{1, 4, 1} {
			f := r.Fields[i]
			if f.Type != sqltypes.Int8 || f.ColumnLength != want {
				t.Errorf("%s: column %s is %v length %d, want TINY length %d (%+v)", q, f.Name, f.Type, f.ColumnLength, want, f)
			}
		}
	}
	r, err := c.ExecuteFetch("SELECT email_opt_in FROM customers", 1, true)
	if err != nil || r.Fields[0].ColumnLength != 1 {
		t.Errorf("customers.email_opt_in: %v, %v; want length 1", r, err)
	}
}
