package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// writeDrop writes a file into the import directory the way a producer
// should: under a .part name, then renamed.
func writeDrop(t *testing.T, dir, name, body string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".part", []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".part", path); err != nil {
		t.Fatal(err)
	}
}

// TestImportDir: CALL import_files() loads each new file of --import-dir
// once into the table its name or folder names, skips files being
// written, reports a file it cannot load (and tries the rest), and never
// reads outside the directory.
func TestImportDir(t *testing.T) {
	t.Parallel()
	in, out := t.TempDir(), t.TempDir()
	outside := t.TempDir()
	s := startServer(t, serverOptions{Args: []string{"--import-dir", in, "--export-dir", out}})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE visits (id INT PRIMARY KEY, page VARCHAR(100))")

	writeDrop(t, in, "visits.day1.csv", "id,page\n1,/home\n2,/cart\n")
	writeDrop(t, in, "visits/day2.csv", "page,id\n/checkout,3\n")
	writeDrop(t, in, "visits.day3.tsv.gz.part", "never loaded: still being written")
	writeDrop(t, in, ".hidden.csv", "id,page\n99,/hidden\n")
	writeDrop(t, in, "nosuchtable.csv", "id\n1\n")
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("id,page\n666,/secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(in, "visits.link.csv")); err != nil {
		t.Fatal(err)
	}

	_, err := db.Exec("CALL import_files()")
	wantErrNum(t, err, 1146, "a file naming no table")
	if got := rowsText(t, db, "SELECT id, page FROM visits ORDER BY id"); strings.Join(got, ";") != "1|/home;2|/cart;3|/checkout" {
		t.Fatalf("visits after the first import: %q", got)
	}
	if got := rowsText(t, db, "SELECT file, `table`, status, rows_loaded FROM imported_files ORDER BY file"); strings.Join(got, ";") !=
		"nosuchtable.csv|nosuchtable|failed|0;visits.day1.csv|visits|loaded|2;visits/day2.csv|visits|loaded|1" {
		t.Errorf("imported_files: %q", got)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM load_history WHERE source LIKE 'import-dir: visits%' AND status = 'ok'"); n != 2 {
		t.Errorf("load_history has %d import-dir loads, want 2", n)
	}

	// Nothing new: nothing loads, and the failed file (unchanged) is not
	// reported again.
	mustExec(t, db, "CALL import_files()")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM visits"); n != 3 {
		t.Fatalf("a second call loaded again: %d rows", n)
	}
	writeDrop(t, in, "visits.day4.csv", "id,page\n4,/home\n")
	if got := rowsText(t, db, "CALL import_files()"); strings.Join(got, ";") != "visits.day4.csv|visits|loaded|1|NULL" {
		t.Errorf("CALL import_files() with one new file: %q", got)
	}

	for _, name := range []string{"../secret.csv", filepath.Join(outside, "secret.csv"), "visits.link.csv", "visits/../../x.csv"} {
		_, err := db.Exec("CALL import_file(?)", name)
		wantErrNum(t, err, 1290, "import_file("+name+")")
	}
	_, err = db.Exec("CALL import_file('visits.nosuch.csv')")
	wantErrNum(t, err, 29, "import_file of a missing file")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM visits WHERE id = 666"); n != 0 {
		t.Errorf("a file outside the import directory was loaded")
	}
	if got := rowsText(t, db, "CALL import_file('visits.day1.csv')"); len(got) != 1 || !strings.HasPrefix(got[0], "visits.day1.csv|visits|skipped|0|") {
		t.Errorf("import_file of a loaded file: %q", got)
	}

	// A bad row rejects its file whole (1366) and the others still load.
	writeDrop(t, in, "visits.day5.csv", "id,page\nfive,/x\n")
	writeDrop(t, in, "visits.day6.csv", "id,page\n6,/y\n")
	_, err = db.Exec("CALL import_files()")
	wantErrNum(t, err, 1366, "a file with a bad row")
	if got := rowsText(t, db, "SELECT id FROM visits WHERE id >= 5 ORDER BY id"); strings.Join(got, ";") != "6" {
		t.Errorf("after a rejected file: %q", got)
	}

	// A taken primary key rejects its file whole with LOAD DATA's 1062
	// (ER_DUP_ENTRY, SQLSTATE 23000), in the error and in imported_files;
	// so does a key the file itself repeats.
	for _, tc := range []struct{ file, body, key string }{
		{"visits.day8.csv", "id,page\n8,/a\n2,/again\n", "2"},
		{"visits.day9.csv", "id,page\n9,/a\n9,/b\n", "9"},
	} {
		writeDrop(t, in, tc.file, tc.body)
		_, err = db.Exec("CALL import_file(?)", tc.file)
		want := "Duplicate entry '" + tc.key + "' for key 'visits.PRIMARY'"
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1062 || string(me.SQLState[:]) != "23000" || !strings.Contains(me.Message, want) {
			t.Errorf("import of %s: %v, want 1062 (23000) %q", tc.file, err, want)
		}
		if got := rowsText(t, db, "SELECT status, message FROM imported_files WHERE file = '"+tc.file+"'"); strings.Join(got, ";") != "failed|"+want {
			t.Errorf("imported_files of %s: %q", tc.file, got)
		}
	}
	if got := rowsText(t, db, "SELECT id, page FROM visits WHERE id >= 8 OR id = 2 ORDER BY id"); strings.Join(got, ";") != "2|/cart" {
		t.Errorf("after files rejected for taken keys: %q", got)
	}

	// The FILE privilege is needed.
	mustExec(t, db, "CREATE USER 'etl'@'%' IDENTIFIED BY 'etl-pw'")
	mustExec(t, db, "GRANT SELECT, INSERT, EXECUTE ON shop.* TO 'etl'@'%'")
	etl := s.open(t, "etl", "etl-pw", "shop")
	_, err = etl.Exec("CALL import_files()")
	wantErrNum(t, err, 1045, "import_files without FILE")
	mustExec(t, db, "GRANT FILE ON *.* TO 'etl'@'%'")
	writeDrop(t, in, "visits.day7.csv", "id,page\n7,/z\n")
	mustExec(t, etl, "CALL import_file('visits.day7.csv')")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM visits WHERE id = 7"); n != 1 {
		t.Errorf("etl's import did not load")
	}
}

// TestImportDirEvent: an event that calls import_files() loads files
// dropped while the server runs, each once.
func TestImportDirEvent(t *testing.T) {
	t.Parallel() // mostly waiting for the scheduler: run beside the others
	in := t.TempDir()
	s := startServer(t, serverOptions{Args: []string{"--import-dir", in}})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE visits (id INT PRIMARY KEY, page VARCHAR(100))")
	mustExec(t, db, "CREATE EVENT load_drops ON SCHEDULE EVERY 1 SECOND DO CALL import_files()")
	writeDrop(t, in, "visits.a.csv", "id,page\n1,/a\n")
	waitFor(t, db, 1, "SELECT COUNT(*) FROM visits")
	writeDrop(t, in, "visits.b.csv", "id,page\n2,/b\n3,/c\n")
	waitFor(t, db, 3, "SELECT COUNT(*) FROM visits")
	oks := queryInt(t, db, "SELECT COUNT(*) FROM event_runs WHERE event = 'load_drops' AND status = 'ok'")
	waitFor(t, db, oks+2, "SELECT COUNT(*) FROM event_runs WHERE event = 'load_drops' AND status = 'ok'")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM visits"); n != 3 {
		t.Errorf("files loaded more than once: %d rows, want 3", n)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM event_runs WHERE status <> 'ok'"); n != 0 {
		t.Errorf("%d import runs did not succeed", n)
	}
}

// TestExportDir: export_segment and export_query write CSV files into
// --export-dir only, replacing a previous export whole.
func TestExportDir(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	s := startServer(t, serverOptions{Args: []string{"--export-dir", out}})
	db := s.root(t, "shop")
	mustExec(t, db, `INSERT INTO customers (customer_id, email, first_name, last_name, country, signup_at, email_opt_in) VALUES
		(1, 'ana@example.com', 'Ana', 'Ruiz', 'DE', '2024-01-05 10:00:00', TRUE),
		(2, 'ben@example.com', 'Ben', 'Stone, Jr.', 'FR', '2024-02-01 09:30:00', FALSE),
		(3, 'cy@example.com', 'Cy', '', 'DE', '2024-03-10 18:45:00', TRUE)`)
	mustExec(t, db, "CALL create_segment('de', 'SELECT customer_id FROM customers WHERE country = ''DE''')")

	if got := rowsText(t, db, "CALL export_segment('de', 'de.csv')"); strings.Join(got, ";") != "de.csv|2" {
		t.Fatalf("CALL export_segment: %q", got)
	}
	want := "customer_id,email,first_name,last_name,gender,birth_date,country,city,signup_at,source,email_opt_in,updated_at,phone,postal_code\n" +
		"1,ana@example.com,Ana,Ruiz,,,DE,,2024-01-05 10:00:00,,1,,,\n" +
		"3,cy@example.com,Cy,\"\",,,DE,,2024-03-10 18:45:00,,1,,,\n"
	if b, err := os.ReadFile(filepath.Join(out, "de.csv")); err != nil || string(b) != want {
		t.Errorf("de.csv (%v):\n%s\nwant:\n%s", err, b, want)
	}

	mustExec(t, db, "CALL export_query('SELECT customer_id, last_name FROM customers WHERE country = ''FR''', 'de.csv')")
	if b, _ := os.ReadFile(filepath.Join(out, "de.csv")); string(b) != "customer_id,last_name\n2,\"Stone, Jr.\"\n" {
		t.Errorf("de.csv after a second export: %q", b)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 1 {
		t.Errorf("export dir holds %d entries, want 1 (no temporary files left)", len(ents))
	}

	for _, name := range []string{"../x.csv", filepath.Join(t.TempDir(), "x.csv"), ""} {
		_, err := db.Exec("CALL export_segment('de', ?)", name)
		wantErrNum(t, err, 1290, "export_segment to "+name)
	}
	_, err := db.Exec("CALL export_segment('de', 'no/such/dir.csv')")
	wantErrNum(t, err, 29, "export into a missing folder")
	_, err = db.Exec("CALL import_files()")
	wantErrNum(t, err, 1290, "import_files without --import-dir")

	// The query runs as the caller: no SELECT, no export.
	mustExec(t, db, "CREATE USER 'mk'@'%' IDENTIFIED BY 'mk-pw'")
	mustExec(t, db, "GRANT FILE ON *.* TO 'mk'@'%'")
	mustExec(t, db, "GRANT EXECUTE ON shop.* TO 'mk'@'%'")
	mk := s.open(t, "mk", "mk-pw", "shop")
	_, err = mk.Exec("CALL export_query('SELECT * FROM customers', 'mk.csv')")
	wantErrNum(t, err, 1142, "export_query without SELECT")
	if _, err := os.Stat(filepath.Join(out, "mk.csv")); err == nil {
		t.Errorf("a refused export left a file")
	}
}
