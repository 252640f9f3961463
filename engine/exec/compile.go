package exec

import (
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// Resolver returns the batch source of a plan leaf the executor cannot
// see into (a cohortdb table scan); ok is false for any other node. A
// nil source with ok set keeps the node (and so its subtree's root) with
// GMS and the operators already planned.
type Resolver func(ctx *sql.Context, n sql.Node) (Source, bool)

// Compile turns a GMS plan subtree into a pipeline whose batches hold
// the subtree's schema column by column, or fails with an unsupported
// error for a subtree (or expression) it does not understand.
func Compile(ctx *sql.Context, n sql.Node, resolve Resolver) (*Pipeline, error) {
	c := &compiler{ctx: ctx, resolve: resolve, repeated: repeatedDerived(n), shared: map[string]*sharedSource{}}
	p, err := c.node(n)
	if err == nil {
		p.prune(nil)
	}
	return p, err
}

type compiler struct {
	ctx     *sql.Context
	resolve Resolver
	// lateral is the width of the probe rows in scope below a join's
	// build side (outside a derived table): GMS indexes the conditions
	// and probe keys of a join there as if those rows came first, so
	// they are shifted back by it (its fix_exec_indexes: a join's
	// expressions see its lateral scopes, filters and projections not).
	lateral int
	// repeated counts derived tables by their query; shared holds the
	// ones read more than once (shared.go).
	repeated map[string]int
	shared   map[string]*sharedSource
	// derived: compiling inside a derived table that reads no outer row.
	derived bool
}

// sharing compiles a subtree that the query may hold more than once
// (repeatedDerived counted it under key): the first occurrence compiles
// it into a source every occurrence reads.
func (c *compiler) sharing(key string, compile func() (*Pipeline, error)) (*Pipeline, error) {
	if c.repeated[key] < 2 {
		return compile()
	}
	if s, ok := c.shared[key]; ok {
		return &Pipeline{Src: s}, nil
	}
	p, err := compile()
	if err != nil {
		return nil, err
	}
	s := &sharedSource{p: p}
	c.shared[key] = s
	return &Pipeline{Src: s}, nil
}

// Aliased is a source EXPLAIN shows under the alias the query gives it
// (TableAlias(o) over its table, as GMS's own plan shows it).
type Aliased interface {
	SetAlias(name string)
}

// sourceOf is p's source when p is nothing else.
func sourceOf(p *Pipeline) Source {
	if p == nil || len(p.Ops) != 0 {
		return nil
	}
	return p.Src
}

func (c *compiler) node(n sql.Node) (*Pipeline, error) {
	if src, ok := c.resolve(c.ctx, n); ok {
		if src == nil {
			return nil, unsupported("%T kept by its own operator", n)
		}
		return &Pipeline{Src: src}, nil
	}
	switch n := n.(type) {
	case *plan.ResolvedTable:
		if plan.IsDualTable(n.Table) {
			return &Pipeline{Src: dualSource()}, nil
		}
	case *plan.TableAlias:
		p, err := c.node(n.Child)
		if a, ok := sourceOf(p).(Aliased); ok && err == nil {
			a.SetAlias(n.Name())
		}
		return p, err
	case *plan.SubqueryAlias:
		if n.OuterScopeVisibility || n.IsLateral {
			return nil, unsupported("correlated derived table %s", n.Name())
		}
		inner := *c
		inner.lateral, inner.derived = 0, true
		return inner.sharing(sql.DebugString(n.Child), func() (*Pipeline, error) { return inner.node(n.Child) })
	case *plan.Window, *plan.GroupBy:
		// Inside a derived table nothing reads an outer row: the same
		// aggregate or window under different filters (a CTE read twice,
		// its readers' conditions pushed into it) is computed once.
		if c.derived && c.lateral == 0 {
			inner := *c
			inner.derived = false
			return c.sharing(shareKey(n), func() (*Pipeline, error) { return inner.node(n) })
		}
	}
	switch n := n.(type) {
	case *plan.Filter:
		return c.filter(n.Child, n.Expression)
	case *plan.Having:
		return c.filter(n.Child, n.Cond)
	case *plan.Project:
		return c.project(n)
	case *plan.GroupBy:
		return c.groupBy(n)
	case *plan.Sort:
		return c.sort(n.Child, n.SortFields, -1, "Sort")
	case *plan.TopN:
		k, err := limitOf(n.Limit)
		if err != nil || n.CalcFoundRows {
			return nil, unsupported("TopN limit %s", n.Limit)
		}
		return c.sort(n.Child, n.Fields, k, "TopN")
	case *plan.Limit:
		return c.limit(n)
	case *plan.Distinct:
		return c.distinct(n.Child)
	case *plan.OrderedDistinct:
		return c.distinct(n.Child)
	case *plan.JoinNode:
		return c.join(n)
	case *plan.SetOp:
		return c.union(n)
	case *plan.Window:
		return c.window(n)
	case *plan.PrependNode:
		return c.prepend(n)
	}
	return nil, unsupported("node %T", n)
}

func (c *compiler) filter(child sql.Node, cond sql.Expression) (*Pipeline, error) {
	p, err := c.node(child)
	if err != nil {
		return nil, err
	}
	if n := len(p.Ops); n > 0 {
		if j, ok := p.Ops[n-1].(*joinSpec); ok {
			if j.absorb(cond) {
				return p, nil
			}
			j.unmatchedOnly(cond)
		}
	} else if j, ok := p.Src.(*swapJoin); ok {
		if j.s.absorb(cond) {
			return p, nil
		}
		j.s.unmatchedOnly(cond)
	}
	f, err := newFilter(p.Types(), cond)
	if err != nil {
		return nil, err
	}
	return p.then(f), nil
}

func (c *compiler) project(n *plan.Project) (*Pipeline, error) {
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	ps, err := newProject(p.Types(), reuseSubqueries(n.Projections, n.Child))
	if err != nil {
		return nil, err
	}
	return p.then(ps), nil
}

func (c *compiler) groupBy(n *plan.GroupBy) (*Pipeline, error) {
	if counted, ok := distinctAsGroups(n); ok {
		n = counted.(*plan.GroupBy)
	}
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	spec, err := newAggSpec(p.Types(), n.SelectedExprs, n.GroupByExprs)
	if err != nil {
		return nil, err
	}
	if eager, probe, err := c.eagerGroupBy(spec, p, n.SelectedExprs, n.GroupByExprs); eager != nil || err != nil {
		if err != nil {
			return nil, err
		}
		c.sizeKeys(spec, p)
		head, shown := eager.explain(probe)
		reads := readsOf(len(probe.Types()), eager.preSQL...)
		return &Pipeline{Src: &sinkSource{p: probe, sink: eager, name: "HashAggregate", details: append(slices.Clip(spec.texts), head), shown: shown, reads: reads}}, nil
	}
	spec.carry(p.dependentKeys(spec.keys))
	c.sizeKeys(spec, p)
	spec.pack = planPack(spec, func(col int) (lo, hi int64, ok bool) {
		lo, hi, _, ok = p.columnRange(c.ctx, col)
		return lo, hi, ok
	})
	details := spec.texts
	switch {
	case spec.pack != nil:
		details = append(slices.Clip(details), "packed: sorted")
	case spec.keyPack != nil:
		details = append(slices.Clip(details), "keys: packed")
	case spec.keyRanges != nil && planGrid(spec.keyTypes()[:len(spec.keys)-spec.carried], spec.keyRanges[:len(spec.keys)-spec.carried]) != nil:
		details = append(slices.Clip(details), "keys: grid")
	}
	if spec.packsDistinct() {
		details = append(slices.Clip(details), "distinct: packed")
	}
	reads := readsOf(len(p.Types()), n.SelectedExprs, n.GroupByExprs)
	return &Pipeline{Src: &sinkSource{p: p, sink: spec, name: "HashAggregate", details: details, reads: reads}}, nil
}

// joinKinds maps GMS's join operators to the executor's kinds; the
// physical choice GMS made (nested loop, hash, index lookup) does not
// matter, every equi-join runs as a hash join.
var joinKinds = map[plan.JoinType]struct {
	kind JoinKind
	opts JoinOpts
}{
	plan.JoinTypeInner:                     {JoinInner, JoinOpts{}},
	plan.JoinTypeHash:                      {JoinInner, JoinOpts{}},
	plan.JoinTypeLookup:                    {JoinInner, JoinOpts{}},
	plan.JoinTypeLeftOuter:                 {JoinLeft, JoinOpts{}},
	plan.JoinTypeLeftOuterHash:             {JoinLeft, JoinOpts{}},
	plan.JoinTypeLeftOuterLookup:           {JoinLeft, JoinOpts{}},
	plan.JoinTypeLeftOuterExcludeNulls:     {JoinLeft, JoinOpts{NullAware: true}},
	plan.JoinTypeLeftOuterHashExcludeNulls: {JoinLeft, JoinOpts{NullAware: true}},
	plan.JoinTypeSemi:                      {JoinSemi, JoinOpts{}},
	plan.JoinTypeSemiHash:                  {JoinSemi, JoinOpts{}},
	plan.JoinTypeSemiLookup:                {JoinSemi, JoinOpts{}},
	plan.JoinTypeAnti:                      {JoinAnti, JoinOpts{NullAware: true}},
	plan.JoinTypeAntiHash:                  {JoinAnti, JoinOpts{NullAware: true}},
	plan.JoinTypeAntiLookup:                {JoinAnti, JoinOpts{NullAware: true}},
	plan.JoinTypeRangeHeap:                 {JoinInner, JoinOpts{}},
	plan.JoinTypeLeftOuterRangeHeap:        {JoinLeft, JoinOpts{}},
	plan.JoinTypeCross:                     {JoinInner, JoinOpts{}},
	plan.JoinTypeCrossHash:                 {JoinInner, JoinOpts{}},
}

// distinct is a HashAggregate keyed on every column, without aggregates.
func (c *compiler) distinct(child sql.Node) (*Pipeline, error) {
	p, err := c.node(child)
	if err != nil {
		return nil, err
	}
	return c.distinctOf(p, child.Schema())
}

func (c *compiler) distinctOf(p *Pipeline, sch sql.Schema) (*Pipeline, error) {
	cols := make([]sql.Expression, len(sch))
	for i, col := range sch {
		cols[i] = expression.NewGetField(i, col.Type, col.Name, col.Nullable)
	}
	spec, err := newAggSpec(p.Types(), cols, cols)
	if err != nil {
		return nil, err
	}
	c.sizeKeys(spec, p)
	return &Pipeline{Src: &sinkSource{p: p, sink: spec, name: "Distinct", details: spec.texts[:len(cols)]}}, nil
}

func (c *compiler) join(n *plan.JoinNode) (*Pipeline, error) {
	k, ok := joinKinds[n.Op]
	if !ok {
		return nil, unsupported("join %s", n.Op)
	}
	n, err := c.unshifted(n)
	if err != nil {
		return nil, err
	}
	if k.opts.NullAware && rowEquality(n.JoinCond()) {
		// (a, b) NOT IN (SELECT x, y ...) is NULL, not TRUE, only when no
		// row is equal and some row's comparison is NULL: not one NULL key
		return nil, unsupported("NOT IN of a row")
	}
	k.opts.NullAware = k.opts.NullAware && fromNotIn(n)
	if n.Op.IsRange() {
		return c.equiJoin(unsortedRange(n), k.kind, k.opts)
	}
	switch {
	case n.Op.IsLookup():
		return c.lookupJoin(n, k.kind, k.opts)
	case n.Op.IsHash():
		return c.hashJoin(n, k.kind, k.opts)
	}
	return c.equiJoin(n, k.kind, k.opts)
}

// dualSource is the dual table of a SELECT without FROM: one row of
// its one (unread) column, so a projection of constants over it
// yields one row (UNION ALL of constant rows as a join's small side).
func dualSource() *Batches {
	t := ColType{Phys: PStr, SQL: types.LongText}
	return &Batches{types: []ColType{t}, bs: []*Batch{{N: 1, Cols: []*Vec{{T: t, S: []string{""}}}}}}
}

// unsortedRange is a range heap join (GMS's for `a.x >= b.lo AND a.x <
// b.hi`: both sides sorted, the ranges kept in a heap) without its sorts
// and heap: the executor joins it as any join without an equality,
// every pair of a probe batch with the small side's rows tested.
func unsortedRange(n *plan.JoinNode) *plan.JoinNode {
	unwrap := func(x sql.Node) sql.Node {
		for {
			switch y := x.(type) {
			case *plan.Sort:
				x = y.Child
			case *plan.RangeHeap:
				x = y.Child
			default:
				return x
			}
		}
	}
	m := *n
	l, r := unwrap(n.Left()), unwrap(n.Right())
	j, err := m.WithChildren(l, r)
	if err != nil {
		return n
	}
	return j.(*plan.JoinNode)
}

// unshifted returns n with its condition and hash probe keys indexed
// over its own rows, not behind the lateral probe rows GMS puts first.
func (c *compiler) unshifted(n *plan.JoinNode) (*plan.JoinNode, error) {
	if c.lateral == 0 {
		return n, nil
	}
	if !buildSideJoins {
		return nil, unsupported("join on a join's build side")
	}
	m := *n
	joined := append(append(sql.Schema{}, n.Left().Schema()...), n.Right().Schema()...)
	if cond := n.JoinCond(); cond != nil {
		e, err := c.rebased(cond, joined)
		if err != nil {
			return nil, err
		}
		m.Filter = e
	}
	if hl, ok := n.Right().(*plan.HashLookup); ok {
		h := *hl
		e, err := c.rebased(hl.LeftProbeKey, n.Left().Schema())
		if err != nil {
			return nil, err
		}
		h.LeftProbeKey = e
		j, err := m.WithChildren(n.Left(), &h)
		if err != nil {
			return nil, err
		}
		return j.(*plan.JoinNode), nil
	}
	return &m, nil
}

// buildSideJoins turns on compiling hash joins below a build side.
// Lookup joins there stay with GMS: re-indexing their keys by name gave a
// wrong (empty) answer in TestProfileMatchesSQL's Jenks partitions.
// Smallest case found: cls (s, e, ssd, cw, PRIMARY KEY (s, e)) holding
// every 1 ≤ s ≤ e ≤ 9, and
//
//	SELECT COUNT(*) FROM cls c0 JOIN cls c1 ON c1.s = c0.e + 1
//	  JOIN cls c2 ON c2.s = c1.e + 1 JOIN cls c3 ON c3.s = c2.e + 1
//	  JOIN cls c4 ON c4.s = c3.e + 1
//	  WHERE c0.s = 1 AND c4.e = 9 AND c0.cw >= 1
//
// answered 0, not 70: GMS plans a hash join whose build side is a chain
// of lookup joins starting from a static index range on c0 under the
// filter on c0.cw. Hash joins there (B41's EXISTS beside NOT EXISTS)
// compile, and answer NOT EXISTS right where GMS does not (its anti join
// treats NOT EXISTS as NOT IN: a NULL key in the subquery empties it).
const buildSideJoins = true

// rebased indexes e's columns over sch. GMS does not shift every join
// below a build side (a RIGHT JOIN turned around, say), so each column
// is checked by name: kept where it already names the column there,
// moved back by the lateral width where that names it, and otherwise
// the join stays with GMS.
func (c *compiler) rebased(e sql.Expression, sch sql.Schema) (sql.Expression, error) {
	var bad error
	out, _, _ := transform.Expr(e, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		gf, ok := e.(*expression.GetField)
		if !ok {
			return e, transform.SameTree, nil
		}
		names := func(i int) bool {
			return i >= 0 && i < len(sch) && strings.EqualFold(sch[i].Name, gf.Name()) &&
				strings.EqualFold(sch[i].Source, gf.Table())
		}
		switch i := gf.Index(); {
		case names(i) && names(i-c.lateral):
			bad = unsupported("join column %s: shifted or not is ambiguous", gf)
		case names(i):
		case names(i - c.lateral):
			return gf.WithIndex(i - c.lateral), transform.NewTree, nil
		default:
			bad = unsupported("join column %s not found at %d", gf, i)
		}
		return e, transform.SameTree, nil
	})
	return out, bad
}

// fromNotIn tells NOT IN (subquery) from NOT EXISTS in the anti joins
// GMS makes of both (and treats alike, as NOT IN): unnesting NOT IN
// joins on one equality between the outer expression (left) and the
// subquery's single projected column (right), which NOT EXISTS's
// unprojected subquery does not have.
func fromNotIn(n *plan.JoinNode) bool {
	right := n.Right()
	if hl, ok := right.(*plan.HashLookup); ok {
		right = hl.Child
	}
	p, ok := right.(*plan.Project)
	if !ok || len(p.Projections) != 1 {
		return false
	}
	eq, ok := n.JoinCond().(*expression.Equals)
	nl := len(n.Left().Schema())
	// The outer expression may be a constant (NULL NOT IN (…)).
	ls := sideOf(eq.Left(), nl)
	return ok && (ls == sideLeft || ls == sideNone) && sideOf(eq.Right(), nl) == sideRight
}

// hashJoin keeps the keys GMS chose for its hash join.
func (c *compiler) hashJoin(n *plan.JoinNode, kind JoinKind, opts JoinOpts) (*Pipeline, error) {
	hl, ok := n.Right().(*plan.HashLookup)
	if !ok {
		return nil, unsupported("hash join without a HashLookup (%T)", n.Right())
	}
	left, build, err := c.sides(n.Left(), hl.Child)
	if err != nil {
		return nil, err
	}
	lk, rk, cond, build, err := buildFilters(kind, opts, tupleItems(hl.LeftProbeKey), tupleItems(hl.RightEntryKey), n.JoinCond(), len(left.Types()), build)
	if err != nil {
		return nil, err
	}
	j, err := newJoin(kind, opts, left.Types(), build, expression.NewTuple(lk...), expression.NewTuple(rk...), cond)
	if err != nil {
		return nil, err
	}
	return c.joinSide(left, j), nil
}

// buildFilters moves what a join's ON condition asks of the build side
// alone — a key whose probe side is a constant ((c.id, 'email_click') =
// (e.customer_id, e.type)), a conjunct over build columns only — into a
// filter on the build side, so the hash table holds only the rows that
// can match (a LEFT JOIN of events ON … AND e.type = 'email_click' built
// all 38.7M events). Rows the filter drops could not have matched, so
// inner, left, semi and anti (NOT EXISTS) joins answer the same; NOT
// IN's null-aware joins keep everything (a NULL among the candidates
// matters to them). One key stays a key.
func buildFilters(kind JoinKind, opts JoinOpts, lk, rk []sql.Expression, cond sql.Expression, nl int, build *Pipeline) ([]sql.Expression, []sql.Expression, sql.Expression, *Pipeline, error) {
	if opts.NullAware || len(lk) != len(rk) {
		return lk, rk, cond, build, nil
	}
	var pushed, keepL, keepR []sql.Expression
	for i := range lk {
		if _, lit := lk[i].(*expression.Literal); lit && len(lk)-len(pushed) > 1 {
			pushed = append(pushed, expression.NewEquals(rk[i], lk[i]))
			continue
		}
		keepL, keepR = append(keepL, lk[i]), append(keepR, rk[i])
	}
	var rest []sql.Expression
	if cond != nil {
		for _, e := range expression.SplitConjunction(cond) {
			if sideOf(e, nl) == sideRight && pushable(e) {
				if x := shiftFields(e, -nl); !slices.ContainsFunc(pushed, func(p sql.Expression) bool { return p.String() == x.String() }) {
					pushed = append(pushed, x)
				}
				continue
			}
			rest = append(rest, e)
		}
	}
	if len(pushed) == 0 {
		return lk, rk, cond, build, nil
	}
	f, err := newFilter(build.Types(), expression.JoinAnd(pushed...))
	if err != nil {
		if IsUnsupported(err) {
			return lk, rk, cond, build, nil
		}
		return nil, nil, nil, nil, err
	}
	var nc sql.Expression
	if len(rest) > 0 {
		nc = expression.JoinAnd(rest...)
	}
	return keepL, keepR, nc, build.then(f), nil
}

// pushable reports whether a condition may be evaluated earlier than
// written: deterministic and without subqueries (which may read the
// probe row) or session values.
func pushable(e sql.Expression) bool {
	ok := true
	sql.Inspect(e, func(x sql.Expression) bool {
		switch x := x.(type) {
		case *plan.Subquery, *expression.BindVar, *expression.UserVar, *expression.ProcedureParam:
			ok = false
		case sql.NonDeterministicExpression:
			if x.IsNonDeterministic() {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// equiJoin runs a join GMS left as a nested loop (a range or other
// non-equi condition beside the equalities in ON, say) as a hash join on
// the condition's equalities between the two sides; the other conjuncts
// are its residual condition.
func (c *compiler) equiJoin(n *plan.JoinNode, kind JoinKind, opts JoinOpts) (*Pipeline, error) {
	nl := len(n.Left().Schema())
	lk, rk, rest := equiKeys(n.JoinCond(), nl)
	if len(lk) == 0 {
		// No equality (a scalar subquery's comparison GMS unnested into
		// a semi join, a range join to a small table): every build row
		// is in the one group of a constant key, so each probe row meets
		// all of them and the condition, evaluated on the pairs in
		// chunks, decides.
		one := expression.NewLiteral(int64(1), types.Int64)
		lk, rk = []sql.Expression{one}, []sql.Expression{one}
	}
	left, build, err := c.sides(n.Left(), n.Right())
	if err != nil {
		return nil, err
	}
	lk, rk, cond, build, err := buildFilters(kind, opts, lk, rk, expression.JoinAnd(rest...), len(left.Types()), build)
	if err != nil {
		return nil, err
	}
	j, err := newJoin(kind, opts, left.Types(), build, expression.NewTuple(lk...), expression.NewTuple(rk...), cond)
	if err != nil {
		return nil, err
	}
	return c.joinSide(left, j), nil
}

// sides compiles a join's probe (left) and build (right) inputs.
func (c *compiler) sides(probe, build sql.Node) (*Pipeline, *Pipeline, error) {
	left, err := c.node(probe)
	if err != nil {
		return nil, nil, err
	}
	bc := *c
	bc.lateral += len(probe.Schema())
	right, err := bc.node(build)
	if err != nil {
		return nil, nil, err
	}
	return left, right, nil
}

// equiKeys splits a join condition over the joined row (nl left
// columns first) into equalities between the sides — the left
// expressions and the right ones re-indexed to the right side's row —
// and the other conjuncts.
func equiKeys(cond sql.Expression, nl int) (lk, rk, rest []sql.Expression) {
	if cond == nil {
		return nil, nil, nil
	}
	for _, e := range rowConjuncts(cond) {
		eq, ok := e.(*expression.Equals)
		if !ok {
			rest = append(rest, e)
			continue
		}
		l, r := eq.Left(), eq.Right()
		switch ls, rs := sideOf(l, nl), sideOf(r, nl); {
		case ls == sideLeft && rs == sideRight:
		case ls == sideRight && rs == sideLeft:
			l, r = r, l
		default:
			rest = append(rest, e)
			continue
		}
		lk, rk = append(lk, l), append(rk, shiftFields(r, -nl))
	}
	return lk, rk, rest
}

// rowConjuncts is cond's conjuncts with each equality of two rows,
// (a, b) = (x, y), as the equalities of their fields, a = x and b = y:
// MySQL defines it so (a NULL field makes both NULL), and GMS unnests
// (a, b) IN (SELECT x, y ...) into a join on the rows.
func rowConjuncts(cond sql.Expression) []sql.Expression {
	var out []sql.Expression
	for _, e := range expression.SplitConjunction(cond) {
		out = appendRowEquals(out, e)
	}
	return out
}

// rowEquality reports whether cond compares rows: (a, b) = (x, y).
func rowEquality(cond sql.Expression) bool {
	if cond == nil {
		return false
	}
	return len(rowConjuncts(cond)) != len(expression.SplitConjunction(cond))
}

func appendRowEquals(out []sql.Expression, e sql.Expression) []sql.Expression {
	eq, ok := e.(*expression.Equals)
	if !ok {
		return append(out, e)
	}
	l, lok := eq.Left().(expression.Tuple)
	r, rok := eq.Right().(expression.Tuple)
	if !lok || !rok || len(l) != len(r) || len(l) < 2 {
		return append(out, e)
	}
	for i := range l {
		out = appendRowEquals(out, expression.NewEquals(l[i], r[i]))
	}
	return out
}

const (
	sideNone = iota
	sideLeft
	sideRight
	sideBoth
)

// sideOf tells which side of a join an expression's columns come from.
func sideOf(e sql.Expression, nl int) int {
	side := sideNone
	sql.Inspect(e, func(e sql.Expression) bool {
		if gf, ok := e.(*expression.GetField); ok {
			s := sideLeft
			if gf.Index() >= nl {
				s = sideRight
			}
			if side != sideNone && side != s {
				s = sideBoth
			}
			side = s
		}
		return side != sideBoth
	})
	return side
}

// shiftFields moves an expression's column indexes by d.
func shiftFields(e sql.Expression, d int) sql.Expression {
	out, _, _ := transform.Expr(e, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		if gf, ok := e.(*expression.GetField); ok {
			return gf.WithIndex(gf.Index() + d), transform.NewTree, nil
		}
		return e, transform.SameTree, nil
	})
	return out
}

// LookupSource is a table GMS reads through an index lookup per probe
// row; the executor scans it once instead and hash-joins on the index's
// columns.
type LookupSource interface {
	Source
	// LookupKeys are the probe-side expressions of the lookup and the
	// positions of the index's columns in the source's layout.
	LookupKeys() (probe []sql.Expression, cols []int)
}

// lookupJoin turns an index-lookup join into a hash join whose build
// side is the looked-up table, scanned once, under whatever filters and
// projections GMS put above the lookup.
func (c *compiler) lookupJoin(n *plan.JoinNode, kind JoinKind, opts JoinOpts) (*Pipeline, error) {
	probe, cols, err := c.lookupKeys(n.Right())
	if err != nil {
		return nil, err
	}
	if c.lateral > 0 {
		// Below a build side only hash joins compile: re-indexing lookup
		// keys there gave wrong answers (buildSideJoins).
		return nil, unsupported("lookup join on a join's build side")
	}
	left, build, err := c.sides(n.Left(), n.Right())
	if err != nil {
		return nil, err
	}
	rk := make([]sql.Expression, len(probe))
	for i := range probe {
		col := n.Right().Schema()[cols[i]]
		rk[i] = expression.NewGetField(cols[i], col.Type, col.Name, col.Nullable)
	}
	j, err := newJoin(kind, opts, left.Types(), build, expression.NewTuple(probe...), expression.NewTuple(rk...), n.JoinCond())
	if err != nil {
		return nil, err
	}
	return c.joinSide(left, j), nil
}

// lookupKeys finds the index lookup below a join's right side and
// returns its probe expressions and where the index's columns are in
// the right side's output.
func (c *compiler) lookupKeys(n sql.Node) ([]sql.Expression, []int, error) {
	switch n := n.(type) {
	case *plan.TableAlias:
		return c.lookupKeys(n.Child)
	case *plan.Filter:
		return c.lookupKeys(n.Child)
	case *plan.Project:
		probe, cols, err := c.lookupKeys(n.Child)
		if err != nil {
			return nil, nil, err
		}
		for i, col := range cols {
			if cols[i] = projected(n.Projections, col); cols[i] < 0 {
				return nil, nil, unsupported("lookup key column %d projected away", col)
			}
		}
		return probe, cols, nil
	}
	src, ok := c.resolve(c.ctx, n)
	ls, isLookup := src.(LookupSource)
	if !ok || !isLookup {
		return nil, nil, unsupported("lookup join on %T", n)
	}
	probe, cols := ls.LookupKeys()
	if len(probe) == 0 || len(probe) > len(cols) {
		return nil, nil, unsupported("lookup join keys")
	}
	return probe, cols[:len(probe)], nil
}

// projected is the position of input column col among a projection's
// plain column references, or -1.
func projected(ps []sql.Expression, col int) int {
	for i, p := range ps {
		if a, ok := p.(*expression.Alias); ok {
			p = a.Child
		}
		if gf, ok := p.(*expression.GetField); ok && gf.Index() == col {
			return i
		}
	}
	return -1
}

// then appends a streaming operator.
func (p *Pipeline) then(op OpSpec) *Pipeline {
	return &Pipeline{Src: p.Src, Ops: append(append([]OpSpec(nil), p.Ops...), op)}
}

// sinkSource is a pipeline breaker: opening it runs its input pipeline
// into its sink, whose result it then serves.
type sinkSource struct {
	p    *Pipeline
	sink interface {
		Sink
		Types() []ColType
	}
	name    string
	details []string
	out     Source
	// reads are the input columns the sink reads (nil: all), for pruning.
	reads []bool
	// shown, when set, is what EXPLAIN shows below the sink instead of
	// p (an eager aggregate's join, which runs in its Finish).
	shown []string
}

func (s *sinkSource) Types() []ColType { return s.sink.Types() }

func (s *sinkSource) Open(ctx *sql.Context) (int, error) {
	out, err := s.p.Run(ctx, s.sink)
	if err != nil {
		return 0, err
	}
	s.out = out
	return out.Open(ctx)
}

func (s *sinkSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	return s.out.Run(ctx, m, fn)
}

func (s *sinkSource) Explain(tp *sql.TreePrinter) {
	sub := sql.NewTreePrinter()
	s.p.Explain(sub)
	_ = tp.WriteNode("%s", s.name)
	if s.shown != nil {
		tp.WriteChildren(append(append([]string(nil), s.details...), s.shown...)...)
		return
	}
	tp.WriteChildren(append(append([]string(nil), s.details...), sub.String())...)
}
