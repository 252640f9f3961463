package main

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestTemporaryTables runs testdata/temptables.txt: CREATE TEMPORARY
// TABLE over the wire, each statement on its named connection (its own
// session), checking rows, error codes, isolation between sessions,
// shadowing of a stored table and the end of a session.
func TestTemporaryTables(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE st (id BIGINT PRIMARY KEY, v VARCHAR(10))")
	mustExec(t, db, "INSERT INTO st VALUES (1, 'stored'), (2, 'stored')")
	ctx := context.Background()
	conns := map[string]*sql.Conn{}
	conn := func(name string) *sql.Conn {
		if c, ok := conns[name]; ok {
			return c
		}
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns[name] = c
		return c
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for n, step := range readTempScript(t) {
		if name, ok := strings.CutPrefix(step.conn, "close "); ok {
			// driver.ErrBadConn makes database/sql close the
			// connection rather than return it to the pool.
			_ = conns[name].Raw(func(any) error { return driver.ErrBadConn })
			conns[name].Close()
			delete(conns, name)
			continue
		}
		got := tempStepResult(ctx, conn(step.conn), step.stmt)
		if got != step.want {
			t.Errorf("step %d, %s: %s\n got: %s\nwant: %s", n+1, step.conn, step.stmt, got, step.want)
		}
	}
}

type tempStep struct{ conn, stmt, want string }

func readTempScript(t *testing.T) []tempStep {
	t.Helper()
	f, err := os.Open("testdata/temptables.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []tempStep
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "close "):
			steps = append(steps, tempStep{conn: line})
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != 3 {
			t.Fatalf("bad script line %q", line)
		}
		steps = append(steps, tempStep{parts[0], parts[1], parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

// tempStepResult runs stmt on c: "ok", "error <code>", or its rows as the
// script writes them.
func tempStepResult(ctx context.Context, c *sql.Conn, stmt string) string {
	rows, err := c.QueryContext(ctx, stmt)
	if err != nil {
		return "error " + strconv.Itoa(int(mysqlErrNum(err)))
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if len(cols) == 0 {
		return "ok"
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "scan: " + err.Error()
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = "NULL"
			if v.Valid {
				parts[i] = v.String
			}
		}
		out = append(out, strings.Join(parts, ","))
	}
	if err := rows.Err(); err != nil {
		return "error " + strconv.Itoa(int(mysqlErrNum(err)))
	}
	return strings.Join(out, ";")
}
