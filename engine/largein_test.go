package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// largeInRows is the fixture of TestLargeInAndOrChains: id 1..3000,
// n = id % 7 except NULL when id % 10 = 0, s = 's<id % 50>'.
const largeInRows = 3000

func largeInFixture(d *testDB) {
	d.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, n INT, s VARCHAR(10))")
	for lo := 1; lo <= largeInRows; lo += 500 {
		var b strings.Builder
		b.WriteString("INSERT INTO t VALUES ")
		for id := lo; id < lo+500; id++ {
			if id > lo {
				b.WriteByte(',')
			}
			n := fmt.Sprint(id % 7)
			if id%10 == 0 {
				n = "NULL"
			}
			fmt.Fprintf(&b, "(%d, %s, 's%d')", id, n, id%50)
		}
		d.exec(b.String())
	}
}

// list joins f(i) for i in [lo, hi) with sep.
func list(lo, hi int, sep string, f func(int) string) string {
	parts := make([]string, 0, hi-lo)
	for i := lo; i < hi; i++ {
		parts = append(parts, f(i))
	}
	return strings.Join(parts, sep)
}

// Counts are worked out from the fixture's definition, not by the engine:
// even ids up to 3000 are 1500; ids ≡ 3 (mod 7) with id % 10 ≠ 0 are
// 429 - 43 = 386 (429 ids ≡ 3 mod 7 in 1..3000; 43 of them ≡ 0 mod 10,
// i.e. ≡ 10 mod 70 → 10, 80, …, 2950); s = 's7' is ids ≡ 7 (mod 50): 60.
func TestLargeInAndOrChains(t *testing.T) {
	num := func(i int) string { return fmt.Sprint(i) }
	evens := list(1, 2001, ", ", func(i int) string { return num(2 * i) }) // 2..4000
	orIDs := list(0, 40, " OR ", func(i int) string { return fmt.Sprintf("id = %d", 2*i+1) })
	bigN := list(3, 1500, ", ", func(i int) string { return num(i * 7) }) + ", 3"
	strs := list(100, 1200, ", ", func(i int) string { return fmt.Sprintf("'s%d'", i) }) + ", 's7'"
	for _, mode := range []string{"1", "0"} {
		t.Run("vectorize="+mode, func(t *testing.T) {
			d := newTestDB(t)
			largeInFixture(d)
			d.exec("SET cohortdb_vectorize = " + mode)
			for i, s := range []step{
				{q: "SELECT COUNT(*) FROM t WHERE id IN (" + evens + ")", want: rows(r(1500))},
				{q: "SELECT COUNT(*) FROM t WHERE id IN (" + evens + ", NULL)", want: rows(r(1500))},
				// NOT IN with a NULL in the list is never true.
				{q: "SELECT COUNT(*) FROM t WHERE id NOT IN (" + evens + ", NULL)", want: rows(r(0))},
				{q: "SELECT COUNT(*) FROM t WHERE id NOT IN (" + evens + ")", want: rows(r(1500))},
				{q: "SELECT COUNT(*) FROM t WHERE n IN (" + bigN + ")", want: rows(r(386 + 0))},
				{q: "SELECT COUNT(*) FROM t WHERE s IN (" + strs + ")", want: rows(r(60))},
				// 40 odd ids 1..79, plus s = 's7' (ids 7, 57, 107, …: 60,
				// of which 7 and 57 are already among the odd ids).
				{q: "SELECT COUNT(*) FROM t WHERE " + orIDs + " OR s = 's7'", want: rows(r(40 + 60 - 2))},
				{q: "SELECT COUNT(*) FROM t WHERE " + orIDs + " OR id = NULL", want: rows(r(40))},
				// In a projection: NULL for the NULL n's, which SUM skips.
				{q: "SELECT SUM(n IN (" + bigN + ")), COUNT(n IN (" + bigN + ")) FROM t", want: rows(r(386, 2700))},
				{q: "SELECT id FROM t WHERE id IN (" + evens + ") AND id < 7 ORDER BY id", want: rows(r(2), r(4), r(6))},
			} {
				rs, err := d.query(s.q)
				if err != nil {
					t.Fatalf("query %d: %s", i, short(err.Error()))
				}
				if got, want := normRows(rs), normRows(s.want); got != want {
					t.Fatalf("query %d (%s): got %s, want %s", i, short(s.q), got, want)
				}
			}
		})
	}
}

// An OR chain of equalities on one column becomes an IN (a hash set from
// largeInMin literals); short chains and other disjuncts stay.
func TestRewriteOrChain(t *testing.T) {
	d := newTestDB(t)
	col := expression.NewGetFieldWithTable(0, 0, types.Int64, "db", "t", "id", false)
	other := expression.NewGetFieldWithTable(1, 0, types.Int64, "db", "t", "n", true)
	chain := func(n int) *expression.Or {
		var e = expression.NewEquals(col, expression.NewLiteral(int64(0), types.Int64))
		out := expression.NewOr(e, expression.NewEquals(other, expression.NewLiteral(int64(5), types.Int64)))
		for i := 1; i < n; i++ {
			out = expression.NewOr(out, expression.NewEquals(expression.NewLiteral(int64(i), types.Int64), col))
		}
		return out.(*expression.Or)
	}
	tests := []struct {
		n       int
		changed bool
		want    string // the type of the rewritten IN
	}{
		{5, false, ""},
		{orChainMin, true, "*expression.InTuple"},
		{largeInMin, true, "*engine.largeIn"},
	}
	for _, tc := range tests {
		e, changed, err := rewriteExpr(d.ctx(), chain(tc.n))
		if err != nil || changed != tc.changed {
			t.Fatalf("n=%d: changed %v, err %v", tc.n, changed, err)
		}
		if !changed {
			continue
		}
		disj := splitOr(e)
		if len(disj) != 2 || fmt.Sprintf("%T", disj[0]) != tc.want {
			t.Fatalf("n=%d: rewritten to %d disjuncts, first %T; want 2, %s", tc.n, len(disj), disj[0], tc.want)
		}
	}
}

// short keeps failure messages readable: the queries hold thousands of
// literals.
func short(s string) string {
	if len(s) > 200 {
		return s[:100] + " … " + s[len(s)-100:]
	}
	return s
}

// OR chains are folded in the syntax tree (orChainParser), before GMS's
// plan builder recurses along them: 100,000 terms, in parentheses under
// an AND, mixed with another column's equalities and a NULL, answer what
// the fixture says. Counts: odd ids among 1..3000 are 1500, of which
// those < 1000 are 500; s = 's8' is ids ≡ 8 (mod 50), 20 of them < 1000.
func TestHugeOrChains(t *testing.T) {
	d := newTestDB(t)
	largeInFixture(d)
	odd := list(0, 100_000, " OR ", func(i int) string { return fmt.Sprintf("id = %d", 2*i+1) })
	for i, s := range []step{
		{q: "SELECT COUNT(*) FROM t WHERE " + odd, want: rows(r(1500))},
		{q: "SELECT COUNT(*) FROM t WHERE id < 1000 AND (" + odd + " OR s = 's8' OR id = NULL)", want: rows(r(500 + 20))},
		{q: "SELECT COUNT(*) FROM t WHERE NOT (" + odd + ")", want: rows(r(1500))},
		{q: "SELECT COUNT(*) FROM t a JOIN t b ON a.id = b.id AND (" + strings.ReplaceAll(odd, "id =", "b.id =") + ")", want: rows(r(1500))},
		{q: "SELECT s, COUNT(*) FROM t GROUP BY s HAVING " + list(0, 100, " OR ", func(i int) string { return fmt.Sprintf("s = 's%d'", 2*i+1) }) + " ORDER BY s LIMIT 1", want: rows(r("s1", 60))},
	} {
		rs, err := d.query(s.q)
		if err != nil {
			t.Fatalf("query %d: %s", i, short(err.Error()))
		}
		if got, want := normRows(rs), normRows(s.want); got != want {
			t.Fatalf("query %d (%s): got %s, want %s", i, short(s.q), got, want)
		}
	}
}

// What orChainParser makes of a statement: chains of astOrChainMin
// equalities of one column become one IN, in WHERE, HAVING and ON, under
// AND, NOT and parentheses; shorter chains and other disjuncts stay.
func TestFoldOrChainsInSyntax(t *testing.T) {
	eqs := func(col string, n int) string {
		return list(0, n, " OR ", func(i int) string { return fmt.Sprintf("%s = %d", col, i) })
	}
	inList := func(col string, n int) string {
		return col + " in (" + list(0, n, ", ", func(i int) string { return fmt.Sprint(i) }) + ")"
	}
	p := orChainParser{Parser: sql.NewMysqlParser()}
	tests := []struct{ q, want string }{
		{"select 1 from t where " + eqs("a", 40), "select 1 from t where " + inList("a", 40)},
		{"select 1 from t where " + eqs("a", 5), "select 1 from t where " + strings.ReplaceAll(eqs("a", 5), "OR", "or")},
		{"select 1 from t where b > 2 and not (" + eqs("a", 40) + " or c = 'x')", "select 1 from t where b > 2 and not (" + inList("a", 40) + " or c = 'x')"},
		{"select 1 from t join u on t.a = u.a and (" + eqs("u.b", 33) + ")", "select 1 from t join u on t.a = u.a and (" + inList("u.b", 33) + ")"},
		{"select a from t group by a having " + eqs("a", 32) + " or a = null", "select a from t group by a having a in (" + list(0, 32, ", ", func(i int) string { return fmt.Sprint(i) }) + ", null)"},
		{"select 1 from t where " + eqs("a", 32) + " or -1 = b", "select 1 from t where " + inList("a", 32) + " or -1 = b"},
	}
	for _, tc := range tests {
		stmt, err := p.ParseSimple(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", short(tc.q), err)
		}
		if got := ast.String(stmt); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", short(tc.q), short(got), short(tc.want))
		}
	}
}

// TestLargePrimaryKeyInPlan: a primary-key IN list of 100,000 ids, its
// NOT IN, and an OR chain of as many equalities are planned as the hash
// set (largeIn, shown as "IN (n values)"), never as index ranges — GMS
// would build one range per id and compare every pair (a 100,000-id list
// took minutes before a row was read). A short list still uses the
// index, so the plan text is what tells the two apart.
func TestLargePrimaryKeyInPlan(t *testing.T) {
	d := newTestDB(t)
	largeInFixture(d)
	// The rewrite itself first: were it gone, planning the statements
	// below would take minutes rather than fail.
	col := expression.NewGetFieldWithTable(0, 0, types.Int64, "db", "t", "id", false)
	lits := make([]sql.Expression, 100_000)
	for i := range lits {
		lits[i] = expression.NewLiteral(int64(i), types.Int64)
	}
	in := expression.NewInTuple(col, expression.NewTuple(lits...))
	for _, e := range []sql.Expression{in, expression.NewNot(in)} {
		got, changed, err := rewriteExpr(d.ctx(), e)
		if err != nil || !changed || !strings.Contains(fmt.Sprintf("%T %s", got, got), "IN (100000 values)") {
			t.Fatalf("rewrite of %T over 100,000 ids: %T %s (changed %v, err %v), want the hash set", e, got, short(fmt.Sprint(got)), changed, err)
		}
	}
	ids := list(0, 100_000, ", ", func(i int) string { return fmt.Sprint(i) })
	chain := list(0, 100_000, " OR ", func(i int) string { return fmt.Sprintf("id = %d", i) })
	for _, tc := range []struct {
		name, where string
		want        []string // in the plan
		wantNot     []string // not in the plan
	}{
		{"short IN", "id IN (1, 2, 3)", []string{"IndexedTableAccess(t)", "{[1, 1]}"}, nil},
		{"IN", "id IN (" + ids + ")", []string{"(t.id IN (100000 values))"}, []string{"IndexedTableAccess", "{["}},
		{"NOT IN", "id NOT IN (" + ids + ")", []string{"NOT((t.id IN (100000 values)))"}, []string{"IndexedTableAccess", "{["}},
		{"IN under AND", "id IN (" + ids + ") AND n > 5", []string{"(t.id IN (100000 values))"}, []string{"IndexedTableAccess", "{["}},
		{"OR chain", chain, []string{"(t.id IN (100000 values))"}, []string{"IndexedTableAccess", "{[", " OR "}},
	} {
		plan := fmt.Sprint(d.exec("EXPLAIN PLAN SELECT * FROM t WHERE " + tc.where))
		for _, w := range tc.want {
			if !strings.Contains(plan, w) {
				t.Errorf("%s: the plan does not show %q:\n%s", tc.name, w, short(plan))
			}
		}
		for _, w := range tc.wantNot {
			if strings.Contains(plan, w) {
				t.Errorf("%s: the plan shows %q (index ranges or a chain), want the hash set:\n%s", tc.name, w, short(plan))
			}
		}
	}
}
