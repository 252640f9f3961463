package difftest

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/server/difftest/querygen"
)

// The fixed-seed CI corpus: the files of testdata/corpus plus
// DefaultGenerated statements of seed DefaultSeed. `make test-long`
// (COHORTDB_DIFFTEST_N, COHORTDB_DIFFTEST_SEED,
// COHORTDB_DIFFTEST_DURATION) runs a longer soak with another seed.
const (
	DefaultSeed      = 20261202
	DefaultGenerated = 2000
	// DefaultVectorize is how many of them CI runs with vectorisation on
	// and off (the first ones of the same seed).
	DefaultVectorize = 1000
)

var (
	flagN        = flag.Int("difftest.n", envInt("COHORTDB_DIFFTEST_N", DefaultGenerated), "generated statements")
	flagSeed     = flag.Uint64("difftest.seed", uint64(envInt("COHORTDB_DIFFTEST_SEED", DefaultSeed)), "generator seed")
	flagDuration = flag.Duration("difftest.duration", envDuration("COHORTDB_DIFFTEST_DURATION", 0), "stop comparing after this long (0: no bound)")
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// fixedCorpus reports whether this run is CI's fixed corpus, where every
// allow-list entry must still be needed.
func fixedCorpus() bool {
	return *flagN == DefaultGenerated && *flagSeed == DefaultSeed && *flagDuration == 0
}

func loadAllowList(t *testing.T) *AllowList {
	t.Helper()
	f, err := os.Open("testdata/allowlist.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := ParseAllowList(f)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// corpus is the files of testdata/corpus, then the generated statements.
func corpus(t *testing.T, n int, seed uint64) []Statement {
	t.Helper()
	stmts, err := ReadCorpus(os.DirFS("testdata"), "corpus")
	if err != nil {
		t.Fatal(err)
	}
	return append(stmts, Generated(n, seed)...)
}

// Generated turns the generator's queries into statements.
func Generated(n int, seed uint64) []Statement {
	var out []Statement
	for i, q := range querygen.Queries(seed, n) {
		out = append(out, Statement{Source: "generated", Line: i + 1, SQL: q.SQL, Ordered: q.Ordered})
	}
	return out
}

// runContext bounds a comparison run by -difftest.duration.
func runContext(t *testing.T) context.Context {
	ctx := context.Background()
	if *flagDuration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *flagDuration)
		t.Cleanup(cancel)
	}
	return ctx
}

// startCohortShop starts cohortdb in-process with the shop loaded.
func startCohortShop(t *testing.T) *Cohort {
	t.Helper()
	c, err := StartCohort(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("cohortdb shutdown: %v", err)
		}
	})
	s := cohortSession(t, c, "cohortdb loader")
	defer s.Close()
	load(t, s, dataStatements(t))
	return c
}

func cohortSession(t *testing.T, c *Cohort, name string, setup ...string) *Session {
	t.Helper()
	s, err := NewSession(context.Background(), name, c.Addr, "root", c.Password, append([]string{"USE shop"}, setup...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func dataStatements(t *testing.T) []string {
	t.Helper()
	stmts, err := DataStatements()
	if err != nil {
		t.Fatal(err)
	}
	return stmts
}

func load(t *testing.T, s *Session, stmts []string) {
	t.Helper()
	for _, q := range stmts {
		if r := s.Run(context.Background(), q, time.Minute); r.Err != nil || r.Other != nil {
			t.Fatalf("%s: loading the shop: %s: %v %v", s.Name, oneLine(q, 200), r.Err, r.Other)
		}
	}
}

// checkReport fails the test on unexplained differences and, on the
// fixed corpus, on allow-list entries that excused nothing.
func checkReport(t *testing.T, rep *Report, allow *AllowList) {
	t.Helper()
	t.Log(rep.Summary())
	for _, s := range rep.Slow {
		t.Logf("slow: %s %v %s", s.Stmt.ID(), s.Took.Round(time.Millisecond), oneLine(s.Stmt.SQL, 300))
	}
	if path := os.Getenv("COHORTDB_DIFFTEST_DUMP"); path != "" {
		if err := rep.Dump(path); err != nil {
			t.Error(err)
		}
	}
	if un := rep.Unexplained(); len(un) > 0 {
		const show = 40
		msg := un
		if len(msg) > show {
			msg = msg[:show]
		}
		t.Errorf("%d differences not in testdata/allowlist.txt (fix them, or add an entry with a reason):\n%s",
			len(un), strings.Join(msg, "\n"))
	}
	if fixedCorpus() {
		if stale := rep.Stale(allow); len(stale) > 0 {
			t.Errorf("allow-list entries no longer needed (the difference is fixed):\n%s", strings.Join(stale, "\n"))
		}
	}
}

// TestMariaDBDiff compares cohortdb with MariaDB on the whole corpus.
func TestMariaDBDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("differential harness: skipped in -short mode")
	}
	ctx := context.Background()
	if skip := EnsureMariaDB(ctx); skip != "" {
		recordSkip("server/difftest TestMariaDBDiff: " + skip)
		t.Skip("differential harness against MariaDB: SKIPPED: " + skip)
	}
	allow := loadAllowList(t)
	stmts := corpus(t, *flagN, *flagSeed)
	start := time.Now()
	m, err := StartMariaDB(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	loader := mariaSession(t, m)
	load(t, loader, append(SchemaStatements(), dataStatements(t)...))
	loader.Close()
	maria := mariaSession(t, m, "USE shop")
	t.Logf("MariaDB started and loaded in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	c := startCohortShop(t)
	t.Logf("cohortdb started and loaded in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	defer func() { t.Logf("compared in %v", time.Since(start).Round(time.Millisecond)) }()
	cohort := cohortSession(t, c, "cohortdb")
	rep := CompareAll(runContext(t), maria, cohort, stmts, AgainstMariaDB, allow)
	checkReport(t, rep, allow)
}

// mariaSession connects to MariaDB as root with MySQL 8's default
// sql_mode and group_concat_max_len (1024; MariaDB's is 1M) — MySQL 8
// wins where the two differ.
func mariaSession(t *testing.T, m *MariaDB, setup ...string) *Session {
	t.Helper()
	s, err := NewSession(context.Background(), "mariadb", m.Addr, "root", "", append([]string{
		"SET SESSION sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
		"SET SESSION group_concat_max_len = 1024"},
		setup...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestVectorizeDiff compares cohortdb with itself: every generated
// statement with cohortdb_vectorize = 0 (GMS's executor) and = 1.
// Run it alone with: go test ./server/difftest -run TestVectorizeDiff
func TestVectorizeDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("vectorize diff: skipped in -short mode")
	}
	allow := loadAllowList(t)
	c := startCohortShop(t)
	off := cohortSession(t, c, "cohortdb vectorize=0", "SET cohortdb_vectorize = 0")
	on := cohortSession(t, c, "cohortdb vectorize=1", "SET cohortdb_vectorize = 1")
	n := *flagN
	if fixedCorpus() {
		n = DefaultVectorize // CI: a cheaper run; make test-long runs the soak
	}
	rep := CompareAll(runContext(t), off, on, Generated(n, *flagSeed), AgainstVectorize, allow)
	checkReport(t, rep, allow)
}

// recordSkip writes why a test skipped into $COHORTDB_SKIP_DIR, which
// `make test` lists at the end of its run.
func recordSkip(why string) {
	dir := os.Getenv("COHORTDB_SKIP_DIR")
	if dir == "" || os.MkdirAll(dir, 0o755) != nil {
		return
	}
	os.WriteFile(filepath.Join(dir, "server-difftest.txt"), []byte(why+"\n"), 0o644)
}
