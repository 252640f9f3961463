package difftest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/server"
)

// StatementTimeout bounds each statement on each server; the shop is
// tiny, so a statement that takes longer is a hang worth reporting.
const StatementTimeout = 20 * time.Second

// Outcome is the comparison of one statement.
type Outcome struct {
	Stmt        Statement
	Diffs       []Diff
	Excused     []*Entry // per Diffs element, nil when unexplained
	Unexplained int
}

// Report is the comparison of a whole corpus against one oracle.
type Report struct {
	Against    string
	Statements int
	Outcomes   []Outcome      // statements with at least one difference
	Hits       map[*Entry]int // differences excused per entry
	Slowest    []Timing       // the slowest statements, slowest first
	Slow       []Timing       // every statement that took over a second
	total      time.Duration
}

// Timing is how long the slower of the two servers took on a statement.
type Timing struct {
	Stmt Statement
	Took time.Duration
}

func (r *Report) noteTime(st Statement, took time.Duration) {
	const keep = 5
	r.total += took
	if took > time.Second {
		r.Slow = append(r.Slow, Timing{st, took})
	}
	r.Slowest = append(r.Slowest, Timing{st, took})
	sort.Slice(r.Slowest, func(i, j int) bool { return r.Slowest[i].Took > r.Slowest[j].Took })
	if len(r.Slowest) > keep {
		r.Slowest = r.Slowest[:keep]
	}
}

// runBoth runs stmt on both servers at once (they share no state) and
// returns the answers and the longer of the two times.
func runBoth(ctx context.Context, ref, got *Session, stmt string) (want, have Result, took time.Duration) {
	start := time.Now()
	done := make(chan time.Duration, 1)
	go func() {
		want = ref.Run(ctx, stmt, StatementTimeout)
		done <- time.Since(start)
	}()
	have = got.Run(ctx, stmt, StatementTimeout)
	took = max(time.Since(start), <-done)
	return want, have, took
}

// Compare runs each statement on ref and got, in order, and compares
// the answers; allow excuses known differences.
func CompareAll(ctx context.Context, ref, got *Session, stmts []Statement, against string, allow *AllowList) *Report {
	rep := &Report{Against: against, Hits: map[*Entry]int{}}
	for _, st := range stmts {
		if ctx.Err() != nil {
			break
		}
		rep.Statements++
		want, have, took := runBoth(ctx, ref, got, st.SQL)
		rep.noteTime(st, took)
		opt := CompareOptions{Ordered: st.Ordered, MetaOnly: st.MetaOnly, Exact: against == AgainstVectorize}
		diffs := Compare(want, have, opt)
		if len(diffs) == 0 {
			continue
		}
		o := Outcome{Stmt: st, Diffs: diffs, Excused: make([]*Entry, len(diffs))}
		for i, d := range diffs {
			if e := allow.Find(st, against, d); e != nil {
				o.Excused[i] = e
				rep.Hits[e]++
			} else {
				o.Unexplained++
			}
		}
		rep.Outcomes = append(rep.Outcomes, o)
	}
	return rep
}

// Dump writes every difference as a JSON line (for triage with jq).
func (r *Report) Dump(path string) error {
	var b strings.Builder
	for _, o := range r.Outcomes {
		for i, d := range o.Diffs {
			entry := ""
			if o.Excused[i] != nil {
				entry = o.Excused[i].Name
			}
			line, _ := json.Marshal(map[string]any{"id": o.Stmt.ID(), "kind": d.Kind, "detail": d.Detail,
				"sql": o.Stmt.SQL, "features": o.Stmt.Features(), "entry": entry})
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// Unexplained lists the differences no entry excuses, one paragraph each.
func (r *Report) Unexplained() []string {
	var out []string
	for _, o := range r.Outcomes {
		for i, d := range o.Diffs {
			if o.Excused[i] == nil {
				out = append(out, fmt.Sprintf("%s [%s] %s\n    %s\n    features: %s",
					o.Stmt.ID(), d.Kind, oneLine(o.Stmt.SQL, 400), d.Detail, strings.Join(o.Stmt.Features(), "; ")))
			}
		}
	}
	return out
}

// Stale lists the entries for this oracle that excused nothing: the
// difference is gone (fixed), so the entry must go too.
func (r *Report) Stale(allow *AllowList) []string {
	var out []string
	for _, e := range allow.Entries {
		if e.Against == r.Against && r.Hits[e] == 0 {
			out = append(out, fmt.Sprintf("[%s] (line %d) excused nothing: drop it", e.Name, e.Line))
		}
	}
	return out
}

// Summary is a one-paragraph account: statements, differences, entries.
func (r *Report) Summary() string {
	var excused, unexplained int
	for _, o := range r.Outcomes {
		unexplained += o.Unexplained
		excused += len(o.Diffs) - o.Unexplained
	}
	var hits []string
	for e, n := range r.Hits {
		hits = append(hits, fmt.Sprintf("%s=%d", e.Name, n))
	}
	sort.Strings(hits)
	var slow []string
	for _, t := range r.Slowest {
		slow = append(slow, fmt.Sprintf("%s %v", t.Stmt.ID(), t.Took.Round(time.Millisecond)))
	}
	return fmt.Sprintf("against %s: %d statements, %d with differences; %d differences allow-listed, %d unexplained; entries hit: %s; slowest: %s",
		r.Against, r.Statements, len(r.Outcomes), excused, unexplained, strings.Join(hits, " "), strings.Join(slow, ", "))
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// Cohort is an in-process cohortdb server on a free loopback port over a
// fresh data directory: the canonical shop exists and is empty.
type Cohort struct {
	Addr     string
	Password string
	srv      *server.Server
	done     chan error
}

// StartCohort starts cohortdb's server over dataDir.
func StartCohort(dataDir string) (*Cohort, error) {
	const pw = "difftest"
	cfg := server.Config{DataDir: dataDir, Listen: "127.0.0.1:0", RootPassword: pw, ShutdownGrace: 5 * time.Second}
	srv, err := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, fmt.Errorf("start cohortdb: %w", err)
	}
	c := &Cohort{Addr: srv.Addr().String(), Password: pw, srv: srv, done: make(chan error, 1)}
	go func() { c.done <- srv.Serve() }()
	return c, nil
}

// Close shuts the server down.
func (c *Cohort) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := c.srv.Shutdown(ctx)
	<-c.done
	return err
}
