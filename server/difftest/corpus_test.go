package difftest

import (
	"slices"
	"strings"
	"testing"
)

func TestParseCorpus(t *testing.T) {
	text := "-- a comment\n-- feature: client: X, type: Y\nSELECT 1;\n\n-- ordered\nSELECT a\n  FROM t;\n-- check: meta\nSELECT VERSION();\n"
	got, err := parseCorpus("f", text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Statement{
		{Source: "f", Line: 3, SQL: "SELECT 1", Tags: []string{"client: X", "type: Y"}},
		{Source: "f", Line: 6, SQL: "SELECT a\n  FROM t", Tags: []string{"client: X", "type: Y"}, Ordered: true},
		{Source: "f", Line: 9, SQL: "SELECT VERSION()", Tags: []string{"client: X", "type: Y"}, MetaOnly: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d statements, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Source != w.Source || g.Line != w.Line || g.SQL != w.SQL || !slices.Equal(g.Tags, w.Tags) || g.Ordered != w.Ordered || g.MetaOnly != w.MetaOnly {
			t.Errorf("statement %d: got %+v, want %+v", i, g, w)
		}
	}
	if _, err := parseCorpus("f", "SELECT 1\n"); err == nil {
		t.Error("a statement without ';' parsed")
	}
}

func TestDetectFeatures(t *testing.T) {
	cases := []struct {
		sql  string
		want []string
		not  []string
	}{
		{"SELECT a FROM t LEFT JOIN u ON t.x = u.x", []string{"statement: SELECT", "clause: LEFT JOIN"}, []string{"clause: INNER JOIN"}},
		{"SELECT a FROM t JOIN u ON 1", []string{"clause: INNER JOIN"}, nil},
		{"/*!40101 SET NAMES utf8mb4 */", []string{"statement: SET NAMES"}, nil},
		{"SELECT DATE_FORMAT(x, '%Y'), 'SUM(' FROM t", []string{"function: DATE_FORMAT"}, []string{"function: SUM"}},
		{"SELECT @@session.sql_mode", []string{"variable: @@sql_mode"}, []string{"clause: user variable"}},
		{"SELECT * FROM information_schema.columns", []string{"schema: information_schema.COLUMNS"}, nil},
		{"WITH RECURSIVE m AS (SELECT 1) SELECT * FROM m", []string{"statement: WITH", "clause: WITH RECURSIVE", "clause: WITH (CTE)"}, nil},
		{"SHOW FULL COLUMNS FROM t", []string{"statement: SHOW FULL COLUMNS"}, nil},
	}
	for _, c := range cases {
		got := DetectFeatures(c.sql)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: missing %q in %v", c.sql, w, got)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%s: unexpected %q", c.sql, n)
			}
		}
	}
}

func TestAllowListParse(t *testing.T) {
	good := "[a]\nfeature: function: SUM\nstatus: differs\nkinds: rows, type\nmatch: SUM\\(\nreason: why\n"
	a, err := ParseAllowList(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	st := Statement{SQL: "SELECT SUM(x) FROM t"}
	if a.Find(st, AgainstMariaDB, Diff{Kind: KindRows}) == nil || a.Find(st, AgainstMariaDB, Diff{Kind: KindError}) != nil ||
		a.Find(st, AgainstVectorize, Diff{Kind: KindRows}) != nil {
		t.Error("entry matching is wrong")
	}
	for _, bad := range []string{
		"[a]\nfeature: f\nstatus: differs\nkinds: rows\nreason: r\n",                                                                               // no match
		"[a]\nfeature: f\nstatus: maybe\nkinds: rows\nmatch: x\nreason: r\n",                                                                       // status
		"[a]\nfeature: f\nstatus: differs\nkinds: colour\nmatch: x\nreason: r\n",                                                                   // kind
		"[a]\nfeature: f\nstatus: differs\nkinds: rows\nmatch: x\nreason: r\n[a]\nfeature: f\nstatus: differs\nkinds: rows\nmatch: x\nreason: r\n", // twice
	} {
		if _, err := ParseAllowList(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted:\n%s", bad)
		}
	}
}

func TestCompare(t *testing.T) {
	dec := Column{Name: "s", Type: 0xf6, Length: 14, Decimals: 2}
	dbl := Column{Name: "s", Type: 0x05, Length: 22, Decimals: 31}
	kinds := func(ds []Diff) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Kind)
		}
		return out
	}
	cases := []struct {
		name      string
		want, got Result
		opt       CompareOptions
		kinds     []string
	}{
		{"same rows, other order", Result{Columns: []Column{dec}, Rows: [][]string{{"1.00"}, {"2.00"}}},
			Result{Columns: []Column{dec}, Rows: [][]string{{"2.00"}, {"1.00"}}}, CompareOptions{}, nil},
		{"ordered", Result{Columns: []Column{dec}, Rows: [][]string{{"1.00"}, {"2.00"}}},
			Result{Columns: []Column{dec}, Rows: [][]string{{"2.00"}, {"1.00"}}}, CompareOptions{Ordered: true}, []string{KindRows}},
		{"decimal as double", Result{Columns: []Column{dec}, Rows: [][]string{{"4045402.31"}}},
			Result{Columns: []Column{dbl}, Rows: [][]string{{"4.04540231e+06"}}}, CompareOptions{}, []string{KindType, KindLength, KindDecimals, KindRows}},
		{"doubles within 1e-9", Result{Columns: []Column{dbl}, Rows: [][]string{{"0.1"}}},
			Result{Columns: []Column{dbl}, Rows: [][]string{{"0.10000000000000002"}}}, CompareOptions{}, nil},
		{"doubles exact", Result{Columns: []Column{dbl}, Rows: [][]string{{"0.1"}}},
			Result{Columns: []Column{dbl}, Rows: [][]string{{"0.10000000000000002"}}}, CompareOptions{Exact: true}, []string{KindRows}},
		{"NULL vs 'NULL'", Result{Columns: []Column{dec}, Rows: [][]string{{Null}}},
			Result{Columns: []Column{dec}, Rows: [][]string{{"NULL"}}}, CompareOptions{}, []string{KindRows}},
		{"meta only", Result{Columns: []Column{dec}, Rows: [][]string{{"1"}}},
			Result{Columns: []Column{dec}, Rows: [][]string{{"2"}}}, CompareOptions{MetaOnly: true}, nil},
	}
	for _, c := range cases {
		if got := kinds(Compare(c.want, c.got, c.opt)); !slices.Equal(got, c.kinds) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.kinds)
		}
	}
}
