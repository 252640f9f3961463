package server

import (
	"testing"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// TestNormalizeTemporalParams: vitess's text of binary temporal
// parameters (see its parseStmtArgs) becomes MySQL's text.
func TestNormalizeTemporalParams(t *testing.T) {
	cases := []struct {
		typ      querypb.Type
		in, want string
	}{
		{sqltypes.Date, "2026-1-2", "2026-01-02"},
		{sqltypes.Date, "2026-1-2 0:0:0", "2026-01-02"}, // Connector/J's setDate: 7 bytes
		{sqltypes.Date, " ", "0000-00-00"},
		{sqltypes.Datetime, "2026-1-2 3:4:5", "2026-01-02 03:04:05"},
		{sqltypes.Datetime, "2026-12-31 23:59:59.500000", "2026-12-31 23:59:59.500000"},
		{sqltypes.Timestamp, "2026-1-2 3:4:5.5", "2026-01-02 03:04:05.000005"}, // 5 µs
		{sqltypes.Timestamp, "2026-1-2 3:4:5.0", "2026-01-02 03:04:05"},
		{sqltypes.Datetime, "2026-1-2", "2026-01-02 00:00:00"},
		{sqltypes.Time, "-27:3:4.250000", "-27:03:04.250000"},
		{sqltypes.Time, "1:2:3", "01:02:03"},
		{sqltypes.VarChar, "2026-1-2", "2026-1-2"}, // a string stays as sent
	}
	for _, c := range cases {
		p := &mysql.PrepareData{ParamsCount: 2, ParamsType: []int32{int32(c.typ), int32(sqltypes.Date)},
			BindVars: map[string]*querypb.BindVariable{
				"v1": sqltypes.StringBindVariable(c.in),
				"v2": sqltypes.NullBindVariable,
			}}
		normalizeTemporalParams(p)
		if got := string(p.BindVars["v1"].Value); got != c.want {
			t.Errorf("%v %q: got %q, want %q", c.typ, c.in, got, c.want)
		}
		if p.BindVars["v2"].Type != sqltypes.Null {
			t.Errorf("a NULL parameter changed: %v", p.BindVars["v2"])
		}
	}
}

// TestInlineTemporalParams: temporal parameters become typed literals in
// the statement, the others keep their order under new numbers.
func TestInlineTemporalParams(t *testing.T) {
	str := sqltypes.StringBindVariable
	cases := []struct {
		stmt  string
		types []querypb.Type
		vals  []*querypb.BindVariable
		want  string
		left  []string // the remaining parameters' values, in order
	}{
		{"SELECT ?", []querypb.Type{sqltypes.Date}, []*querypb.BindVariable{str("2026-01-02")},
			"SELECT CAST('2026-01-02' AS DATE) AS `?`", nil},
		{"SELECT * FROM rfm(?) WHERE customer_id = ? AND x > ?",
			[]querypb.Type{sqltypes.Datetime, sqltypes.Int64, sqltypes.Time},
			[]*querypb.BindVariable{str("2024-06-30 00:00:00"), sqltypes.Int64BindVariable(11), str("-27:03:04")},
			"SELECT * FROM rfm(CAST('2024-06-30 00:00:00' AS DATETIME)) WHERE customer_id = ? AND x > CAST('-27:03:04' AS TIME)", []string{"11"}},
		{"SELECT '?', `a?`, \"it''s ?\", ? -- ?\n, /* ? */ ?, 'a\\'?'",
			[]querypb.Type{sqltypes.VarChar, sqltypes.Timestamp},
			[]*querypb.BindVariable{str("x"), str("2026-01-02 03:04:05.500000")},
			"SELECT '?', `a?`, \"it''s ?\", ? -- ?\n, /* ? */ CAST('2026-01-02 03:04:05.500000' AS DATETIME(6)), 'a\\'?'", []string{"x"}},
		{"SELECT ?, ?", []querypb.Type{sqltypes.Date, sqltypes.Date},
			[]*querypb.BindVariable{sqltypes.NullBindVariable, str("0000-00-00")},
			"SELECT ?, ?", []string{"", "0000-00-00"}},
		{"SELECT ?", []querypb.Type{sqltypes.Date}, []*querypb.BindVariable{str("2026-01-02')--")},
			"SELECT ?", []string{"2026-01-02')--"}}, // not a normalised value: never inlined
	}
	cases = append(cases, cases[0])
	cases[len(cases)-1].stmt = "SELECT ? d, ?, (?) FROM t WHERE a = ?"
	cases[len(cases)-1].types = []querypb.Type{sqltypes.Date, sqltypes.Date, sqltypes.Date, sqltypes.Date}
	cases[len(cases)-1].vals = []*querypb.BindVariable{str("2026-01-02"), str("2026-01-02"), str("2026-01-02"), str("2026-01-02")}
	cases[len(cases)-1].want = "SELECT CAST('2026-01-02' AS DATE) d, CAST('2026-01-02' AS DATE) AS `?`, " +
		"(CAST('2026-01-02' AS DATE)) FROM t WHERE a = CAST('2026-01-02' AS DATE)"
	for _, c := range cases {
		p := &mysql.PrepareData{PrepareStmt: c.stmt, ParamsCount: uint16(len(c.types)),
			BindVars: map[string]*querypb.BindVariable{}}
		for i, typ := range c.types {
			p.ParamsType = append(p.ParamsType, int32(typ))
			p.BindVars["v"+string(rune('1'+i))] = c.vals[i]
		}
		q := inlineTemporalParams(p)
		if q.PrepareStmt != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.stmt, q.PrepareStmt, c.want)
		}
		if int(q.ParamsCount) != len(c.left) || len(q.BindVars) != len(c.left) {
			t.Errorf("%q: %d parameters left (%v), want %d", c.stmt, q.ParamsCount, q.BindVars, len(c.left))
			continue
		}
		for i, w := range c.left {
			if got := string(q.BindVars["v"+string(rune('1'+i))].Value); got != w {
				t.Errorf("%q: parameter %d = %q, want %q", c.stmt, i+1, got, w)
			}
		}
		if p.PrepareStmt != c.stmt {
			t.Errorf("the original statement changed: %q", p.PrepareStmt)
		}
	}
}
