package main

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// End-to-end tests of server file access (secure_file_priv and the FILE
// privilege), global settings, KILL, max_connections, error codes and the
// data directory's modes (docs/security.md).

// TestFileAccessDisabledByDefault: without --secure-file-priv no SQL
// reaches a server file, root included.
func TestFileAccessDisabledByDefault(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("root:hash"), 0o600)

	var v sql.NullString
	if err := root.QueryRow("SELECT @@secure_file_priv").Scan(&v); err != nil || v.Valid {
		t.Errorf("@@secure_file_priv = %v (err %v), want NULL", v, err)
	}
	if err := root.QueryRow("SELECT LOAD_FILE(?)", secret).Scan(&v); err != nil || v.Valid {
		t.Errorf("LOAD_FILE of a server file = %v (err %v), want NULL", v, err)
	}
	_, err := root.Exec(fmt.Sprintf("SELECT 1 INTO OUTFILE '%s'", filepath.Join(dir, "out.txt")))
	wantErrNum(t, err, 1290, "INTO OUTFILE with file access disabled")
	_, err = root.Exec(fmt.Sprintf("LOAD DATA INFILE '%s' INTO TABLE products", secret))
	wantErrNum(t, err, 1290, "LOAD DATA INFILE with file access disabled")
	if _, err := os.Stat(filepath.Join(dir, "out.txt")); err == nil {
		t.Error("INTO OUTFILE wrote a file")
	}
}

// TestFileAccessConfined: with --secure-file-priv DIR, files inside DIR
// work for accounts with FILE; outside (directly, by .., or through a
// link inside DIR) they do not; accounts without FILE get MySQL's answers.
func TestFileAccessConfined(t *testing.T) {
	t.Parallel()
	files, outside := t.TempDir(), t.TempDir()
	s := startServer(t, serverOptions{Args: []string{"--secure-file-priv", files}})
	root := s.root(t, "shop")
	os.WriteFile(filepath.Join(files, "in.txt"), []byte("inside"), 0o600)
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("outside"), 0o600)
	os.Symlink(outside, filepath.Join(files, "link"))
	os.WriteFile(filepath.Join(files, "products.csv"), []byte("1,p1,9.50\n2,p2,3.25\n"), 0o600)

	loadFile := func(db *sql.DB, path string) sql.NullString {
		t.Helper()
		var v sql.NullString
		if err := db.QueryRow("SELECT LOAD_FILE(?)", path).Scan(&v); err != nil {
			t.Fatalf("LOAD_FILE(%s): %v", path, err)
		}
		return v
	}
	if v := loadFile(root, filepath.Join(files, "in.txt")); v.String != "inside" {
		t.Errorf("LOAD_FILE inside = %v, want inside", v)
	}
	for _, p := range []string{
		filepath.Join(outside, "secret.txt"),
		filepath.Join(files, "..", filepath.Base(outside), "secret.txt"),
		filepath.Join(files, "link", "secret.txt"),
	} {
		if v := loadFile(root, p); v.Valid {
			t.Errorf("LOAD_FILE(%s) = %q, want NULL", p, v.String)
		}
	}

	out := filepath.Join(files, "out.csv")
	mustExec(t, root, fmt.Sprintf("SELECT product_id, name FROM products ORDER BY product_id INTO OUTFILE '%s'", out))
	_, err := root.Exec(fmt.Sprintf("SELECT 1 INTO OUTFILE '%s'", out))
	wantErrNum(t, err, 1086, "INTO OUTFILE over an existing file")
	for _, p := range []string{filepath.Join(outside, "o.txt"), filepath.Join(files, "link", "o.txt")} {
		_, err = root.Exec(fmt.Sprintf("SELECT 1 INTO DUMPFILE '%s'", p))
		wantErrNum(t, err, 1290, "INTO DUMPFILE outside secure_file_priv: "+p)
	}
	if _, err := os.Stat(filepath.Join(outside, "o.txt")); err == nil {
		t.Error("INTO DUMPFILE wrote outside secure_file_priv")
	}
	mustExec(t, root, fmt.Sprintf("LOAD DATA INFILE '%s' INTO TABLE products FIELDS TERMINATED BY ',' (product_id, name, price)",
		filepath.Join(files, "products.csv")))
	if n := queryInt(t, root, "SELECT COUNT(*) FROM products"); n != 2 {
		t.Errorf("LOAD DATA INFILE inside secure_file_priv loaded %d rows, want 2", n)
	}
	_, err = root.Exec(fmt.Sprintf("LOAD DATA INFILE '%s' INTO TABLE products", filepath.Join(outside, "secret.txt")))
	wantErrNum(t, err, 1290, "LOAD DATA INFILE outside secure_file_priv")

	// An account with every privilege on shop but FILE.
	mustExec(t, root, "CREATE USER nofile IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT ALL ON shop.* TO nofile")
	nofile := s.open(t, "nofile", "pw", "shop")
	if v := loadFile(nofile, filepath.Join(files, "in.txt")); v.Valid {
		t.Errorf("LOAD_FILE without FILE = %q, want NULL", v.String)
	}
	_, err = nofile.Exec(fmt.Sprintf("SELECT 1 INTO OUTFILE '%s'", filepath.Join(files, "n.txt")))
	wantErrNum(t, err, 1045, "INTO OUTFILE without FILE")
	_, err = nofile.Exec(fmt.Sprintf("LOAD DATA INFILE '%s' INTO TABLE products FIELDS TERMINATED BY ','", filepath.Join(files, "products.csv")))
	wantErrNum(t, err, 1045, "LOAD DATA INFILE without FILE")
	// LOCAL reads the client's own file: INSERT on the table is enough.
	local := filepath.Join(t.TempDir(), "more.csv")
	os.WriteFile(local, []byte("3,p3,1.00\n"), 0o600)
	mustExec(t, nofile, fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE products FIELDS TERMINATED BY ',' (product_id, name, price)", local))

	// FILE without INSERT on the table: the load is refused.
	mustExec(t, root, "CREATE USER filer IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT FILE ON *.* TO filer")
	mustExec(t, root, "GRANT SELECT ON shop.products TO filer")
	filer := s.open(t, "filer", "pw", "shop")
	if v := loadFile(filer, filepath.Join(files, "in.txt")); v.String != "inside" {
		t.Errorf("LOAD_FILE with FILE = %v, want inside", v)
	}
	_, err = filer.Exec(fmt.Sprintf("LOAD DATA INFILE '%s' INTO TABLE products FIELDS TERMINATED BY ','", filepath.Join(files, "products.csv")))
	wantErrNum(t, err, 1142, "LOAD DATA INFILE without INSERT")
	if n := queryInt(t, root, "SELECT COUNT(*) FROM products"); n != 3 {
		t.Errorf("products has %d rows, want 3", n)
	}
}

// TestFileAccessAnywhere: an empty --secure-file-priv allows any file (MySQL's
// empty value), for accounts with FILE.
func TestFileAccessAnywhere(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--secure-file-priv="}})
	root := s.root(t, "")
	path := filepath.Join(t.TempDir(), "any.txt")
	os.WriteFile(path, []byte("anywhere"), 0o600)
	var v sql.NullString
	if err := root.QueryRow("SELECT LOAD_FILE(?)", path).Scan(&v); err != nil || v.String != "anywhere" {
		t.Errorf("LOAD_FILE with secure_file_priv '' = %v (err %v)", v, err)
	}
	if err := root.QueryRow("SELECT @@secure_file_priv").Scan(&v); err != nil || !v.Valid || v.String != "" {
		t.Errorf("@@secure_file_priv = %v (err %v), want ''", v, err)
	}
}

// TestSetGlobalNeedsAdmin: SET GLOBAL and SET PERSIST need SUPER or
// SYSTEM_VARIABLES_ADMIN (1227) and change nothing when refused.
func TestSetGlobalNeedsAdmin(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "")
	mustExec(t, root, "CREATE USER analyst IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT ALL ON shop.* TO analyst")
	mustExec(t, root, "CREATE USER sysadmin IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT SUPER ON *.* TO sysadmin") // GMS cannot grant SYSTEM_VARIABLES_ADMIN
	analyst := s.open(t, "analyst", "pw", "shop")
	for _, q := range []string{
		"SET GLOBAL max_connections = 1",
		"SET @@global.local_infile = 0",
		"SET PERSIST max_connections = 1",
		"SET SESSION sql_mode = '', GLOBAL max_connections = 1",
	} {
		_, err := analyst.Exec(q)
		wantErrNum(t, err, 1227, q)
	}
	if n := queryInt(t, root, "SELECT @@global.max_connections"); n != 151 {
		t.Errorf("max_connections = %d after refused SETs, want 151", n)
	}
	mustExec(t, analyst, "SET SESSION sql_mode = ''") // a session's own settings need nothing
	sysadmin := s.open(t, "sysadmin", "pw", "")
	mustExec(t, sysadmin, "SET GLOBAL max_connections = 300")
	mustExec(t, root, "SET GLOBAL max_connections = 151")
}

// TestKillAnswers: KILL of an id that is no connection is 1094; of
// another user's connection 1095 without SUPER; of one's own, allowed.
func TestKillAnswers(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "")
	_, err := root.Exec("KILL QUERY 999999")
	wantErrNum(t, err, 1094, "KILL QUERY of an unknown id")
	_, err = root.Exec("KILL 999999")
	wantErrNum(t, err, 1094, "KILL of an unknown id")

	mustExec(t, root, "CREATE USER ana IDENTIFIED BY 'pw'")
	mustExec(t, root, "CREATE USER bob IDENTIFIED BY 'pw'")
	ana := singleConn(t, s.open(t, "ana", "pw", ""))
	bob := singleConn(t, s.open(t, "bob", "pw", ""))
	anaID, bobID := connID(t, ana), connID(t, bob)
	_, err = ana.ExecContext(t.Context(), fmt.Sprintf("KILL QUERY %d", bobID))
	wantErrNum(t, err, 1095, "ana kills bob's query")
	other := singleConn(t, s.open(t, "ana", "pw", ""))
	if _, err := other.ExecContext(t.Context(), fmt.Sprintf("KILL QUERY %d", anaID)); err != nil {
		t.Errorf("ana kills a query of her own other connection: %v", err)
	}
	if _, err := root.Exec(fmt.Sprintf("KILL QUERY %d", bobID)); err != nil {
		t.Errorf("root kills bob's query: %v", err)
	}
}

func singleConn(t *testing.T, db *sql.DB) *sql.Conn {
	t.Helper()
	c, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func connID(t *testing.T, c *sql.Conn) int64 {
	t.Helper()
	var id int64
	if err := c.QueryRowContext(t.Context(), "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestMaxConnectionsEnforced: as in MySQL, max_connections ordinary
// connections and one more for an account with SUPER are let in; an
// account without it in that extra slot, and any connection past it, get
// 1040 at once; from the extra slot root can KILL a connection, and
// closing one lets the next in.
func TestMaxConnectionsEnforced(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	first, err := s.connect("root", s.RootPassword, "")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	held := singleConn(t, first) // the pool's one connection
	for _, q := range []string{"CREATE USER clerk IDENTIFIED BY 'pw'", "SET GLOBAL max_connections = 2"} {
		if _, err := held.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	second, err := s.connect("clerk", "pw", "")
	if err != nil {
		t.Fatalf("second connection within max_connections: %v", err)
	}
	second.SetMaxOpenConns(1)
	victim := connID(t, singleConn(t, second))
	_, err = s.connect("clerk", "pw", "")
	wantErrNum(t, err, 1040, "clerk's third connection with max_connections = 2")
	admin, err := s.connect("root", s.RootPassword, "")
	if err != nil {
		t.Fatalf("root's connection in the extra slot: %v", err)
	}
	admin.SetMaxOpenConns(1)
	_, err = s.connect("root", s.RootPassword, "")
	wantErrNum(t, err, 1040, "a fourth connection, past the extra slot")
	if _, err := admin.ExecContext(t.Context(), fmt.Sprintf("KILL %d", victim)); err != nil {
		t.Fatalf("KILL from the extra slot: %v", err)
	}
	admin.Close()
	second.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		db, err := s.connect("clerk", "pw", "")
		if err == nil {
			db.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no connection after one was closed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := held.ExecContext(t.Context(), "SET GLOBAL max_connections = 151"); err != nil {
		t.Fatal(err)
	}
}

// TestStatementErrorsKeepTheConnection: CALL with a wrong number of
// arguments (it used to panic and drop the connection) is 1318, and a
// syntax error is 1064; the connection keeps working after both.
func TestStatementErrorsKeepTheConnection(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	c := singleConn(t, s.root(t, "shop"))
	for _, q := range []string{"CALL erfm_reset(1)", "CALL erfm_reset('x', 2)", "CALL create_segment('a')", "CALL drop_segment()"} {
		_, err := c.ExecContext(t.Context(), q)
		wantErrNum(t, err, 1318, q)
	}
	_, err := c.ExecContext(t.Context(), "SELEC 1")
	wantErrNum(t, err, 1064, "a syntax error")
	var me *mysql.MySQLError
	if !errors.As(err, &me) || string(me.SQLState[:]) != "42000" {
		t.Errorf("syntax error %v: want SQLSTATE 42000", err)
	}
	var one int
	if err := c.QueryRowContext(t.Context(), "SELECT 1").Scan(&one); err != nil {
		t.Fatalf("the connection after the errors: %v", err)
	}
}

// TestDataDirIsPrivate: the data directory is 0700 and every file the
// server writes in it (Pebble's included) 0600.
func TestDataDirIsPrivate(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	mustExec(t, root, "INSERT INTO products (product_id, name, price) VALUES (1, 'p', 1.00)")
	s.stop(t)
	err := filepath.WalkDir(s.DataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
