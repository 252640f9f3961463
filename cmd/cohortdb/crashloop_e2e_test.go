package main

// Crash loops: the server is killed (SIGKILL) again and again while every
// write path is busy — autocommit INSERT, UPDATE and DELETE, explicit
// transactions, LOAD DATA LOCAL — and the offline importer is killed in
// the middle of its imports. After each crash the data must equal the
// reference of acknowledged writes, with the one statement (or
// transaction, or load) that was in flight at the kill either wholly there
// or wholly absent. COHORTDB_CRASH_TRIALS sets the number of trials of
// each loop (make test-long: 100; make test: a few, of the writes only —
// the importer's loop runs in make test-long alone); COHORTDB_CRASH_SEED
// the seed (the log names the one used).

import (
	"database/sql"
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

// kvOp is one write of a DML writer: an INSERT of new keys, an UPDATE
// or a DELETE of a key range.
type kvOp struct {
	kind   string // insert, update, delete
	keys   []int64
	vals   []int64
	lo, hi int64
}

func (o kvOp) sql() string {
	switch o.kind {
	case "insert":
		var b strings.Builder
		b.WriteString("INSERT INTO crash VALUES ")
		for i, k := range o.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%d, %d, '%s')", k, o.vals[i], strings.Repeat("p", int(k%60)))
		}
		return b.String()
	case "update":
		return fmt.Sprintf("UPDATE crash SET v = v + 1 WHERE k BETWEEN %d AND %d", o.lo, o.hi)
	default:
		return fmt.Sprintf("DELETE FROM crash WHERE k BETWEEN %d AND %d", o.lo, o.hi)
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
	default:
		for k := range s {
			if k >= o.lo && k <= o.hi {
				delete(s, k)
			}
		}
	}
}

// kvWriter writes into its own key space [base, base+1e9) of crash.
type kvWriter struct {
	id      int
	base    int64
	next    int64   // next new key (offset from base)
	acked   kvState // what acknowledged writes left
	pending []kvOp  // the statement or transaction in flight at the kill
	inTxns  int     // trials whose kill found a transaction in flight
	inStmts int     // … a statement in flight
}

func (w *kvWriter) newOp(rng *rand.Rand) kvOp {
	switch r := rng.IntN(10); {
	case r < 6 || w.next < 10:
		n := 1 + rng.IntN(40)
		op := kvOp{kind: "insert"}
		for range n {
			op.keys = append(op.keys, w.base+w.next)
			op.vals = append(op.vals, rng.Int64N(1000))
			w.next++
		}
		return op
	default:
		lo := w.base + rng.Int64N(w.next)
		op := kvOp{kind: "update", lo: lo, hi: lo + rng.Int64N(30)}
		if r == 9 {
			op.kind = "delete"
		}
		return op
	}
}

// run writes until a statement fails (the kill).
func (w *kvWriter) run(db *sql.DB, rng *rand.Rand) {
	w.pending = nil
	for {
		if rng.IntN(5) == 0 { // a transaction of a few writes
			ops := []kvOp{w.newOp(rng), w.newOp(rng), w.newOp(rng)}
			w.pending = ops
			tx, err := db.Begin()
			if err != nil {
				w.pending = nil // nothing was sent
				return
			}
			for _, op := range ops {
				if _, err = tx.Exec(op.sql()); err != nil {
					break
				}
			}
			if err == nil {
				err = tx.Commit()
			}
			if err != nil {
				tx.Rollback()
				w.inTxns++
				return
			}
		} else {
			op := w.newOp(rng)
			w.pending = []kvOp{op}
			if _, err := db.Exec(op.sql()); err != nil {
				w.inStmts++
				return
			}
		}
		for _, op := range w.pending {
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
	rows, err := db.Query("SELECT k, v FROM crash WHERE k >= ? AND k < ?", w.base, w.base+1_000_000_000)
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
		t.Fatalf("trial %d, writer %d: after the crash %d rows, %s; acknowledged %d rows; with the in-flight %v also %d rows",
			trial, w.id, len(got), kvDiff(got, w.acked), len(w.acked), kinds(w.pending), len(with))
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
	inLoads int
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
		_, err := db.Exec(fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE crashload FIELDS TERMINATED BY ',' IGNORE 1 LINES (k, v, pad)", p))
		if err != nil {
			l.inLoads++
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

// The server killed while writes of every kind are in flight.
func TestCrashLoopWrites(t *testing.T) {
	t.Parallel()
	trials, seed := crashSettings(t)
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE TABLE crash (k BIGINT PRIMARY KEY, v BIGINT, pad VARCHAR(100))")
	mustExec(t, db, "CREATE TABLE crashload (k BIGINT PRIMARY KEY, v BIGINT, pad VARCHAR(100))")
	writers := []*kvWriter{
		{id: 0, base: 0, acked: kvState{}},
		{id: 1, base: 1_000_000_000, acked: kvState{}},
		{id: 2, base: 2_000_000_000, acked: kvState{}},
	}
	loader := &loadWriter{dir: t.TempDir(), pending: -1}
	for trial := range trials {
		rng := rand.New(rand.NewPCG(seed, uint64(trial)))
		var wg sync.WaitGroup
		for _, w := range writers {
			wr := rand.New(rand.NewPCG(seed, uint64(trial*10+w.id+1)))
			wg.Add(1)
			go func() { defer wg.Done(); w.run(db, wr) }()
		}
		wg.Add(1)
		go func() { defer wg.Done(); loader.run(t, db) }()
		time.Sleep(time.Duration(50+rng.IntN(700)) * time.Millisecond) // any moment is a crash point
		s.kill(t)
		wg.Wait()
		db.Close()
		s.restart(t)
		db = s.root(t, "shop")
		for _, w := range writers {
			w.check(t, db, trial)
		}
		loader.check(t, db, trial)
	}
	var txns, stmts int
	for _, w := range writers {
		txns, stmts = txns+w.inTxns, stmts+w.inStmts
	}
	t.Logf("%d crashes: writes in flight at the kill: %d statements, %d transactions, %d loads; %d files loaded",
		trials, stmts, txns, loader.inLoads, loader.acked)
}

// The offline importer (cohortdb import) killed in the middle of its
// imports: each import is wholly there or wholly absent, the ones that
// exited 0 always there.
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
	acked, killed := map[int64]bool{}, 0 // imports that exited 0
	for trial := range trials {
		rng := rand.New(rand.NewPCG(seed, uint64(trial)))
		cmd := exec.Command(binPath, "import", "--data-dir", dataDir, "--table", "customers", "--file", file(trial), "--mode", "upsert")
		cmd.Env = cleanEnv()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		var err error
		select {
		case err = <-exited:
		case <-time.After(time.Duration(rng.IntN(3000)) * time.Millisecond):
			cmd.Process.Signal(syscall.SIGKILL)
			err = <-exited
		}
		if err == nil {
			acked[int64(trial)] = true
		} else {
			killed++
		}
		// Every few trials (and at the end) a server checks the data.
		if trial%5 != 4 && trial != trials-1 {
			continue
		}
		s := startServer(t, serverOptions{DataDir: dataDir})
		db := s.root(t, "")
		counts := map[int64]int64{}
		rows, qerr := db.Query(fmt.Sprintf("SELECT (customer_id - 1) DIV %d, COUNT(*) FROM shop.customers GROUP BY 1", rowsPer))
		if qerr != nil {
			t.Fatal(qerr)
		}
		for rows.Next() {
			var f, n int64
			rows.Scan(&f, &n)
			counts[f] = n
		}
		rows.Close()
		for f, n := range counts {
			if n != rowsPer {
				t.Fatalf("trial %d: import %d left %d of its %d rows", trial, f, n, rowsPer)
			}
		}
		for f := range acked {
			if counts[f] != rowsPer {
				t.Fatalf("trial %d: import %d exited 0 but has %d of its %d rows", trial, f, counts[f], rowsPer)
			}
		}
		s.stop(t)
	}
	t.Logf("%d imports: %d killed before they exited", trials, killed)
}
