package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"

	"github.com/cohortdb/cohortdb/storage"
)

// A GROUP BY over an inner equi-join of two cohortdb tables (a self-join
// of order lines on order_id, say) runs as a joinAgg: the right table's
// matching rows are collected into typed arrays sorted by key, each
// worker probes them with a share of the left table's batches, and the
// matching pairs become batches of a virtual joined table that the
// ordinary vectorised aggregation consumes. Conditions on one table filter
// its scan; a comparison of a left and a right column filters pairs
// before they are built.

// pairSide is one table of the join, with its own scan request.
type pairSide struct {
	t     *Table
	alias string
	comp  *aggCompiler // positions of this table's scan request
	preds []rowPred
	key   int // scan position of the join key
}

// colKey is a column of one side.
type colKey struct{ side, ord int }

// pairResolver maps column references of either table to columns of the
// joined batches. The right side contributes integer columns only (they
// are copied into arrays when the join is built).
type pairResolver struct {
	sides [2]*pairSide
	pos   map[colKey]int
	cols  []colKey
}

func (r *pairResolver) sideOf(gf *expression.GetField) (int, int, bool) {
	for i, s := range r.sides {
		if strings.EqualFold(gf.Table(), s.alias) {
			ord := s.t.columnIndex(gf.Name())
			return i, ord, ord >= 0
		}
	}
	return 0, 0, false
}

func (r *pairResolver) column(gf *expression.GetField) (*codec, int, bool) {
	side, ord, ok := r.sideOf(gf)
	if !ok {
		return nil, 0, false
	}
	cd := r.sides[side].t.sch.codecs[ord]
	if cd.kind == storage.KindFloat || (side == 1 && cd.kind == storage.KindBytes) {
		return nil, 0, false
	}
	k := colKey{side, ord}
	if p, seen := r.pos[k]; seen {
		return cd, p, true
	}
	r.pos[k] = len(r.cols)
	r.cols = append(r.cols, k)
	return cd, r.pos[k], true
}

// crossPred compares a left and a right column of the same stored
// representation; NULL on either side fails it.
type crossPred struct {
	left  int // scan position in the left request
	right int // index among the right side's collected columns
	op    zoneOp
}

// joinPlan is a compiled joinAgg before execution.
type joinPlan struct {
	left, right *pairSide
	rightCols   []int // right-table ordinals collected per build row
	cross       []crossPred
	synth       []synthCol
	spec        *aggSpec
	count       *pairCount // set when pairCount can run the whole GroupBy
}

// synthCol is one column of the joined batches: a left scan position, or
// an index among the right side's collected columns.
type synthCol struct {
	side int
	idx  int
	cd   *codec
}

// planJoinAgg compiles gb over an inner equi-join of two cohortdb tables.
func planJoinAgg(ctx *sql.Context, gb *plan.GroupBy) (*joinAgg, bool) {
	var top []sql.Expression
	n := gb.Child
	for {
		f, ok := n.(*plan.Filter)
		if !ok {
			break
		}
		top = append(top, expression.SplitConjunction(f.Expression)...)
		n = f.Child
	}
	j, ok := n.(*plan.JoinNode)
	if !ok || (j.Op != plan.JoinTypeInner && j.Op != plan.JoinTypeHash) {
		return nil, false
	}
	right := j.Right()
	if h, ok := right.(*plan.HashLookup); ok {
		right = h.Child
	}
	l, lconds, ok1 := joinSide(ctx, j.Left())
	r, rconds, ok2 := joinSide(ctx, right)
	if !ok1 || !ok2 || strings.EqualFold(l.alias, r.alias) {
		return nil, false
	}
	jp := &joinPlan{left: l, right: r}
	res := &pairResolver{sides: [2]*pairSide{l, r}, pos: map[colKey]int{}}
	if !jp.bindKey(j.Filter, res) || !jp.sidePreds(l, lconds) || !jp.sidePreds(r, rconds) {
		return nil, false
	}
	for _, c := range top {
		if !jp.topConjunct(c, res) {
			return nil, false
		}
	}
	pc := &aggCompiler{ctx: ctx, pair: res}
	spec, ok := pc.compile(gb, nil)
	if !ok {
		return nil, false
	}
	jp.spec = spec
	for _, k := range res.cols {
		jp.synth = append(jp.synth, jp.synthFor(k))
	}
	jp.count = jp.planPairCount()
	return &joinAgg{gb: gb, plan: jp}, true
}

// joinSide unwraps Filter and TableAlias nodes over one cohortdb table.
func joinSide(ctx *sql.Context, n sql.Node) (*pairSide, []sql.Expression, bool) {
	var conds []sql.Expression
	alias := ""
	for {
		switch x := n.(type) {
		case *plan.Filter:
			conds = append(conds, expression.SplitConjunction(x.Expression)...)
			n = x.Child
			continue
		case *plan.TableAlias:
			alias = x.Name()
			n = x.Child
			continue
		}
		break
	}
	rt, ok := n.(*plan.ResolvedTable)
	if !ok {
		return nil, nil, false
	}
	t, ok := unwrapTable(rt.Table)
	if !ok {
		return nil, nil, false
	}
	if alias == "" {
		alias = t.Name()
	}
	return &pairSide{t: t, alias: alias, comp: &aggCompiler{ctx: ctx, t: t, alias: alias, pos: map[int]int{}}}, conds, true
}

func (jp *joinPlan) sidePreds(s *pairSide, conds []sql.Expression) bool {
	for _, c := range conds {
		p, ok := s.comp.predicate(c)
		if !ok {
			return false
		}
		s.preds = append(s.preds, p...)
	}
	return true
}

// bindKey resolves left.k = right.k on integer columns.
func (jp *joinPlan) bindKey(cond sql.Expression, res *pairResolver) bool {
	eq, ok := cond.(*expression.Equals)
	if !ok {
		return false
	}
	a, ok1 := eq.Left().(*expression.GetField)
	b, ok2 := eq.Right().(*expression.GetField)
	if !ok1 || !ok2 {
		return false
	}
	sa, oa, ok1 := res.sideOf(a)
	sb, ob, ok2 := res.sideOf(b)
	if !ok1 || !ok2 || sa == sb {
		return false
	}
	if sa == 1 {
		oa, ob = ob, oa
	}
	if jp.left.t.sch.codecs[oa].class != classInt || jp.right.t.sch.codecs[ob].class != classInt {
		return false
	}
	_, jp.left.key, _ = jp.left.comp.columnByOrdinal(oa)
	_, jp.right.key, _ = jp.right.comp.columnByOrdinal(ob)
	return true
}

// topConjunct places a condition above the join: on one side's scan, or
// as a left-versus-right comparison.
func (jp *joinPlan) topConjunct(c sql.Expression, res *pairResolver) bool {
	sides := map[int]bool{}
	var bad bool
	transform.InspectExpr(c, func(e sql.Expression) bool {
		if gf, ok := e.(*expression.GetField); ok {
			s, _, ok := res.sideOf(gf)
			bad = bad || !ok
			sides[s] = true
		}
		return false
	})
	switch {
	case bad || len(sides) == 0:
		return false
	case len(sides) == 1 && sides[0]:
		return jp.sidePreds(jp.left, []sql.Expression{c})
	case len(sides) == 1:
		return jp.sidePreds(jp.right, []sql.Expression{c})
	}
	return jp.crossConjunct(c, res)
}

func (jp *joinPlan) crossConjunct(c sql.Expression, res *pairResolver) bool {
	cmp, ok := c.(expression.Comparer)
	if !ok {
		return false
	}
	op, ok := comparisonOp(c)
	if !ok {
		return false
	}
	a, ok1 := cmp.Left().(*expression.GetField)
	b, ok2 := cmp.Right().(*expression.GetField)
	if !ok1 || !ok2 {
		return false
	}
	sa, oa, _ := res.sideOf(a)
	_, ob, _ := res.sideOf(b)
	if sa == 1 {
		oa, ob, op = ob, oa, flipped[op]
	}
	ca, cb := jp.left.t.sch.codecs[oa], jp.right.t.sch.codecs[ob]
	if ca.kind != storage.KindInt || ca.class != cb.class || ca.scale != cb.scale || ca.typ.Type() != cb.typ.Type() {
		return false
	}
	_, lp, _ := jp.left.comp.columnByOrdinal(oa)
	jp.cross = append(jp.cross, crossPred{left: lp, right: jp.rightCol(ob), op: op})
	return true
}

// rightCol returns the index of a right-table column among those
// collected per build row, adding it.
func (jp *joinPlan) rightCol(ord int) int {
	for i, o := range jp.rightCols {
		if o == ord {
			return i
		}
	}
	jp.right.comp.columnByOrdinal(ord)
	jp.rightCols = append(jp.rightCols, ord)
	return len(jp.rightCols) - 1
}

func (jp *joinPlan) synthFor(k colKey) synthCol {
	if k.side == 0 {
		_, p, _ := jp.left.comp.columnByOrdinal(k.ord)
		return synthCol{side: 0, idx: p, cd: jp.left.t.sch.codecs[k.ord]}
	}
	return synthCol{side: 1, idx: jp.rightCol(k.ord), cd: jp.right.t.sch.codecs[k.ord]}
}
