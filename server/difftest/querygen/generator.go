// Package querygen generates random SELECT statements over cohortdb's
// canonical shop schema (customers, orders, products, events), in the
// manner of SQLancer: joins of every kind MySQL has, GROUP BY / HAVING /
// WITH ROLLUP, window functions, subqueries (IN, EXISTS, scalar,
// derived), CTEs (recursive too), UNION, CASE and the date, string and
// numeric functions BI tools use, over NULL-heavy data.
//
// # Invariants
//
//   - Deterministic: the same seed yields the same statements, in order.
//   - Every statement is valid MySQL 8 under its default sql_mode
//     (ONLY_FULL_GROUP_BY included) over the canonical schema.
//   - Every statement's answer is a deterministic multiset of rows: LIMIT
//     comes only after an ORDER BY over every output column, and window
//     orderings end with the table's unique key. Query.Ordered says when
//     the row order is deterministic too.
//
// The differential harness (package difftest) runs the statements on
// cohortdb and MariaDB, and on cohortdb with vectorisation on and off.
package querygen

import (
	"math/rand/v2"
	"regexp"
)

// Query is one generated statement.
type Query struct {
	SQL     string
	Ordered bool // the row order is deterministic (ORDER BY over every column)
}

// Generator produces queries from a seed.
type Generator struct {
	r *rand.Rand
}

// New returns a generator; the same seed yields the same queries.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x636f686f7274))}
}

// shapes and their weights.
var shapes = []struct {
	weight int
	gen    func(*Generator) (string, bool)
}{
	{6, (*Generator).plainSelect},
	{6, (*Generator).aggregate},
	{3, (*Generator).window},
	{1, (*Generator).rankedAggregate},
	{3, (*Generator).subquery},
	{1, (*Generator).cte},
	{2, (*Generator).union},
	{1, (*Generator).recursive},
}

// positional matches an integer literal, which GROUP BY would read as a
// column position.
var positional = regexp.MustCompile(`(^|[ ,])-?\d+($|[ ,])`)

// Next returns the next query.
func (g *Generator) Next() Query {
	total := 0
	for _, s := range shapes {
		total += s.weight
	}
	n := g.r.IntN(total)
	for _, s := range shapes {
		if n -= s.weight; n < 0 {
			sql, ordered := s.gen(g)
			return Query{SQL: sql, Ordered: ordered}
		}
	}
	panic("unreachable")
}

// Queries returns the first n queries of seed.
func Queries(seed uint64, n int) []Query {
	g := New(seed)
	out := make([]Query, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}
