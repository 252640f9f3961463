package engine

import (
	"fmt"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/storage"
)

// vectorAgg is a GroupBy over one cohortdb table, computed from column
// vectors: each worker scans a share of the table's parts, filters
// positions with the compiled predicates, numbers groups in a hash table
// and updates typed per-group arrays; the workers' tables are merged at
// the end. Its output rows are exactly the GroupBy's.
type vectorAgg struct {
	gb   *plan.GroupBy
	t    *Table
	spec *aggSpec
	join *semiJoin // nil, or the keys that filter the table
}

var _ sql.ExecSourceRel = (*vectorAgg)(nil)
var _ sql.Projector = (*vectorAgg)(nil)

// ProjectedExprs marks the node as one that shapes its rows, like the
// GroupBy it replaces: GMS then prepends the outer row to its output when
// it runs inside a subquery expression.
func (n *vectorAgg) ProjectedExprs() []sql.Expression { return n.gb.SelectedExprs }

func (n *vectorAgg) Schema() sql.Schema { return n.gb.Schema() }
func (n *vectorAgg) Resolved() bool     { return true }
func (n *vectorAgg) IsReadOnly() bool   { return true }

// Children is the join's build side, if any, so that GMS finishes
// planning it (execution indexes) like any other subtree.
func (n *vectorAgg) Children() []sql.Node {
	if n.join == nil {
		return nil
	}
	return []sql.Node{n.join.build}
}

func (n *vectorAgg) WithChildren(children ...sql.Node) (sql.Node, error) {
	if len(children) != len(n.Children()) {
		return nil, sql.ErrInvalidChildrenNumber.New(n, len(children), len(n.Children()))
	}
	if n.join == nil {
		return n, nil
	}
	nn, j := *n, *n.join
	j.build = children[0]
	nn.join = &j
	return &nn, nil
}

// String shows the GroupBy it replaces, and its input, in EXPLAIN.
func (n *vectorAgg) String() string {
	p := sql.NewTreePrinter()
	_ = p.WriteNode("VectorGroupBy")
	sel := make([]string, len(n.gb.SelectedExprs))
	for i, e := range n.gb.SelectedExprs {
		sel[i] = e.String()
	}
	grp := make([]string, len(n.gb.GroupByExprs))
	for i, e := range n.gb.GroupByExprs {
		grp[i] = e.String()
	}
	children := []string{fmt.Sprintf("select: %v", sel), fmt.Sprintf("group: %v", grp), n.gb.Child.String()}
	if n.join != nil {
		children[2] = n.join.probeIn.String()
		children = append(children, fmt.Sprintf("semi-join keys %s IN", n.join.probe), n.join.build.String())
	}
	_ = p.WriteChildren(children...)
	return p.String()
}

// RowIter aggregates the whole input before returning the first row.
func (n *vectorAgg) RowIter(ctx *sql.Context, row sql.Row) (sql.RowIter, error) {
	preds, err := bindSets(ctx, n.spec.preds)
	if err != nil {
		return nil, err
	}
	var keys map[int64]struct{}
	if n.join != nil {
		if keys, err = n.join.keys(ctx, row); err != nil {
			return nil, err
		}
	}
	snap := n.t.snapshot(ctx)
	parts := snap.Parts()
	states := make([]*aggState, workersFor(parts))
	lo, hi, dense := n.keyRange(snap)
	for w := range states {
		states[w] = newAggState(n.spec)
		states[w].acct = membudget.FromContext(ctx)
		if dense {
			states[w].groups.useDense(lo, hi)
		}
		states[w].preds = preds
		if n.join != nil {
			states[w].keys, states[w].keyPos = keys, n.join.pos
		}
	}
	err = inParallel(len(states), func(w int) error {
		return scanShare(ctx, n.t, n.spec.cols, snap, parts, w, len(states), states[w].consume)
	})
	if err != nil {
		return nil, err
	}
	return mergeStates(states)
}

// keyRange is the value range of a GROUP BY on one integer column (a
// per-customer aggregate, say), from the zone maps; ok is false for any
// other grouping or when a part has no zone map.
func (n *vectorAgg) keyRange(snap *storage.Snapshot) (lo, hi int64, ok bool) {
	if len(n.spec.keys) != 1 || n.spec.keys[0].isBytes {
		return 0, 0, false
	}
	c, isCol := n.spec.keys[0].ints.(colInt)
	if !isCol {
		return 0, 0, false
	}
	return columnRange(snap, n.t, n.spec.cols[c.pos])
}

// workersFor is how many goroutines scan parts: storage.Workers, the
// count the analytics' parallel scans use too.
func workersFor(parts []storage.Part) int { return storage.Workers(len(parts)) }

// inParallel runs fn(0) … fn(n-1) concurrently and returns the first
// error.
func inParallel(n int, fn func(w int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = fn(w)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// mergeStates folds the workers' groups into the first, whose rows are
// then read from it.
func mergeStates(states []*aggState) (sql.RowIter, error) {
	for _, s := range states[1:] {
		states[0].merge(s)
	}
	return newAggIter(states[0]), nil
}

// scanShare scans parts w, w+workers, … of t, decoding the columns cols
// (ordinals of t) with the table's zone pruning and bitmap filters.
func scanShare(ctx *sql.Context, t *Table, cols []int, snap *storage.Snapshot, parts []storage.Part, w, workers int, fn func(*storage.Batch) error) error {
	mapped := t.mapColumns(snap.Def(), cols)
	for i, m := range mapped {
		if m < 0 {
			return fmt.Errorf("table %s: column %s was dropped while the query ran", t.Name(), t.sch.pk.Schema[cols[i]].Name)
		}
	}
	req := storage.ScanRequest{Columns: mapped}
	if t.pruneFor != nil && sameLayout(snap.Def(), t.sch.def) {
		req.Prune = t.pruneFor.prune
	}
	var ferr *error
	if len(t.bitmaps) > 0 {
		req.Filter, ferr = t.bitmapRowFilter(snap)
	}
	for i := w; i < len(parts); i += workers {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := snap.ScanPart(&parts[i], req, fn); err != nil {
			return wrapStorageErr(err, "scan %s", t.Name())
		}
		if ferr != nil && *ferr != nil {
			return *ferr
		}
	}
	return nil
}

// aggState is one worker's groups and accumulators.
type aggState struct {
	spec   *aggSpec
	preds  []rowPred          // spec.preds with set predicates resolved
	keys   map[int64]struct{} // semi-join keys; nil without a join
	keyPos int
	groups *groupTable
	asg    assigner
	accs   []accumulator
	sel    []uint32
	gids   []int32
	// acct is the statement's memory account (nil: none); charged is how
	// many groups have been reserved on it.
	acct    *membudget.Account
	charged int32
}

// groupBytes estimates what one group costs: its entry in the group
// table and a slot in each accumulator.
func (s *aggState) groupBytes() int64 {
	key := int64(32)
	if s.groups.mode == modeEncoded {
		key = 64
	}
	return key + 16*int64(len(s.accs))
}

// chargeGroups reserves the groups added since the last call.
func (s *aggState) chargeGroups() error {
	n := s.groups.n
	if s.acct == nil || n <= s.charged {
		return nil
	}
	bytes := int64(n-s.charged) * s.groupBytes()
	if keys := s.groups.strKeys; len(keys) >= int(n) {
		for _, k := range keys[s.charged:n] {
			bytes += 2 * int64(len(k)) // the key slice and the map's copy
		}
	}
	if err := s.acct.Reserve(bytes); err != nil {
		return err
	}
	s.charged = n
	return nil
}

func newAggState(spec *aggSpec) *aggState {
	s := &aggState{spec: spec, preds: spec.preds, groups: newGroupTable(spec.keys), asg: assigner{keys: spec.keys}}
	for _, d := range spec.aggs {
		a := keyAccumulator(d, spec.keys, s.groups)
		if a == nil {
			a = newAccumulator(d)
		}
		a.grow(int(s.groups.n))
		s.accs = append(s.accs, a)
	}
	return s
}

// keyAccumulator returns, for a selected bare column that is itself an
// integer GROUP BY key (SELECT a.product_id … GROUP BY a.product_id), an
// accumulator that reads each group's key from the group table instead of
// tracking a first value per row; nil otherwise. Every row of a group
// holds the key's value, so the first non-NULL value is the key.
func keyAccumulator(d aggDef, keys []groupKey, g *groupTable) accumulator {
	if d.op != aggFirst || (d.codec.kind != storage.KindInt && d.codec.kind != storage.KindUint) {
		return nil
	}
	for i, k := range keys {
		if c, ok := k.ints.(colInt); ok && !k.isBytes && c.pos == d.pos && (g.mode == modeInt || g.mode == modePair) {
			return &keyAcc{def: d, groups: g, key: i}
		}
	}
	return nil
}

// consume filters and aggregates one batch.
func (s *aggState) consume(b *storage.Batch) error {
	sel := selectRows(b, s.preds, s.sel)
	if s.keys != nil {
		sel = inKeys(b, s.keyPos, s.keys, sel)
	}
	s.sel = sel
	if len(sel) == 0 {
		return nil
	}
	s.gids = s.asg.assign(s.groups, b, sel, s.gids)
	for _, a := range s.accs {
		a.grow(int(s.groups.n))
		a.update(b, sel, s.gids)
	}
	return s.chargeGroups()
}

// merge folds o's groups into s's.
func (s *aggState) merge(o *aggState) {
	remap := make([]int32, o.groups.n)
	for g := range remap {
		ik, null, pk, sk := o.groups.keyOf(int32(g))
		switch s.groups.mode {
		case modeInt:
			remap[g] = s.groups.intGroup(ik, null)
		case modePair:
			remap[g] = s.groups.pairGroup(pk)
		case modeEncoded:
			remap[g] = s.groups.strGroup([]byte(sk))
		}
	}
	for i, a := range s.accs {
		a.grow(int(s.groups.n))
		a.merge(o.accs[i], remap)
	}
}
