package exec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// Eager aggregation. SUM(o.amount) … FROM orders o JOIN products p ON
// p.product_id = o.product_id GROUP BY p.category_1: the aggregates read
// order lines only, and the GROUP BY reads either side but never both in
// one key. The lines can then be grouped by their join key first (and by
// the keys that read lines only, YEAR(o.ordered_at) say): twenty thousand
// products' groups out of millions of lines, hashed on one dense integer.
// Only those groups are joined, and their states merged into the final
// groups the way workers' states merge (acc.merge), so AVG, VARIANCE
// and the rest carry over exactly. A build key that several build
// rows share merges its group once per row, as the join would pair each
// line with each; under a LEFT JOIN a group without a build row merges
// once, with NULL build columns. It is a physical choice from
// statistics: taken when the early groups are estimated far fewer than
// the probe's rows.

// eagerShrink is how many times fewer early groups than probe rows make
// grouping first worth it. Each worker's early groups are merged, joined
// and merged again on one core, and a table of a million customers'
// groups does not stay in the caches: orders by customers' country (ten
// lines a customer) ran slower eagerly, orders by products' category
// (250 lines a product) twice as fast.
const eagerShrink = 16

// eagerSpec is a GROUP BY over an inner or left hash join, grouped
// before the join.
type eagerSpec struct {
	final  *AggSpec           // the GROUP BY as written, over the join's layout
	pre    *AggSpec           // over the probe's layout: the join keys, then the probe-only keys
	join   *joinSpec          // its build side and keys
	semi   *joinSpec          // the join as a semi join of the probe rows: its table serves Finish
	nk     int                // join keys, the first of pre's keys
	preKey []int              // per final key: pre's key holding it, -1 computed from the build row
	preAgg []int              // per final aggregate: pre's aggregate (-1: a key output)
	preSQL [][]sql.Expression // pre's keys and aggregates before compiling
}

// eagerGroupBy returns the eager form of spec (over p, whose last
// operator is a join) or nil when it does not apply or would not pay.
func (c *compiler) eagerGroupBy(spec *AggSpec, p *Pipeline, selected, grouping []sql.Expression) (*eagerSpec, *Pipeline, error) {
	if len(p.Ops) == 0 {
		return nil, nil, nil
	}
	j, ok := p.Ops[len(p.Ops)-1].(*joinSpec)
	if !ok || j.kind != JoinInner && j.kind != JoinLeft || j.cond != nil || j.band != nil || j.opts != (JoinOpts{}) || j.lkeySQL == nil {
		return nil, nil, nil
	}
	nl := len(j.left)
	side := func(e sql.Expression) (left, right bool) {
		cols := fieldsOf(e)
		if cols == nil {
			return true, true // a subquery: reads anything
		}
		for _, col := range cols {
			left, right = left || col < nl, right || col >= nl
		}
		return left, right
	}
	e := &eagerSpec{final: spec, join: j, nk: len(j.lkeySQL)}
	preGrouping := slices.Clone(j.lkeySQL)
	for _, g := range grouping {
		left, right := side(g)
		switch {
		case left && right:
			return nil, nil, nil
		case left:
			// A join key grouped on again (GROUP BY o.product_id, p.name)
			// is that key: grouped twice, it would square the estimate.
			k := slices.IndexFunc(preGrouping, func(x sql.Expression) bool { return x.String() == g.String() })
			if k < 0 {
				k = len(preGrouping)
				preGrouping = append(preGrouping, g)
			}
			e.preKey = append(e.preKey, k)
		default:
			e.preKey = append(e.preKey, -1)
		}
	}
	var preSelected []sql.Expression
	for i, d := range spec.aggs {
		if d.key >= 0 {
			e.preAgg = append(e.preAgg, -1)
			continue
		}
		// Distinct values are sets per early group, dearer to fill than
		// the few final groups' sets they would save merging.
		distinct := d.distinct || d.kind == aggCountDistinct
		if _, right := side(selected[i]); right || distinct || d.quot != nil {
			return nil, nil, nil
		}
		e.preAgg = append(e.preAgg, len(preSelected))
		preSelected = append(preSelected, selected[i])
	}
	if len(e.preKey) != len(spec.keys) {
		return nil, nil, nil // keys deduplicated: positions differ
	}
	// Under a filtered build side the probe rows meet it in a semi join
	// first: rows without a match are never grouped, and the scan is
	// restricted to the build keys' range (restrictProbe) as the inner
	// join's would be. A whole table is built in Finish instead: probing
	// every row twice costs more than grouping the few that miss.
	probe := &Pipeline{Src: p.Src, Ops: p.Ops[:len(p.Ops)-1]}
	pre, err := newAggSpec(j.left, preSelected, preGrouping)
	if err != nil {
		return nil, nil, nil // compiled over the join's layout, not this one
	}
	if len(pre.keys) != len(preGrouping) || !e.mergeable(pre) {
		return nil, nil, nil
	}
	c.sizeKeys(pre, probe)
	groups, okG := pre.estimate(c.ctx, probe)
	rows, okR := probe.estimate(c.ctx)
	if !okG || !okR || groups*eagerShrink > rows {
		return nil, nil, nil
	}
	need := buildReads(j, grouping)
	if j.kind == JoinInner && c.selectiveBuild(j.build) {
		e.semi = j.semiKeepingBuild(need)
		probe.Ops = append(slices.Clip(probe.Ops), e.semi)
	} else {
		j.build.prune(need) // built in Finish, outside any pipeline that prunes
	}
	e.pre, e.preSQL = pre, [][]sql.Expression{preGrouping, preSelected}
	return e, probe, nil
}

// mergeable reports whether each of pre's aggregates keeps the state its
// final aggregate merges.
func (e *eagerSpec) mergeable(pre *AggSpec) bool {
	for i, k := range e.preAgg {
		if k < 0 {
			continue
		}
		a, b := e.final.aggs[i], pre.aggs[k]
		if a.kind != b.kind || a.distinct != b.distinct || !sameLayout(a.in, b.in) || !sameLayout(a.out, b.out) || b.key >= 0 || b.quot != nil || len(a.args) != len(b.args) {
			return false
		}
	}
	return true
}

// sameLayout reports whether a and b hold values alike (their SQL types
// may be separate instances).
func sameLayout(a, b ColType) bool {
	return a.Phys == b.Phys && a.Scale == b.Scale
}

func (e *eagerSpec) Types() []ColType { return e.final.Types() }

// Local implements Sink: a worker groups its probe rows early.
func (e *eagerSpec) Local() LocalSink { return e.pre.newState() }

// Finish merges the workers' early groups, joins them to the build side
// and merges their states into the final groups.
func (e *eagerSpec) Finish(ctx *sql.Context, locals []LocalSink) (Source, error) {
	early := locals[0].(*aggState)
	for _, l := range locals[1:] {
		if err := early.merge(l.(*aggState)); err != nil {
			return nil, err
		}
	}
	defer func() {
		for _, l := range locals {
			l.(*aggState).groups.release()
		}
	}()
	t := e.table()
	if t == nil {
		var err error
		if t, err = buildTable(ctx, e.join.build, e.join.rkeys, e.join.rkeyEC, nil); err != nil {
			return nil, err
		}
	}
	final := e.final.newState()
	if len(e.final.keys) == 0 {
		final.groups.add(nil, 0, 0)
		final.grow()
	}
	n := early.groups.n
	keys := early.groups.keys
	gids := make([]int32, n)
	if n > 0 {
		t.keys.findAll(keys[:e.nk], n, nil, false, gids)
	}
	rows := make([]int32, n) // per early group: its build row of this pass, -1 none
	var unmatched []int32
	for g := range rows {
		rows[g] = -1
		if gids[g] >= 0 && !anyNull(keys[:e.nk], g) {
			rows[g] = t.first[gids[g]]
		}
		if rows[g] < 0 {
			unmatched = append(unmatched, int32(g))
		}
	}
	if e.join.kind == JoinLeft && len(unmatched) > 0 {
		// A left join's probe rows without a match meet a NULL build row.
		if err := e.merge(ctx, early, final, t, unmatched, nil); err != nil {
			return nil, err
		}
	}
	for {
		var sel, ri []int32
		for g, r := range rows {
			if r >= 0 {
				sel, ri = append(sel, int32(g)), append(ri, r)
			}
		}
		if len(sel) == 0 {
			break
		}
		if err := e.merge(ctx, early, final, t, sel, ri); err != nil {
			return nil, err
		}
		for g, r := range rows {
			if r >= 0 {
				rows[g] = t.next[r]
			}
		}
	}
	return final.result(ctx)
}

// table is the build side's table the semi join built, nil when there
// is none (a left join keeps its unmatched rows).
func (e *eagerSpec) table() *joinTable {
	if e.semi == nil {
		return nil
	}
	return e.semi.table
}

// merge merges the early groups sel, each joined with its build row ri
// (ri nil: a NULL row), into the final groups of their keys.
func (e *eagerSpec) merge(ctx *sql.Context, early, final *aggState, t *joinTable, sel, ri []int32) error {
	joined := &Batch{N: len(sel), Cols: newVecs(len(e.join.left) + len(e.join.right))}
	for i, ct := range e.join.left {
		joined.Cols[i].SetAbsent(ct, len(sel))
	}
	for i, v := range t.rows.Cols {
		out := joined.Cols[len(e.join.left)+i]
		if ri == nil {
			out.reset(v.T, len(sel))
			for k := range sel {
				out.setNull(k, len(sel))
			}
			continue
		}
		gather(out, v, ri)
	}
	f := e.final.ec.NewFrame()
	f.next()
	kv := make([]*Vec, len(e.final.keys))
	for i, k := range e.final.keys {
		if pk := e.preKey[i]; pk >= 0 {
			kv[i] = &Vec{}
			gather(kv[i], early.groups.keys[pk], sel)
			continue
		}
		var err error
		if kv[i], err = k.Vec(ctx, joined, f); err != nil {
			return err
		}
	}
	to := make([]int32, len(sel))
	if len(kv) > 0 {
		before := final.groups.n
		final.groups.findAll(kv, len(sel), nil, true, to)
		if final.groups.n != before {
			final.grow()
		}
	}
	m := make([]int32, early.groups.n)
	for g := range m {
		m[g] = -1
	}
	for k, g := range sel {
		m[g] = to[k]
	}
	for j, k := range e.preAgg {
		if k < 0 {
			continue
		}
		if err := final.accs[j].merge(early.accs[k], m); err != nil {
			return err
		}
	}
	return final.mem.to(ctx, final.footprint())
}

// buildReads is the build columns j's keys and the final keys read
// (nil: all).
func buildReads(j *joinSpec, grouping []sql.Expression) []bool {
	nl := len(j.left)
	need := make([]bool, len(j.right))
	mark := func(cols []int, shift int) bool {
		if cols == nil {
			return false
		}
		for _, c := range cols {
			if c-shift >= 0 && c-shift < len(need) {
				need[c-shift] = true
			}
		}
		return true
	}
	if !mark(j.rkeyCols, 0) {
		return nil
	}
	for _, g := range grouping {
		if !mark(fieldsOf(g), nl) {
			return nil
		}
	}
	return need
}

// selectiveBuild reports whether the build side p is estimated to keep
// under half of its source's rows.
func (c *compiler) selectiveBuild(p *Pipeline) bool {
	rows, ok := p.estimate(c.ctx)
	all, okAll := sourceRows(c.ctx, p.Src)
	return ok && okAll && rows*2 < all
}

// semiKeepingBuild is s as a semi join whose table keeps the build
// columns need (an eager aggregate's final keys read them).
func (s *joinSpec) semiKeepingBuild(need []bool) *joinSpec {
	c := *s
	c.kind, c.types, c.table, c.buildNeed = JoinSemi, s.left, nil, need
	return &c
}

// explain describes the eager plan: the aggregate, the early
// grouping and the join it precedes.
func (e *eagerSpec) explain(probe *Pipeline) (string, []string) {
	var keys []string
	for _, g := range e.pre.texts[:len(e.pre.keys)] {
		keys = append(keys, strings.TrimPrefix(g, "group: "))
	}
	sub := sql.NewTreePrinter()
	ops := probe.Ops
	if e.semi != nil {
		ops = ops[:len(ops)-1]
	}
	explainOps(sub, append(slices.Clip(ops), e.join), probe.Src)
	return fmt.Sprintf("grouped first by %s, then joined", strings.Join(keys, ", ")), []string{sub.String()}
}
