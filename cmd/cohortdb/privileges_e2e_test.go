package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/storage"
)

// The privilege matrix: every analytics table function, scalar and
// procedure, run over the wire by users with different grants, against
// what MySQL's rules say each user may do (docs/security.md): SELECT on
// every table a function reads (money: fx_rates and the settings row of
// the reporting currency), EXECUTE to CALL, INSERT and DELETE on the
// table a procedure writes, FILE for the drop-directory procedures;
// 1142 naming the table for a table, also in a database the user holds
// nothing in (MySQL checks table privileges table by table, as plain SQL
// here does), 1370 for a CALL without EXECUTE, 1044 only for
// introspection of a whole database (data_quality) the user holds nothing
// in, 1227 for a global privilege, 1045 for FILE. TestPrivilegeMatrixCoversEveryRoutine
// fails when a routine the engine registers has no case here.

// privCase is one statement and what it needs.
type privCase struct {
	q     string
	reads []string // tables of shop it reads (SELECT)
	proc  bool     // a CALL: EXECUTE, and INSERT+DELETE on what it writes
	// global is a global privilege it needs instead of table privileges
	// (PROCESS), or before them (FILE: the drop-directory procedures).
	global string
	// pure: it reads no table, so every account may call it.
	pure bool
	// partial: it reports what the caller may read (introspection), so
	// an account with some access to shop gets fewer rows, not an error.
	partial bool
	// okErr is an error that counts as allowed: the call got past its
	// privilege checks and was refused for its arguments (unmerge of a
	// record an earlier account's call already split).
	okErr uint16
	// noWrites: a procedure that writes no table (an export): EXECUTE
	// and its reads are enough.
	noWrites bool
}

var privCases = []privCase{
	{q: "SELECT * FROM rfm()", reads: []string{"orders", "events", "settings", "fx_rates"}},
	{q: "SELECT * FROM lifecycle()", reads: []string{"orders", "customers", "events", "settings", "fx_rates"}},
	{q: "SELECT * FROM customer_snapshot()", reads: []string{"orders", "customers", "events", "settings", "fx_rates"}},
	{q: "SELECT * FROM dimension_matrix()", reads: []string{"orders", "customers", "events", "settings", "fx_rates"}},
	{q: "SELECT * FROM new_vs_returning('2026-01-01', '2026-06-30')", reads: []string{"orders", "settings", "fx_rates"}},
	{q: "SELECT * FROM customer_events('2026-04-01', '2026-06-30')", reads: []string{"orders", "settings", "fx_rates"}},
	{q: "SELECT * FROM revenue_impact('2026-01-01', '2026-06-30')", reads: []string{"orders", "settings", "fx_rates"}},
	{q: "SELECT * FROM erfm_profile()", reads: []string{"orders", "events", "settings", "fx_rates"}},
	{q: "SELECT * FROM clv()", reads: []string{"orders", "clv_models", "settings", "fx_rates"}},
	{q: "SELECT * FROM clv_evaluate('2026-03-31', '2026-06-30')", reads: []string{"orders", "settings", "fx_rates"}},
	{q: "SELECT * FROM affinity_rules()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM top_products()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM predictive_affinity()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM predictive_affinity_report()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM recommendations(1, 3)", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM segment_recommendations('vip', 3)", reads: []string{"orders", "products", "settings", "segments", "fx_rates"}},
	{q: "SELECT * FROM replenishment()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM replenishment_intervals()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM segment_members('vip')", reads: []string{"segments"}},
	{q: "SELECT * FROM segment_groups('vip')", reads: []string{"segments"}},
	{q: "SELECT * FROM uplift('vip')", reads: []string{"segments", "orders", "settings", "fx_rates"}},
	{q: "SELECT in_segment(1, 'vip')", reads: []string{"segments"}},
	{q: "SELECT * FROM table_stats('shop', 'customers')", reads: []string{"customers"}},
	{q: "SELECT * FROM table_stats('shop', 'orders')", reads: []string{"orders"}},
	{q: "SELECT * FROM cohortdb_counters()", global: "PROCESS"},
	{q: "CALL shop.erfm_apply()", proc: true},
	{q: "CALL shop.erfm_reset()", proc: true},
	{q: "CALL shop.create_segment('w1', 'SELECT customer_id FROM shop.customers WHERE customer_id <= 50')", proc: true},
	{q: "CALL shop.refresh_segment('w1')", proc: true},
	{q: "CALL shop.create_control_group('w1', 10)", proc: true},
	{q: "CALL shop.drop_segment('w1')", proc: true, okErr: 1105}, // 1105: an earlier account dropped it
	{q: "CALL shop.clv_fit()", proc: true},
	{q: "CALL shop.affinity_set_level('category_1')", proc: true},
	{q: "SELECT * FROM top_products_by('stage', 'category_1', '2025-07-01', '2026-06-30', 3)", reads: []string{"orders", "products", "customers", "events", "settings", "fx_rates"}},
	{q: "SELECT * FROM abandoned_carts(24, '2026-06-30 12:00:00')", reads: []string{"events", "orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM session_stats('2026-06-01', '2026-06-30', 'device')", reads: []string{"events", "orders", "settings", "fx_rates"}},
	{q: "SELECT * FROM category_shift()", reads: []string{"orders", "products", "settings", "fx_rates"}},
	{q: "SELECT * FROM lead_score()", reads: []string{"events", "customers", "orders", "scoring_rules"}},
	{q: "SELECT * FROM lead_score_rules()", reads: []string{"events", "customers", "orders", "scoring_rules"}},
	{q: "SELECT * FROM sales_ready_leads()", reads: []string{"events", "customers", "orders", "scoring_rules"}},
	{q: "SELECT * FROM engagement_index()", reads: []string{"events", "customers", "orders", "scoring_rules"}},
	{q: "SELECT * FROM data_quality('shop')", partial: true},
	{q: "SELECT rfm_segment(5, 5, 5)", pure: true},
	{q: "CALL shop.unify()", proc: true},
	{q: "CALL shop.unmerge(900002)", proc: true, okErr: 1210},
	{q: "CALL shop.import_files()", proc: true, global: "FILE"},
	{q: "CALL shop.import_file('drops.1.csv')", proc: true, global: "FILE"},
	{q: "CALL shop.export_query('SELECT customer_id FROM customers', 'q.csv')", proc: true, global: "FILE", noWrites: true},
	{q: "CALL shop.export_segment('vip', 'vip.csv')", proc: true, global: "FILE", noWrites: true},
}

// privUser is an account, the database it connects to, and the outcome
// MySQL's rules give it for a case (0: allowed).
type privUser struct {
	name, db string
	grants   []string
	want     func(c privCase) uint16
	// readable: the tables of shop it may SELECT (nil: none).
	readable func(table string) bool
}

func privUsers() []privUser {
	tableUser := func(readable func(string) bool, execute, write, file bool) func(privCase) uint16 {
		return func(c privCase) uint16 {
			switch {
			case c.pure:
				return 0
			case c.global == "PROCESS":
				return 1227
			case c.proc && !execute: // CALL checks EXECUTE first
				return 1370
			case c.global == "FILE" && !file:
				return 1045
			case c.proc && !(write || c.noWrites):
				return 1142
			case c.partial:
				return 0
			}
			for _, t := range c.reads {
				if !readable(t) {
					return 1142
				}
			}
			return 0
		}
	}
	// noAccess is an account that holds nothing in shop: refused each
	// table (1142) and routine (1370) as one holding something there,
	// and the database itself (1044) only by introspection of it.
	noAccess := func(c privCase) uint16 {
		switch {
		case c.pure:
			return 0
		case c.global == "PROCESS":
			return 1227
		case c.proc:
			return 1370
		case c.partial:
			return 1044
		}
		return 1142
	}
	all := func(string) bool { return true }
	isCustomers := func(t string) bool { return t == "customers" }
	users := []privUser{
		{name: "nobody", db: "information_schema", want: noAccess},
		{name: "other_owner", db: "other", grants: []string{"ALL ON other.*"}, want: noAccess},
		// A global privilege makes every database visible (GMS, as
		// MySQL): introspection reports nothing of it, tables and
		// routines are refused one by one.
		{name: "ops", db: "information_schema", grants: []string{"PROCESS ON *.*"}, want: func(c privCase) uint16 {
			switch {
			case c.pure, c.global == "PROCESS", c.partial:
				return 0
			case c.proc:
				return 1370
			}
			return 1142
		}},
		{name: "cust", db: "shop", grants: []string{"SELECT ON shop.customers"}, readable: isCustomers,
			want: tableUser(isCustomers, false, false, false)},
		{name: "reader", db: "shop", grants: []string{"SELECT ON shop.*"}, readable: all, want: tableUser(all, false, false, false)},
		{name: "analyst", db: "shop", grants: []string{"SELECT, EXECUTE ON shop.*"}, readable: all, want: tableUser(all, true, false, false)},
		{name: "writer", db: "shop", grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"}, readable: all, want: tableUser(all, true, true, false)},
		// FILE alone opens no table: the drop-directory procedures still
		// need the table privileges of what they load or export.
		{name: "filer_ro", db: "shop", grants: []string{"FILE ON *.*", "SELECT, EXECUTE ON shop.*"}, readable: all, want: tableUser(all, true, false, true)},
		{name: "filer", db: "shop", grants: []string{"FILE ON *.*", "SELECT, INSERT, DELETE, EXECUTE ON shop.*"}, readable: all, want: tableUser(all, true, true, true)},
	}
	// One user per table of shop, with SELECT on every other table: each
	// function must need exactly the tables its case lists.
	for _, missing := range privTables {
		var grants []string
		for _, t := range privTables {
			if t != missing {
				grants = append(grants, "SELECT ON shop."+t)
			}
		}
		readable := func(t string) bool { return t != missing }
		users = append(users, privUser{name: "no_" + missing, db: "shop", grants: grants, readable: readable,
			want: tableUser(readable, false, false, false)})
	}
	return users
}

// privTables are the tables of the test shop (canonical ones and those
// the procedures create).
var privTables = []string{"customers", "orders", "products", "events", "fx_rates", "load_history", "segments", "settings", "clv_models", "scoring_rules"}

func TestPrivilegeMatrix(t *testing.T) {
	t.Parallel()
	importDir, exportDir := t.TempDir(), t.TempDir()
	s, root := rfmShop(t, 400, "--import-dir", importDir, "--export-dir", exportDir)
	mustExec(t, root, "CREATE DATABASE other")
	// Tables the procedures write exist already (so no CREATE is needed),
	// and a segment the functions read.
	mustExec(t, root, "CALL create_segment('vip', 'SELECT customer_id FROM shop.customers WHERE customer_id <= 100')")
	mustExec(t, root, "CALL create_control_group('vip', 20)")
	mustExec(t, root, "CALL erfm_apply()")
	// A 400-contact shop has fewer repeat customers than clv_fit asks
	// for by default: every session from here on (the users') accepts it.
	mustExec(t, root, "SET GLOBAL clv_min_repeat_customers = 10")
	fitSmallShop(t, root)
	mustExec(t, root, "CALL affinity_set_level('product')")
	// Two records of one person, merged by root's unify(), for unmerge.
	mustExec(t, root, "INSERT INTO customers (customer_id, email, signup_at) VALUES (900001, 'twice@example.org', '2025-01-01'), (900002, 'Twice@example.org', '2025-01-02')")
	mustExec(t, root, "CALL unify()")
	mustExec(t, root, "CREATE TABLE drops (id BIGINT PRIMARY KEY)")
	if err := os.WriteFile(filepath.Join(importDir, "drops.1.csv"), []byte("id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	users := privUsers()
	conns := map[string]*sql.DB{}
	for _, u := range users {
		mustExec(t, root, fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED BY 'pw'", u.name))
		for _, g := range u.grants {
			mustExec(t, root, fmt.Sprintf("GRANT %s TO '%s'@'%%'", g, u.name))
		}
		db := s.open(t, u.name, "pw", u.db)
		db.SetMaxOpenConns(1)
		conns[u.name] = db
	}
	for _, c := range privCases {
		for _, u := range users {
			want := u.want(c)
			rootRows, rootErr := 0, error(nil)
			if !c.proc { // procedures change state: only the users run them
				rootRows, rootErr = countRows(root, c.q)
			}
			var before []string
			if c.proc && want != 0 {
				before = rowsText(t, root, "SHOW TABLES FROM shop")
			}
			got, err := countRows(conns[u.name], c.q)
			switch {
			case want != 0:
				if mysqlErrNum(err) != want {
					t.Errorf("%s: %s: want error %d, got rows=%d err=%v", u.name, c.q, want, got, err)
				} else if problem := denialText(u, c, err); problem != "" {
					t.Errorf("%s: %s: %s", u.name, c.q, problem)
				}
				// A refused CALL changes nothing: not even a table of its
				// own (imported_files, settings, …) is created.
				if c.proc {
					if after := rowsText(t, root, "SHOW TABLES FROM shop"); !slices.Equal(before, after) {
						t.Errorf("%s: %s was refused but shop's tables went from %v to %v", u.name, c.q, before, after)
					}
				}
			case err != nil && (c.okErr == 0 || mysqlErrNum(err) != c.okErr):
				t.Errorf("%s: %s: want it allowed, got %v", u.name, c.q, err)
			case !c.proc && !c.partial && rootErr == nil && got != rootRows:
				t.Errorf("%s: %s: %d rows, root sees %d", u.name, c.q, got, rootRows)
			}
		}
	}
}

// denialText checks the text of u's refusal of c (err, of the number u's
// want gives) as MySQL words it: a 1142 of a read names SELECT and a table
// the case reads that u may not, a 1370 the routine called; "" when it is
// right.
func denialText(u privUser, c privCase, err error) string {
	msg := err.Error()
	switch mysqlErrNum(err) {
	case 1142:
		if c.proc {
			return "" // the table a procedure writes first; an import names its file too
		}
		m := regexp.MustCompile(`^Error 1142 \(42000\): (\w+) command denied to user '` + u.name + `'@'%' for table '(\w+)'$`).FindStringSubmatch(msg)
		switch {
		case m == nil:
			return "want MySQL's \"<command> command denied to user 'u'@'%' for table 't'\", got " + msg
		case m[1] != "SELECT":
			return "a read refused for " + m[1] + ": " + msg
		}
		if !slices.Contains(c.reads, m[2]) || u.readable != nil && u.readable(m[2]) {
			return fmt.Sprintf("names table %s, not one of %v the user may not read: %s", m[2], c.reads, msg)
		}
	case 1370:
		name := routineCall.FindStringSubmatch(c.q)[1]
		if want := "Error 1370 (42000): execute command denied to user '" + u.name + "'@'%' for routine 'shop." + name + "'"; msg != want {
			return "want " + want + ", got " + msg
		}
	}
	return ""
}

// routineCall finds the routine a case calls: the first name(…) after
// FROM, CALL or SELECT.
var routineCall = regexp.MustCompile(`(?i)(?:FROM|CALL|SELECT)\s+(?:shop\.)?(\w+)\(`)

// TestPrivilegeMatrixCoversEveryRoutine: every table function, procedure
// and analytics scalar the engine registers has a case in the matrix, so
// a routine added later cannot skip its privilege checks unnoticed.
func TestPrivilegeMatrixCoversEveryRoutine(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, c := range privCases {
		m := routineCall.FindStringSubmatch(c.q)
		if m == nil {
			t.Fatalf("case %q calls no routine", c.q)
		}
		covered[strings.ToLower(m[1])] = true
	}
	r := registeredRoutines(t)
	for _, names := range [][]string{r.TableFunctions, r.Procedures, r.Scalars} {
		for _, n := range names {
			if !covered[n] {
				t.Errorf("%s has no case in privCases (add one, with the tables it reads, and a row in docs/security.md)", n)
			}
		}
	}
}

// registeredRoutines is what the server's engine registers, from an
// engine built in-process on an empty store.
func registeredRoutines(t *testing.T) engine.Routines {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	eng, err := engine.New(st)
	if err != nil {
		t.Fatal(err)
	}
	r := eng.Routines()
	if len(r.TableFunctions) == 0 || len(r.Procedures) == 0 {
		t.Fatalf("the engine lists no routines: %+v", r)
	}
	return r
}

// countRows runs q and counts its rows.
func countRows(db *sql.DB, q string) (int, error) {
	rows, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// TestIntrospectionShowsOnlyWhatTheCallerMaySee: data_quality reports the
// tables the caller may read, nothing of a database the caller holds
// nothing in; table_stats of another database's table is refused; no
// refusal (table_stats, OPTIMIZE TABLE, CHECKSUM TABLE) tells whether a
// table exists.
func TestIntrospectionShowsOnlyWhatTheCallerMaySee(t *testing.T) {
	t.Parallel()
	s, root := rfmShop(t, 200)
	mustExec(t, root, "CREATE DATABASE other")
	mustExec(t, root, "CREATE TABLE other.secrets (id BIGINT PRIMARY KEY, email VARCHAR(64))")
	mustExec(t, root, "INSERT INTO other.secrets VALUES (1, 'a@example.com'), (2, 'z@example.com')")
	mustExec(t, root, "CREATE USER cust IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT SELECT ON shop.customers TO cust")
	cust := s.open(t, "cust", "pw", "shop")

	tables := map[string]bool{}
	rows := cells(t, cust, "SELECT DISTINCT table_name FROM data_quality('shop')")
	for _, r := range rows {
		tables[r[0]] = true
	}
	if len(tables) != 1 || !tables["customers"] {
		t.Errorf("cust's data_quality('shop') reports tables %v, want customers only", tables)
	}
	_, err := cust.Query("SELECT * FROM data_quality('other')")
	wantErrNum(t, err, 1044, "data_quality of a database cust has nothing in")
	_, err = cust.Query("SELECT * FROM table_stats('other', 'secrets')")
	wantErrNum(t, err, 1142, "table_stats of another database's table") // as MySQL's SELECT of it
	_, err = cust.Query("SELECT * FROM table_stats('shop', 'no_such_table')")
	wantErrNum(t, err, 1142, "table_stats of a table cust may not read (missing or not)")
	if got := cells(t, root, "SELECT max_value FROM table_stats('other', 'secrets') WHERE column_name = 'email'"); got[0][0] != "z@example.com" {
		t.Errorf("root's table_stats of other.secrets: %v", got)
	}

	// Statements cohortdb answers before GMS parses them check the
	// privileges before they look the table up, as MySQL does: cust gets
	// the same refusal for a table that exists and one that does not.
	for _, q := range []string{
		"OPTIMIZE TABLE shop.orders", "OPTIMIZE TABLE shop.nosuch", "OPTIMIZE TABLE nosuch",
		"ANALYZE TABLE shop.orders", "ANALYZE TABLE shop.nosuch", "ANALYZE TABLE nosuch",
		"CHECKSUM TABLE shop.orders", "CHECKSUM TABLE shop.nosuch",
	} {
		_, err := countRows(cust, q)
		wantErrNum(t, err, 1142, q+" by cust (existing or not)")
	}
	// A caller who may is told the table does not exist, in the rows.
	for _, op := range []string{"optimize", "analyze"} {
		if got := cells(t, root, op+" TABLE shop.nosuch"); fmt.Sprint(got) != "[[shop.nosuch "+op+" Error Table 'shop.nosuch' doesn't exist] [shop.nosuch "+op+" status Operation failed]]" {
			t.Errorf("root's %s TABLE of a missing table: %v", op, got)
		}
	}
	if got := cells(t, root, "CHECKSUM TABLE shop.nosuch"); fmt.Sprint(got) != "[[shop.nosuch NULL]]" {
		t.Errorf("root's CHECKSUM TABLE of a missing table: %v", got)
	}
	// OPTIMIZE TABLE checks every table before it compacts the first: a
	// statement refused for its second table compacts none.
	mustExec(t, root, "CREATE USER opt IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT SELECT, INSERT ON shop.customers TO opt")
	compactions := queryInt(t, root, "SELECT COUNT(*) FROM compaction_history")
	_, err = countRows(s.open(t, "opt", "pw", "shop"), "OPTIMIZE TABLE customers, orders")
	wantErrNum(t, err, 1142, "OPTIMIZE TABLE of a table opt may change and one it may not")
	if n := queryInt(t, root, "SELECT COUNT(*) FROM compaction_history"); n != compactions {
		t.Errorf("a refused OPTIMIZE TABLE compacted: compaction_history went from %d to %d rows", compactions, n)
	}
}

// TestProcedureDenialChangesNothing: a segment procedure refused for a
// missing privilege leaves the stored segment and its row as they were.
func TestProcedureDenialChangesNothing(t *testing.T) {
	t.Parallel()
	s, root := rfmShop(t, 200)
	mustExec(t, root, "CALL create_segment('vip', 'SELECT customer_id FROM shop.customers WHERE customer_id <= 10')")
	mustExec(t, root, "CREATE USER half IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT SELECT, DELETE, EXECUTE ON shop.* TO half") // no INSERT
	half := s.open(t, "half", "pw", "shop")
	before := cells(t, root, "SELECT name, size FROM segments")
	for _, q := range []string{
		"CALL drop_segment('vip')",
		"CALL create_segment('vip', 'SELECT customer_id FROM shop.customers')",
		"CALL create_control_group('vip', 50)",
	} {
		_, err := half.Exec(q)
		wantErrNum(t, err, 1142, q)
		if !strings.Contains(err.Error(), "INSERT command denied") || !strings.Contains(err.Error(), "'segments'") {
			t.Errorf("%s: %v, want INSERT denied on segments", q, err)
		}
	}
	sameTable(t, "segments after refused procedures", cells(t, root, "SELECT name, size FROM segments"), before)
	if n := queryInt(t, root, "SELECT COUNT(*) FROM segment_members('vip')"); n != 10 {
		t.Errorf("vip has %d members after refused procedures, want 10", n)
	}
}

// TestFirstSegmentNeedsCreate: the first segment of a database creates
// the segments table, which needs CREATE; the denial keeps its code
// through the procedure (it used to reach the client as 1105).
func TestFirstSegmentNeedsCreate(t *testing.T) {
	t.Parallel()
	s, root := rfmShop(t, 100)
	mustExec(t, root, "CREATE USER seg IDENTIFIED BY 'pw'")
	mustExec(t, root, "GRANT SELECT, INSERT, DELETE, EXECUTE ON shop.* TO seg")
	seg := s.open(t, "seg", "pw", "shop")
	_, err := seg.Exec("CALL create_segment('first', 'SELECT customer_id FROM customers')")
	wantErrNum(t, err, 1142, "the first segment without CREATE")
	_, err = root.Query("SELECT * FROM segment_members('first')")
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("a refused first segment was stored: %v", err)
	}
	mustExec(t, root, "GRANT CREATE ON shop.* TO seg")
	mustExec(t, seg, "CALL create_segment('first', 'SELECT customer_id FROM customers')")
}

// TestRefusedCallChangesNothing: a procedure checks every privilege its
// writes need before its first write, so a refused CALL leaves nothing
// behind — no table created for a write then refused (settings, the
// tables of unify() unseeded), no segment stored whose row of segments
// could not be written. Each account here holds CREATE, or the rights to
// write, but not all the call needs; the matrix (TestPrivilegeMatrix)
// covers accounts refused outright, on a shop whose tables exist.
// The checks come before the work too: on this shop without orders,
// clv_fit and erfm_apply would fail for want of data, and the segment
// query names a missing table, so a call that did its work before
// checking CREATE would answer with the work's error (1105, 1146), not
// the refusal. unmerge checks before it looks for customer_links, so an
// account without its privileges gets 1142, not "run unify() first",
// whether unify() ever ran or not.
func TestRefusedCallChangesNothing(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	root := s.root(t, "shop")
	// A segments table of a build without the column saved: create_segment
	// adds it (ALTER) before it stores anything.
	legacySegments := "CREATE TABLE segments (name VARCHAR(64) NOT NULL, `sql` TEXT NOT NULL, size BIGINT NOT NULL, " +
		"refreshed_at DATETIME(6) NOT NULL, control_percent DOUBLE, control_seed BIGINT, PRIMARY KEY (name))"
	cases := []struct {
		name   string
		setup  []string // as root, before
		grants []string
		call   string
		// stored is what root finds after the call if it stored something
		// anyway ("" when the tables say it all).
		stored string
		// denied is the refusal's message, %s the account ("" for any).
		denied string
	}{
		{name: "clv_fit", grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"}, call: "CALL clv_fit()",
			denied: "CREATE command denied to user '%s'@'%%' for table 'clv_models'"},
		{name: "erfm_apply", grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"}, call: "CALL erfm_apply()",
			denied: "CREATE command denied to user '%s'@'%%' for table 'settings'"},
		{name: "erfm_reset without CREATE", grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"}, call: "CALL erfm_reset()",
			denied: "CREATE command denied to user '%s'@'%%' for table 'settings'"},
		{name: "affinity_set_level without CREATE", grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"}, call: "CALL affinity_set_level('product')",
			denied: "CREATE command denied to user '%s'@'%%' for table 'settings'"},
		{name: "first segment", grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"},
			call:   "CALL create_segment('first', 'SELECT customer_id FROM shop.no_such_table')",
			denied: "CREATE command denied to user '%s'@'%%' for table 'segments'"},
		{name: "unmerge", grants: []string{"SELECT, EXECUTE ON shop.*"}, call: "CALL unmerge(1)",
			denied: "INSERT, DELETE command denied to user '%s'@'%%' for table 'unify_exclusions'"},
		{name: "unmerge (may add exclusions)", grants: []string{"SELECT, EXECUTE ON shop.*", "INSERT, DELETE ON shop.unify_exclusions"},
			call: "CALL unmerge(1)", denied: "INSERT, DELETE command denied to user '%s'@'%%' for table 'customer_links'"},
		{name: "erfm_reset", grants: []string{"SELECT, CREATE, EXECUTE ON shop.*"}, call: "CALL erfm_reset()"},
		{name: "affinity_set_level", grants: []string{"SELECT, CREATE, EXECUTE ON shop.*"}, call: "CALL affinity_set_level('product')"},
		{name: "unify", grants: []string{"SELECT, CREATE, EXECUTE ON shop.*",
			"INSERT, DELETE ON shop.customer_links", "INSERT, DELETE ON shop.unified_customers", "INSERT, DELETE ON shop.visitor_links"},
			call: "CALL unify()"},
		{name: "create_segment", setup: []string{legacySegments}, grants: []string{"SELECT, INSERT, DELETE, EXECUTE ON shop.*"},
			call: "CALL create_segment('refused', 'SELECT customer_id FROM shop.customers')", stored: "SELECT * FROM segment_members('refused')"},
	}
	for i, c := range cases {
		for _, q := range c.setup {
			mustExec(t, root, q)
		}
		user := fmt.Sprintf("refused%d", i)
		mustExec(t, root, fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED BY 'pw'", user))
		for _, g := range c.grants {
			mustExec(t, root, fmt.Sprintf("GRANT %s TO '%s'@'%%'", g, user))
		}
		db := s.open(t, user, "pw", "shop")
		before := rowsText(t, root, "SHOW TABLES FROM shop")
		_, err := db.Exec(c.call)
		wantErrNum(t, err, 1142, c.name+" by an account short of a privilege")
		if want := fmt.Sprintf(c.denied, user); c.denied != "" && !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", c.name, err, want)
		}
		if after := rowsText(t, root, "SHOW TABLES FROM shop"); !slices.Equal(before, after) {
			t.Errorf("%s: refused, but shop's tables went from %v to %v", c.name, before, after)
		}
		if c.stored != "" {
			if _, err := countRows(root, c.stored); err == nil {
				t.Errorf("%s: refused, but %s answers", c.name, c.stored)
			}
		}
	}
}
