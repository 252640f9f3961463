package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/cohortdb/cohortdb/server/difftest"
)

// TestLoadDataEscapes: values with the bytes MySQL's OUTFILE escapes (tab,
// newline, the backslash, NUL) and the ones it writes as they are (CR,
// Ctrl-Z, quotes) go through SELECT … INTO OUTFILE and back through LOAD
// DATA INFILE unchanged. MariaDB is the reference: cohortdb writes the
// bytes MariaDB writes, reads MariaDB's file to the values MariaDB
// stored, and MariaDB reads cohortdb's file to them too. (cohortdb used
// to split fields before unescaping: "escape at end of field".)
func TestLoadDataEscapes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if skip := difftest.EnsureMariaDB(ctx); skip != "" {
		skipMissing(t, skip)
	}
	m, err := difftest.StartMariaDB(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	maria, err := sql.Open("mysql", "root@tcp("+m.Addr+")/")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { maria.Close() })
	maria.SetMaxOpenConns(1) // USE holds for the session

	dir := t.TempDir()
	s := startServer(t, serverOptions{Args: []string{"--secure-file-priv", dir}})
	cohort := s.root(t, "")
	cohort.SetMaxOpenConns(1)
	const values = `(1, 'a\tb'), (2, 'a\nb'), (3, 'a\rb'), (4, 'a\\b'), (5, 'a\0b'), (6, 'a\Zb'),
		(7, '\\N'), (8, NULL), (9, ''), (10, 'end\\'), (11, 'cr\r'), (12, '"q"'), (13, '\t'), (14, '\n\\\t')`
	for _, db := range []*sql.DB{maria, cohort} {
		mustExec(t, db, "CREATE DATABASE esc")
		mustExec(t, db, "USE esc")
		mustExec(t, db, "CREATE TABLE v (id INT PRIMARY KEY, s VARCHAR(50))")
		mustExec(t, db, "CREATE TABLE back (id INT PRIMARY KEY, s VARCHAR(50))")
		mustExec(t, db, "INSERT INTO v VALUES "+values)
	}
	want := rowsLine(queryText(t, maria, "SELECT id, HEX(s) FROM v ORDER BY id"))
	if got := rowsLine(queryText(t, cohort, "SELECT id, HEX(s) FROM v ORDER BY id")); got != want {
		t.Fatalf("the values as stored:\ncohortdb %s\nMariaDB  %s", got, want)
	}

	mfile, cfile := filepath.Join(dir, "maria.txt"), filepath.Join(dir, "cohort.txt")
	mustExec(t, maria, "SELECT * FROM v ORDER BY id INTO OUTFILE '"+mfile+"'")
	mustExec(t, cohort, "SELECT * FROM v ORDER BY id INTO OUTFILE '"+cfile+"'")
	mbytes, err1 := os.ReadFile(mfile)
	cbytes, err2 := os.ReadFile(cfile)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bytes.Equal(mbytes, cbytes) {
		t.Errorf("OUTFILE bytes differ:\ncohortdb %q\nMariaDB  %q", cbytes, mbytes)
	}

	mustExec(t, cohort, "LOAD DATA INFILE '"+mfile+"' INTO TABLE back")
	mustExec(t, maria, "LOAD DATA INFILE '"+cfile+"' INTO TABLE back")
	if got := rowsLine(queryText(t, cohort, "SELECT id, HEX(s) FROM back ORDER BY id")); got != want {
		t.Errorf("cohortdb read MariaDB's file as\n%s\nwant %s", got, want)
	}
	if got := rowsLine(queryText(t, maria, "SELECT id, HEX(s) FROM back ORDER BY id")); got != want {
		t.Errorf("MariaDB read cohortdb's file as\n%s\nwant %s", got, want)
	}
}
