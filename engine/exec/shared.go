package exec

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// sharedSource is a derived table (a CTE, typically) that one query
// reads more than once, as a self-join of a CTE does: the first reader's
// Open computes it, and every reader serves the same batches. MySQL
// materialises a CTE once too.
type sharedSource struct {
	p   *Pipeline
	mu  sync.Mutex
	out Source
	n   int
	// pruned: its pipeline was pruned (for every column: readers differ).
	pruned bool
}

func (s *sharedSource) Types() []ColType { return s.p.Types() }

func (s *sharedSource) Open(ctx *sql.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.out == nil {
		out, err := s.p.Run(ctx, &collectSink{types: s.p.Types()})
		if err != nil {
			return 0, err
		}
		n, err := out.Open(ctx)
		if err != nil {
			return 0, err
		}
		s.out, s.n = out, n
	}
	return s.n, nil
}

func (s *sharedSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	return s.out.Run(ctx, m, fn)
}

func (s *sharedSource) Explain(tp *sql.TreePrinter) {
	sub := sql.NewTreePrinter()
	s.p.Explain(sub)
	_ = tp.WriteNode("Shared")
	tp.WriteChildren(sub.String())
}

// repeatedDerived counts the derived tables of n by their query, and the
// aggregates and windows in n by their plan: one that occurs more than
// once, and is worth computing once (it aggregates, sorts or joins), is
// shared between its readers (derived tables', and aggregates and
// windows inside them).
func repeatedDerived(n sql.Node) map[string]int {
	seen := map[string]int{}
	transform.Inspect(n, func(n sql.Node) bool {
		key := ""
		switch n := n.(type) {
		case *plan.SubqueryAlias:
			if worthSharing(n.Child) {
				key = sql.DebugString(n.Child)
			}
		case *plan.Window, *plan.GroupBy:
			if worthSharing(n) {
				key = shareKey(n)
			}
		}
		if key == "" {
			return true
		}
		seen[key]++
		// A repeat is compiled once, with what it holds: its insides
		// count once.
		return seen[key] == 1
	})
	return seen
}

// shareKey is the key of an aggregate or window node among the derived
// tables' queries: its plan, marked apart from a derived table's.
func shareKey(n sql.Node) string {
	return "node\x00" + sql.DebugString(n)
}

// worthSharing reports whether n does more than read a table: its result
// is cheaper to keep than to compute again. A non-deterministic
// expression (RAND()) keeps each reader its own.
func worthSharing(n sql.Node) bool {
	breaker, nondet := false, false
	transform.Inspect(n, func(n sql.Node) bool {
		switch n.(type) {
		case *plan.GroupBy, *plan.Distinct, *plan.OrderedDistinct, *plan.Window, *plan.JoinNode, *plan.Sort, *plan.TopN:
			breaker = true
		}
		if ex, ok := n.(sql.Expressioner); ok {
			for _, e := range ex.Expressions() {
				sql.Inspect(e, func(e sql.Expression) bool {
					if d, ok := e.(sql.NonDeterministicExpression); ok && d.IsNonDeterministic() {
						nondet = true
					}
					return !nondet
				})
			}
		}
		return !nondet
	})
	return breaker && !nondet
}
