package main

// Crash loops: the server is killed (SIGKILL) again and again while every
// write path is busy — autocommit INSERT, UPDATE and DELETE, explicit
// transactions, LOAD DATA LOCAL, OPTIMIZE TABLE — and the offline
// importer is killed in the middle of its imports. After each crash the
// data must equal the reference of acknowledged writes, with the one
// statement (or transaction, or load) that was in flight at the kill
// either wholly there or wholly absent. COHORTDB_CRASH_TRIALS is the
// number of kills each path must have been in flight at (make test-long:
// 100; make test: 3, of the server's paths only — the importer's loop
// runs in make test-long alone): a loop goes on past that many kills when
// some missed a path, and fails when a path is still short after about
// twice as many; the log gives the count of each path. COHORTDB_CRASH_SEED
// is the seed (the log names the one used).

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func crashSettings(t *testing.T) (trials int, seed uint64) {
	trials, seed = 3, uint64(time.Now().UnixNano())
	if v, err := strconv.Atoi(os.Getenv("COHORTDB_CRASH_TRIALS")); err == nil && v > 0 {
		trials = v
	}
	if v, err := strconv.ParseUint(os.Getenv("COHORTDB_CRASH_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("crash loop: %d trials, COHORTDB_CRASH_SEED=%d", trials, seed)
	return trials, seed
}

// kvState is a writer's rows: key → value.
type kvState map[int64]int64

// The write paths TestCrashLoopWrites kills the server during. A path
// counts a trial when the kill finds one of its statements sent and not
// yet answered (by whichever writer: the DELETE writer's refills count as
// INSERTs); every path must count COHORTDB_CRASH_TRIALS of them.
var crashPaths = []string{"insert", "update", "delete", "transaction", "load", "optimize"}

// flight is the last statement a writer sent: its path, when it was
// sent, and when and how it failed (the kill, unless the test fails).
type flight struct {
	path   string
	sent   time.Time
	failed time.Time
	err    error
}

func (f *flight) send(path string) { f.path, f.sent, f.err = path, time.Now(), nil }
func (f *flight) fail(err error)   { f.failed, f.err = time.Now(), err }

// kvOp is one write of a DML writer: an INSERT of new keys, an UPDATE
// or a DELETE of a key range, or an OPTIMIZE TABLE (which changes no row).
type kvOp struct {
	kind   string // insert, update, delete, optimize
	keys   []int64
	vals   []int64
	lo, hi int64
}

func (o kvOp) sql(table string) string {
	switch o.kind {
	case "insert":
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " VALUES ")
		for i, k := range o.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%d, %d, '%s')", k, o.vals[i], strings.Repeat("p", int(k%60)))
		}
		return b.String()
	case "update":
		return fmt.Sprintf("UPDATE %s SET v = v + 1 WHERE k BETWEEN %d AND %d", table, o.lo, o.hi)
	case "delete":
		return fmt.Sprintf("DELETE FROM %s WHERE k BETWEEN %d AND %d", table, o.lo, o.hi)
	default:
		return "OPTIMIZE TABLE " + table
	}
}

func (o kvOp) apply(s kvState) {
	switch o.kind {
	case "insert":
		for i, k := range o.keys {
			s[k] = o.vals[i]
		}
	case "update":
		for k := range s {
			if k >= o.lo && k <= o.hi {
				s[k]++
			}
		}
	case "delete":
		for k := range s {
			if k >= o.lo && k <= o.hi {
				delete(s, k)
			}
		}
	}
}

// kvWriter writes into its own key space [base, base+1e9) of table,
// through one write path: autocommit INSERTs, UPDATEs or DELETEs
// (refilling its rows with an INSERT now and then), transactions of
// mixed writes, or OPTIMIZE TABLE (of the INSERT writer's table).
type kvWriter struct {
	path      string
	table     string
	base      int64
	next      int64   // next new key (offset from base)
	cursor    int64   // delete: the keys below base+cursor are deleted
	acked     kvState // what acknowledged writes left
	pending   []kvOp  // the statement or transaction in flight at the kill
	last      flight
	conflicts int // writes answered 1213, OPTIMIZEs that gave up (nothing changed; the writer goes on)
}

func (w *kvWriter) insertOp(n int, rng *rand.Rand) kvOp {
	op := kvOp{kind: "insert"}
	for range n {
		op.keys = append(op.keys, w.base+w.next)
		op.vals = append(op.vals, rng.Int64N(1000))
		w.next++
	}
	return op
}

// seed gives an UPDATE or DELETE writer rows to change.
func (w *kvWriter) seed(t *testing.T, db *sql.DB, rng *rand.Rand) {
	op := w.insertOp(400, rng)
	mustExec(t, db, op.sql(w.table))
	op.apply(w.acked)
}

// mixedOp is a write of a transaction: mostly INSERTs.
func (w *kvWriter) mixedOp(rng *rand.Rand) kvOp {
	switch r := rng.IntN(10); {
	case r < 6 || w.next < 10:
		return w.insertOp(1+rng.IntN(40), rng)
	default:
		lo := w.base + rng.Int64N(w.next)
		op := kvOp{kind: "update", lo: lo, hi: lo + rng.Int64N(30)}
		if r == 9 {
			op.kind = "delete"
		}
		return op
	}
}

// nextOps is the next statement (or transaction) of w's path.
func (w *kvWriter) nextOps(rng *rand.Rand) []kvOp {
	switch w.path {
	case "insert":
		return []kvOp{w.insertOp(1+rng.IntN(40), rng)}
	case "update":
		lo := w.base + rng.Int64N(w.next)
		return []kvOp{{kind: "update", lo: lo, hi: lo + rng.Int64N(30)}}
	case "delete":
		if w.cursor+5 >= w.next {
			return []kvOp{w.insertOp(400, rng)}
		}
		n := 1 + rng.Int64N(5)
		op := kvOp{kind: "delete", lo: w.base + w.cursor, hi: w.base + w.cursor + n - 1}
		w.cursor += n
		return []kvOp{op}
	case "optimize":
		return []kvOp{{kind: "optimize"}}
	default: // transaction
		return []kvOp{w.mixedOp(rng), w.mixedOp(rng), w.mixedOp(rng)}
	}
}

// flightPath names the path a statement of ops counts for.
func (w *kvWriter) flightPath(ops []kvOp) string {
	if w.path == "transaction" {
		return w.path
	}
	return ops[0].kind
}

// exec runs ops: a transaction on the transaction path, else the one
// statement (an OPTIMIZE's rows must report it done).
func (w *kvWriter) exec(db *sql.DB, ops []kvOp) error {
	if w.path == "transaction" {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		for _, op := range ops {
			if _, err = tx.Exec(op.sql(w.table)); err != nil {
				break
			}
		}
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			tx.Rollback()
		}
		return err
	}
	if ops[0].kind != "optimize" {
		_, err := db.Exec(ops[0].sql(w.table))
		return err
	}
	rows, err := db.Query(ops[0].sql(w.table))
	if err != nil {
		return err
	}
	defer rows.Close()
	var msgs []string
	failed := false
	for rows.Next() {
		var tbl, op, typ, text string
		if err := rows.Scan(&tbl, &op, &typ, &text); err != nil {
			return err
		}
		msgs = append(msgs, typ+": "+text)
		failed = failed || typ == "error"
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if failed {
		if strings.Contains(strings.Join(msgs, " "), "the table changed while it was compacted") {
			return errCompactionConflict
		}
		return fmt.Errorf("OPTIMIZE TABLE %s answered %v", w.table, msgs)
	}
	return nil
}

// errCompactionConflict: OPTIMIZE TABLE met the background compactor
// and gave up, changing nothing (docs/storage.md); it is run again.
var errCompactionConflict = errors.New("compaction conflict")

// run writes until a statement fails (the kill).
func (w *kvWriter) run(db *sql.DB, rng *rand.Rand) {
	w.pending = nil
	for {
		ops := w.nextOps(rng)
		w.pending = ops
		w.last.send(w.flightPath(ops))
		if err := w.exec(db, ops); err != nil {
			if mysqlErrNum(err) == 1213 || errors.Is(err, errCompactionConflict) { // a compaction's conflict: nothing was written
				w.conflicts++
				w.pending = nil
				continue
			}
			w.last.fail(err)
			return
		}
		for _, op := range ops {
			op.apply(w.acked)
		}
		w.pending = nil
	}
}

// check compares the rows of w's key space with the reference: the
// acknowledged state, or that plus the whole in-flight write. It adopts
// what it found as the reference of the next trial.
func (w *kvWriter) check(t *testing.T, db *sql.DB, trial int) {
	t.Helper()
	got := kvState{}
	rows, err := db.Query("SELECT k, v FROM "+w.table+" WHERE k >= ? AND k < ?", w.base, w.base+1_000_000_000)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k, v int64
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		got[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	with := maps.Clone(w.acked)
	for _, op := range w.pending {
		op.apply(with)
	}
	switch {
	case maps.Equal(got, w.acked):
	case maps.Equal(got, with):
		w.acked = with
	default:
		t.Fatalf("trial %d, %s writer: after the crash %d rows, %s; acknowledged %d rows; with the in-flight %v also %d rows",
			trial, w.path, len(got), kvDiff(got, w.acked), len(w.acked), kinds(w.pending), len(with))
	}
	w.pending = nil
}

func kinds(ops []kvOp) []string {
	var out []string
	for _, o := range ops {
		out = append(out, o.kind)
	}
	return out
}

// kvDiff describes the first differences of got from want.
func kvDiff(got, want kvState) string {
	var d []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok {
			d = append(d, fmt.Sprintf("key %d missing", k))
		} else if g != want[k] {
			d = append(d, fmt.Sprintf("key %d = %d, want %d", k, g, want[k]))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			d = append(d, fmt.Sprintf("key %d not acknowledged", k))
		}
	}
	if len(d) > 5 {
		d = append(d[:5], "…")
	}
	return strings.Join(d, "; ")
}

// loadWriter loads CSV files of loadRows rows with fresh keys into
// crashload: file n holds keys [n·loadRows, (n+1)·loadRows).
type loadWriter struct {
	dir     string
	acked   int // files loaded: 0..acked-1
	pending int // the file in flight, or -1
	last    flight
}

const loadRows = 3000

func (l *loadWriter) file(t *testing.T, n int) string {
	p := filepath.Join(l.dir, fmt.Sprintf("load-%d.csv", n))
	var b strings.Builder
	b.WriteString("k,v,pad\n")
	for i := range loadRows {
		k := n*loadRows + i
		fmt.Fprintf(&b, "%d,%d,%s\n", k, k%977, strings.Repeat("q", k%50))
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Error(err)
	}
	return p
}

func (l *loadWriter) run(t *testing.T, db *sql.DB) {
	for n := l.acked; ; n++ {
		p := l.file(t, n)
		l.pending = n
		l.last.send("load")
		_, err := db.Exec(fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE crashload FIELDS TERMINATED BY ',' IGNORE 1 LINES (k, v, pad)", p))
		if err != nil {
			l.last.fail(err)
			return
		}
		l.acked, l.pending = n+1, -1
	}
}

// check: every acknowledged file whole, the one in flight whole or
// absent, nothing else.
func (l *loadWriter) check(t *testing.T, db *sql.DB, trial int) {
	t.Helper()
	counts := map[int64]int64{}
	rows, err := db.Query(fmt.Sprintf("SELECT k DIV %d, COUNT(*), CAST(SUM(v) AS SIGNED) FROM crashload GROUP BY 1", loadRows))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var f, n, sum int64
		if err := rows.Scan(&f, &n, &sum); err != nil {
			t.Fatal(err)
		}
		counts[f] = n
		want := int64(0)
		for i := range loadRows {
			want += (f*loadRows + int64(i)) % 977
		}
		if sum != want {
			t.Fatalf("trial %d: file %d loaded with SUM(v) = %d, want %d", trial, f, sum, want)
		}
	}
	rows.Close()
	for f := range l.acked {
		if counts[int64(f)] != loadRows {
			t.Fatalf("trial %d: acknowledged load %d has %d of %d rows", trial, f, counts[int64(f)], loadRows)
		}
	}
	if l.pending >= 0 {
		switch counts[int64(l.pending)] {
		case loadRows:
			l.acked = l.pending + 1
		case 0:
		default:
			t.Fatalf("trial %d: the load in flight left %d of its %d rows", trial, counts[int64(l.pending)], loadRows)
		}
	}
	for f, n := range counts {
		if f >= int64(l.acked) && n > 0 {
			t.Fatalf("trial %d: %d rows of load %d, which was never acknowledged", trial, n, f)
		}
	}
	l.pending = -1
}

// The server killed while writes of every kind are in flight: one writer
// a path, all at once, so that each kill finds (nearly) every path in
// flight. Kills go on until every path was in flight at trials of them.
func TestCrashLoopWrites(t *testing.T) {
	t.Parallel()
	trials, seed := crashSettings(t)
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	for _, table := range []string{"crash", "crashload", "crashopt"} {
		mustExec(t, db, "CREATE TABLE "+table+" (k BIGINT PRIMARY KEY, v BIGINT, pad VARCHAR(100))")
	}
	var writers []*kvWriter
	for i, path := range []string{"insert", "update", "delete", "transaction", "optimize"} {
		w := &kvWriter{path: path, table: "crash", base: int64(i) * 1_000_000_000, acked: kvState{}}
		if path == "insert" || path == "optimize" {
			// No DELETE there, so no compaction gives up; OPTIMIZE mostly
			// finds rows the INSERTs added since the last one to compact.
			w.table = "crashopt"
		}
		if path == "update" || path == "delete" {
			w.seed(t, db, rand.New(rand.NewPCG(seed, uint64(i))))
		}
		writers = append(writers, w)
	}
	loader := &loadWriter{dir: t.TempDir(), pending: -1}
	// A kill may find a writer between two statements: a few kills more
	// than trials make up for it; a path still short after them fails.
	inFlight, crashes := map[string]int{}, 0
	for ; crashes < 2*trials+3 && slices.ContainsFunc(crashPaths, func(p string) bool { return inFlight[p] < trials }); crashes++ {
		rng := rand.New(rand.NewPCG(seed, uint64(crashes)))
		var wg sync.WaitGroup
		for i, w := range writers {
			wr := rand.New(rand.NewPCG(seed, uint64(crashes*10+i+1)))
			wg.Go(func() { w.run(db, wr) })
		}
		wg.Go(func() { loader.run(t, db) })
		time.Sleep(time.Duration(50+rng.IntN(700)) * time.Millisecond) // any moment is a crash point
		killed := time.Now()
		s.kill(t)
		wg.Wait()
		db.Close()
		flights := []flight{loader.last}
		for _, w := range writers {
			flights = append(flights, w.last)
		}
		for _, f := range flights {
			switch {
			case f.err == nil || f.failed.Before(killed):
				t.Fatalf("crash %d: the %s writer failed before the kill: %v", crashes, f.path, f.err)
			case f.sent.Before(killed):
				inFlight[f.path]++
			}
		}
		s.restart(t)
		db = s.root(t, "shop")
		for _, w := range writers {
			w.check(t, db, crashes)
		}
		loader.check(t, db, crashes)
	}
	var counts []string
	conflicts := 0
	for _, p := range crashPaths {
		counts = append(counts, fmt.Sprintf("%s %d", p, inFlight[p]))
	}
	for _, w := range writers {
		conflicts += w.conflicts
	}
	t.Logf("%d crashes; the kills found in flight: %s; %d files loaded; %d writes or OPTIMIZEs met a compaction's conflict and went on",
		crashes, strings.Join(counts, ", "), loader.acked, conflicts)
	for _, p := range crashPaths {
		if inFlight[p] < trials {
			t.Errorf("%s was in flight at %d kills of %d, want %d (COHORTDB_CRASH_TRIALS)", p, inFlight[p], crashes, trials)
		}
	}
}

// The offline importer (cohortdb import) killed in the middle of its
// imports: each import is wholly there or wholly absent, the ones that
// exited 0 always there. The first import runs to its end; the kills
// fall within one and a half times the last whole import's time. An
// import that ends before its kill is no trial: imports go on until
// trials of them were killed.
func TestCrashLoopImport(t *testing.T) {
	t.Parallel()
	longOnly(t)
	trials, seed := crashSettings(t)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	const rowsPer = 20000
	file := func(n int) string {
		p := filepath.Join(dir, fmt.Sprintf("customers-%d.csv", n))
		var b strings.Builder
		b.WriteString("customer_id,email,signup_at\n")
		for i := range rowsPer {
			id := n*rowsPer + i + 1
			fmt.Fprintf(&b, "%d,c%d@example.com,2024-%02d-%02d\n", id, id, 1+id%12, 1+id%28)
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	check := func(n int, acked map[int64]bool) {
		s := startServer(t, serverOptions{DataDir: dataDir})
		db := s.root(t, "")
		counts := map[int64]int64{}
		rows, err := db.Query(fmt.Sprintf("SELECT (customer_id - 1) DIV %d, COUNT(*) FROM shop.customers GROUP BY 1", rowsPer))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var f, c int64
			if err := rows.Scan(&f, &c); err != nil {
				t.Fatal(err)
			}
			counts[f] = c
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		for f, c := range counts {
			if c != rowsPer {
				t.Fatalf("after import %d: import %d left %d of its %d rows", n, f, c, rowsPer)
			}
		}
		for f := range acked {
			if counts[f] != rowsPer {
				t.Fatalf("after import %d: import %d exited 0 but has %d of its %d rows", n, f, counts[f], rowsPer)
			}
		}
		s.stop(t)
	}
	acked, killed := map[int64]bool{}, 0 // imports that exited 0
	var took time.Duration               // of the last import that exited 0
	n := 0
	for ; n < 2*trials+4 && killed < trials; n++ {
		rng := rand.New(rand.NewPCG(seed, uint64(n)))
		cmd := exec.Command(binPath, "import", "--data-dir", dataDir, "--table", "customers", "--file", file(n), "--mode", "upsert")
		cmd.Env = cleanEnv()
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		began := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		var err error
		if n == 0 {
			err = <-exited
		} else {
			select {
			case err = <-exited:
			case <-time.After(time.Duration(rng.Int64N(int64(took) * 3 / 2))): // past the end now and then: the commit is a crash point too
				cmd.Process.Signal(syscall.SIGKILL)
				err = <-exited
			}
		}
		var exit *exec.ExitError
		switch {
		case err == nil:
			acked[int64(n)] = true
			took = time.Since(began)
			continue
		case errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL:
			killed++
		default:
			t.Fatalf("import %d: %v\n%s", n, err, out.String())
		}
		if killed%5 == 0 { // every few kills a server checks the data
			check(n, acked)
		}
	}
	check(n, acked)
	t.Logf("%d imports: %d killed, the others exited 0 (the last of them took %v)", n, killed, took)
	if killed < trials {
		t.Errorf("%d imports killed of %d, want %d (COHORTDB_CRASH_TRIALS)", killed, n, trials)
	}
}
