package harness

import (
	"strings"
	"testing"
	"time"
)

func TestParseQueryFile(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Query
		err        string
	}{
		{name: "one text, commentary before",
			text: "-- about the file\n\n-- query: B01 a title\nSELECT 1;\n",
			want: []Query{{ID: "B01", Title: "a title", Text: "SELECT 1"}}},
		{name: "ordered, duckdb text, two queries",
			text: "-- query: B01 first\n-- ordered\nSELECT a\nFROM t\nORDER BY a\n-- duckdb\nSELECT b FROM t ORDER BY b\n\n-- query: B02 second one\nSELECT 2\n",
			want: []Query{{ID: "B01", Title: "first", Ordered: true, Text: "SELECT a\nFROM t\nORDER BY a", DuckText: "SELECT b FROM t ORDER BY b"},
				{ID: "B02", Title: "second one", Text: "SELECT 2"}}},
		{name: "-- ordered inside the text is SQL",
			text: "-- query: B01 t\nSELECT 1\n-- ordered\n",
			want: []Query{{ID: "B01", Title: "t", Text: "SELECT 1\n-- ordered"}}},
		{name: "no title", text: "-- query: B01\nSELECT 1\n", err: "want -- query: ID title"},
		{name: "empty text", text: "-- query: B01 t\n\n-- query: B02 u\nSELECT 1\n", err: "query B01: empty text"},
		{name: "empty duckdb text", text: "-- query: B01 t\nSELECT 1\n-- duckdb\n", err: "query B01: empty text"},
		{name: "two duckdb texts", text: "-- query: B01 t\nSELECT 1\n-- duckdb\nSELECT 2\n-- duckdb\nSELECT 3\n", err: "second -- duckdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseQueryFile(tt.text)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d queries, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.ID != w.ID || g.Title != w.Title || g.Text != w.Text || g.DuckText != w.DuckText || g.Ordered != w.Ordered {
					t.Errorf("query %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// TestBreadthQueries checks the embedded set: it parses, has at least 30
// queries with distinct IDs, and a query compared in order orders its
// rows in both dialects.
func TestBreadthQueries(t *testing.T) {
	qs, err := breadthQueries()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 30 {
		t.Fatalf("%d breadth queries, want at least 30", len(qs))
	}
	for _, q := range qs {
		if q.Title == "" || q.Text == "" {
			t.Errorf("%s: empty title or text", q.ID)
		}
		if q.Ordered && (!strings.Contains(q.SQL(MySQL), "ORDER BY") || !strings.Contains(q.SQL(DuckDB), "ORDER BY")) {
			t.Errorf("%s: compared in order but has no ORDER BY", q.ID)
		}
	}
}

func TestQueryFilter(t *testing.T) {
	tests := []struct {
		flag    string
		in, out []string
		err     string
	}{
		{flag: "", in: []string{"Q1", "B01", "A5a"}},
		{flag: "Q5, B0*", in: []string{"Q5", "B01", "B09"}, out: []string{"Q1", "B10", "A5a"}},
		{flag: "A6", in: []string{"A6"}, out: []string{"A6f", "Q6"}},
		{flag: "Z99", err: "matches no query"},
		{flag: "B[", err: "syntax error"},
	}
	for _, tt := range tests {
		r := &Run{Config: Config{Queries: ParseQueryFilter(tt.flag)}}
		err := r.selectQueries()
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.flag, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.flag, err)
		}
		for _, id := range tt.in {
			if !r.selected(id) {
				t.Errorf("%q does not select %s", tt.flag, id)
			}
		}
		for _, id := range tt.out {
			if r.selected(id) {
				t.Errorf("%q selects %s", tt.flag, id)
			}
		}
	}
}

// TestBreadthTargets: the geometric mean is over the queries both systems
// answered; errors, timeouts and WRONG results miss the per-query target.
func TestBreadthTargets(t *testing.T) {
	ms := time.Millisecond
	r := &Run{Config: Config{Queries: []string{"Q1", "B0*"}, Timeout: time.Second}, Systems: []string{"DuckDB", "cohortdb"},
		Times: map[string]map[string]Timing{}}
	if err := r.selectQueries(); err != nil {
		t.Fatal(err)
	}
	for _, q := range r.enlargedSet() {
		r.Times[q.ID] = map[string]Timing{"DuckDB": {Median: 10 * ms, Runs: 1}, "cohortdb": {Median: 5 * ms, Runs: 1}}
	}
	r.Times["B01"]["cohortdb"] = Timing{Median: 40 * ms, Runs: 1} // 4×: over
	r.Times["B02"]["cohortdb"] = Timing{TimedOut: true}
	r.Times["B03"]["cohortdb"] = Timing{Err: "Error 1105: boom"}
	r.Times["B04"]["cohortdb"] = Timing{Mismatch: "1 rows, want 2"}
	var b strings.Builder
	r.writeBreadthTable(&b)
	rep := b.String()
	// Q1, B05-B09 at 0.5× and B01 at 4×: exp((6 ln 0.5 + ln 4) / 7) = 0.67;
	// with B02 at its timeout (1 s / 10 ms = 100×) over 8: 1.26.
	for _, want := range []string{
		"0.67× over the 7 queries both systems answered — **not met** while queries are unanswered",
		"at least 1.26× counting each timeout at its timeout",
		"1 over: B01 4.00×; 3 unanswered: B02 timeout, B03 error, B04 WRONG",
		"| B04 ", "**WRONG**", "- B03: error: Error 1105: boom", "- B02: timeout (> 1s)",
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
}

func TestFirstDifference(t *testing.T) {
	num := func(v float64) []Cell { return []Cell{{Num: v, IsNum: true}} }
	want := Result{Rows: [][]Cell{num(1), num(2), num(3)}}
	tests := []struct {
		got  [][]Cell
		diff string
	}{
		{got: [][]Cell{num(1), num(3)}, diff: "2 rows, want 3 (first difference at row 1: got [3], want [2])"},
		{got: [][]Cell{num(1), num(2)}, diff: "2 rows, want 3 (missing row 2: want [3])"},
		{got: [][]Cell{num(1), num(2), num(3), num(4)}, diff: "4 rows, want 3 (extra row 3: got [4])"},
		{got: [][]Cell{num(1), num(2), num(3.001)}},
	}
	for _, tt := range tests {
		if d := Diff(want, Result{Rows: tt.got}); d != tt.diff {
			t.Errorf("Diff(%v) = %q, want %q", tt.got, d, tt.diff)
		}
	}
}
