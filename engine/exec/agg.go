package exec

import (
	"fmt"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// aggKind is an aggregate function the HashAggregate computes.
type aggKind uint8

const (
	aggFirst aggKind = iota // a non-aggregate selected expression: its first non-NULL value, as GMS
	aggCount                // COUNT(expr)
	aggCountStar
	aggSum
	aggAvg
	aggMin
	aggMax
	aggCountDistinct
	aggVarPop  // VAR_POP, VARIANCE
	aggVarSamp // VAR_SAMP
	aggStdPop  // STDDEV_POP, STDDEV, STD
	aggStdSamp // STDDEV_SAMP
	aggRow     // any other aggregate: GMS's buffers over kept rows (rowagg.go)
)

// aggDef is one output column of a HashAggregate.
type aggDef struct {
	kind aggKind
	args []Expr
	in   ColType // the argument's layout
	out  ColType // the result's layout, as GMS types it
	text string
	// distinct: the aggregate of the argument's distinct values per
	// group (SUM(DISTINCT x)).
	distinct bool
	// row is an aggRow's compiled form, copied per worker.
	row *rowAggAcc
	// quot: a SUM of DECIMAL quotients, args its dividend and divisor.
	quot *quotShape
	// pack: COUNT(DISTINCT a, b, …) of integers counted as one packed
	// word each (distinct_pack.go).
	pack []distinctField
	// key >= 0: a selected expression that is GROUP BY key number key
	// (SELECT customer_id … GROUP BY customer_id, DISTINCT's columns):
	// its value is the key the hash table keeps, not a value picked per
	// row (keyAcc).
	key int
}

// AggSpec is a compiled GROUP BY: keys, aggregates and their output.
type AggSpec struct {
	ec    *exprCompiler
	keys  []Expr
	aggs  []aggDef
	types []ColType
	texts []string
	// keyRanges, when set (one per key), size each worker's dense group
	// index or grid.
	keyRanges []keyRange
	// keyBounds holds each key's range where known (keyRange.known).
	keyBounds []keyRange
	// keyPack, when set, places the compared keys in one word
	// (keytable_pack.go).
	keyPack *packLayout
	// pack, when set, aggregates by sorting packed words (packagg.go).
	pack *packPlan
	// carried is how many of the last keys are functionally dependent
	// on the others (fdkeys.go): stored per group, never compared.
	carried int
}

// newAggSpec compiles GMS's GroupBy expressions over an input layout.
func newAggSpec(in []ColType, selected, grouping []sql.Expression) (*AggSpec, error) {
	s := &AggSpec{ec: &exprCompiler{in: in}}
	s.ec.shareRepeats(append(slices.Clone(grouping), selected...)...)
	keyText := map[string]int{}
	for i, g := range grouping {
		if _, dup := keyText[g.String()]; !dup {
			keyText[g.String()] = i
		}
		k, err := s.ec.compile(g)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, k)
		s.texts = append(s.texts, "group: "+g.String())
	}
	for _, e := range selected {
		d, err := s.compileAgg(e)
		if err != nil {
			return nil, err
		}
		d.key = s.keyOf(d, e, keyText)
		s.aggs = append(s.aggs, d)
		s.types = append(s.types, d.out)
		s.texts = append(s.texts, d.text)
	}
	return s, nil
}

// keyOf is the GROUP BY key a non-aggregate selected expression is, -1
// for none: the same expression text over the same input, of the key's
// layout.
func (s *AggSpec) keyOf(d aggDef, e sql.Expression, keyText map[string]int) int {
	if d.kind != aggFirst {
		return -1
	}
	k, ok := keyText[e.String()]
	if !ok || s.keys[k].Type() != d.in || d.in != d.out {
		return -1
	}
	return k
}

func isNumericAggregate(e sql.Expression) bool {
	switch mysqlfn.UnwrapAggregate(e).(type) {
	case *aggregation.Sum, *aggregation.Avg, *aggregation.Min, *aggregation.Max, *mysqlfn.Sum, *mysqlfn.Avg:
		return true
	}
	return false
}

func (s *AggSpec) compileAgg(e sql.Expression) (aggDef, error) {
	out, ok := aggOutType(e)
	// wide: GMS typed the result DECIMAL(65, s), which no scaled int64
	// holds; over a DECIMAL argument the result takes the argument's
	// type, as in MySQL (a sum kept scaled in an int64, an overflow an
	// error).
	wide := !ok && types.IsDecimal(e.Type()) && isNumericAggregate(e)
	if wide {
		out, ok = ColType{Phys: PDec, SQL: e.Type()}, true
	}
	_, isAgg := mysqlfn.UnwrapAggregate(e).(sql.Aggregation)
	if !ok && isAgg {
		return aggDef{}, unsupported("aggregate type %s", e.Type())
	}
	d := aggDef{out: out, text: e.String(), key: -1}
	var arg sql.Expression
	switch a := mysqlfn.UnwrapAggregate(e).(type) {
	case *aggregation.Count:
		d.kind, arg = aggCount, a.Child
		if _, star := a.Child.(*expression.Star); star {
			d.kind, arg = aggCountStar, nil
		} else if l, lit := a.Child.(*expression.Literal); lit && l.Value() != nil {
			d.kind, arg = aggCountStar, nil
		}
	case *mysqlfn.Sum:
		d.kind, arg = aggSum, a.Child
	case *mysqlfn.Avg:
		d.kind, arg = aggAvg, a.Child
	case *aggregation.Sum:
		d.kind, arg = aggSum, a.Child
	case *aggregation.Avg:
		d.kind, arg = aggAvg, a.Child
	case *aggregation.Min:
		d.kind, arg = aggMin, a.Child
	case *aggregation.Max:
		d.kind, arg = aggMax, a.Child
	case *aggregation.VarPop:
		d.kind, arg = aggVarPop, a.Child
	case *aggregation.VarSamp:
		d.kind, arg = aggVarSamp, a.Child
	case *aggregation.StdDevPop:
		d.kind, arg = aggStdPop, a.Child
	case *aggregation.StdDevSamp:
		d.kind, arg = aggStdSamp, a.Child
	case *aggregation.CountDistinct:
		d.kind = aggCountDistinct
		for _, ch := range a.Children() {
			x, err := s.ec.compile(ch)
			if err != nil {
				return d, err
			}
			d.args = append(d.args, x)
		}
		return d, nil
	case sql.Aggregation:
		return s.rowAgg(d, e)
	default:
		d.kind, arg = aggFirst, e
	}
	if de, distinct := arg.(*expression.DistinctExpression); distinct {
		switch d.kind {
		case aggSum, aggAvg:
			d.distinct = true
		case aggMin, aggMax: // the same with or without DISTINCT
		default:
			return d, unsupported("%s: DISTINCT argument", e)
		}
		arg = de.Child
	}
	if q, isQ := mysqlfn.NewQuotient(arg); isQ && (d.kind == aggSum || d.kind == aggAvg) && out.Phys == PDec {
		// MySQL adds the quotients at their internal 9·k decimals
		// (mysqlfn.Quotient), which no scaled int64 of the division's
		// type holds (quotsum.go).
		var err error
		if d, err = s.quotientSum(d, q, e); err != nil {
			return d, err
		}
	} else if m, isM := arg.(*expression.Arithmetic); isM && m.Operator() == "*" && (d.kind == aggSum || d.kind == aggAvg) && out.Phys == PDec && isWideDecimal(arg.Type()) {
		// A DECIMAL product past 18 digits (amount × rate): the
		// products are added in 128 bits (quotsum.go).
		var err error
		if d, err = s.productSum(d, m, e); err != nil {
			return d, err
		}
	} else if arg != nil {
		x, err := s.ec.compile(arg)
		if err != nil {
			return d, err
		}
		d.args, d.in = []Expr{x}, x.Type()
	}
	if wide && d.in.Phys != PDec {
		return d, unsupported("%s of %s", e, d.in.SQL)
	}
	switch d.kind {
	case aggMin, aggMax, aggFirst:
		// A group's constant value (aggFirst) keeps its input's layout:
		// GMS may type it wider than a PDec (a derived table's exact
		// SUM), but its values are the scaled int64s computed below.
		if wide || !ok {
			d.out, out = d.in, d.in
		}
		if d.in.Phys != out.Phys || d.in.Scale != out.Scale {
			return d, unsupported("%s: argument and result layouts differ", e)
		}
	case aggVarPop, aggVarSamp, aggStdPop, aggStdSamp:
		if d.in.Phys == PStr || d.in.Phys == PDate || d.in.Phys == PTime || out.Phys != PFloat {
			return d, unsupported("%s of %s", e, d.in.SQL)
		}
	case aggSum, aggAvg:
		if d.in.Phys == PStr || d.in.Phys == PDate || d.in.Phys == PTime {
			return d, unsupported("%s of %s", e, d.in.SQL)
		}
		exactIn := d.in.Phys == PDec || d.in.Phys == PInt || d.in.Phys == PUint
		if exactIn != (out.Phys == PDec) {
			return d, unsupported("%s of %s", e, d.in.SQL)
		}
		scale := d.in.Scale
		if d.kind == aggAvg {
			scale += 4
		}
		if exactIn && !wide && scale != out.Scale {
			return d, unsupported("%s: result scale %d of an argument of scale %d", e, out.Scale, d.in.Scale)
		}
	}
	d.out = outType(d)
	return d, nil
}

// aggOutType is the layout of an aggregate's result. MySQL's exact SUM
// and AVG are DECIMALs wider than a PDec holds (p+22, p+4 digits); the
// accumulators check every sum for overflow, so they still keep them as
// scaled int64s, with the SQL type saying the declared precision.
func aggOutType(e sql.Expression) (ColType, bool) {
	var exact bool
	switch a := e.(type) {
	case *mysqlfn.Sum:
		exact = a.Exact()
	case *mysqlfn.Avg:
		exact = a.Exact()
	}
	if dt, ok := e.Type().(sql.DecimalType); ok && exact {
		return ColType{Phys: PDec, Scale: int32(dt.Scale()), SQL: dt}, true
	}
	return TypeOf(e.Type())
}

// Types is the output layout.
func (s *AggSpec) Types() []ColType { return s.types }

// aggState is one worker's groups.
type aggState struct {
	s      *AggSpec
	f      *Frame
	groups *keyTable
	accs   []acc
	gids   []int32
	kv     []*Vec
	mem    tally
	spans  *keySpans // nil: no integer key
}

func (s *AggSpec) newState() *aggState {
	st := &aggState{s: s, f: s.ec.NewFrame(), kv: make([]*Vec, len(s.keys))}
	kt := make([]ColType, len(s.keys))
	for i, k := range s.keys {
		kt[i] = k.Type()
	}
	st.groups = newKeyTable(kt)
	st.groups.compareFirst(len(kt) - s.carried)
	st.groups.presizeFor(s.keyRanges)
	if s.keyPack != nil {
		st.groups.usePack(s.keyPack)
	}
	st.spans = newKeySpans(kt[:st.groups.cmp])
	for _, d := range s.aggs {
		if d.key >= 0 {
			st.accs = append(st.accs, &keyAcc{t: st.groups, k: d.key})
			continue
		}
		st.accs = append(st.accs, newAcc(d))
	}
	return st
}

// Local implements Sink.
func (s *AggSpec) Local() LocalSink {
	if s.pack != nil {
		return &packLocal{s: s}
	}
	return s.newState()
}

// Consume adds a batch's rows to their groups.
func (st *aggState) Consume(ctx *sql.Context, b *Batch) error {
	st.f.next()
	for i, k := range st.s.keys {
		v, err := k.Vec(ctx, b, st.f)
		if err != nil {
			return err
		}
		st.kv[i] = v
	}
	if st.spans != nil {
		st.spans.observe(st.kv, b.N)
	}
	st.gids = grow(st.gids, b.N)
	if len(st.kv) == 0 {
		if st.groups.n == 0 {
			st.groups.add(nil, 0, 0)
			st.grow()
		}
		clear(st.gids)
	} else {
		// The table hashes what it needs: a packed one nothing, a dense
		// one the rows its index misses, a hashed one every row.
		before := st.groups.n
		st.groups.findAll(st.kv, b.N, nil, true, st.gids)
		if st.groups.n != before {
			st.grow()
		}
	}
	for j, d := range st.s.aggs {
		if d.key >= 0 {
			continue // the key table holds it
		}
		var args []*Vec
		for _, a := range d.args {
			v, err := a.Vec(ctx, b, st.f)
			if err != nil {
				return err
			}
			args = append(args, v)
		}
		if err := st.accs[j].update(st.gids, args, b.N); err != nil {
			return err
		}
	}
	return st.mem.to(ctx, st.footprint())
}

// footprint estimates the bytes the groups and their states hold.
func (st *aggState) footprint() int64 {
	n := st.groups.footprint() + int64(st.groups.n)*8*int64(len(st.accs))
	for _, a := range st.accs {
		if f, ok := a.(footprinter); ok {
			n += f.footprint()
		}
	}
	return n
}

func (st *aggState) startMorsel(int) {
	if st.spans != nil {
		st.spans.startMorsel()
	}
}

func (st *aggState) grow() {
	for _, a := range st.accs {
		a.resize(st.groups.n)
	}
}

// Finish merges the workers' groups and returns them as batches.
func (s *AggSpec) Finish(ctx *sql.Context, locals []LocalSink) (Source, error) {
	if s.pack != nil {
		return s.finishPacked(ctx, locals)
	}
	defer func() {
		for _, l := range locals {
			l.(*aggState).groups.release() // the results are built
		}
	}()
	parts, dead, err := splitMerge(locals)
	if err != nil {
		return nil, err
	}
	if parts != nil {
		return splitResults(ctx, s.types, parts, dead)
	}
	dst := locals[0].(*aggState)
	for _, l := range locals[1:] {
		if err := dst.merge(l.(*aggState)); err != nil {
			return nil, err
		}
	}
	if len(s.keys) == 0 && dst.groups.n == 0 {
		dst.groups.add(nil, 0, 0)
		dst.grow()
	}
	return dst.result(ctx)
}

func (st *aggState) merge(o *aggState) error {
	if o.groups.n == 0 {
		return nil
	}
	m := make([]int32, o.groups.n)
	if len(st.s.keys) == 0 {
		if st.groups.n == 0 {
			st.groups.add(nil, 0, 0)
		}
	} else {
		var h []uint64
		if st.groups.pack == nil {
			h = o.groups.keyHashes()
		}
		st.groups.findAll(o.groups.keys, o.groups.n, h, true, m)
	}
	st.grow()
	for j, a := range st.accs {
		if err := a.merge(o.accs[j], m); err != nil {
			return err
		}
	}
	return nil
}

// resultBatch is the groups per output batch.
const resultBatch = 2048

// result builds the output batches, resultBatch groups each.
func (st *aggState) result(ctx *sql.Context) (*Batches, error) {
	out := &Batches{types: st.s.types}
	for g0 := 0; g0 < st.groups.n; g0 += resultBatch {
		n := min(resultBatch, st.groups.n-g0)
		b := &Batch{N: n, Cols: make([]*Vec, len(st.accs))}
		for j, a := range st.accs {
			v := &Vec{}
			v.reset(st.s.types[j], n)
			if err := a.emit(ctx, g0, n, v); err != nil {
				return nil, fmt.Errorf("%s: %w", st.s.aggs[j].text, err)
			}
			b.Cols[j] = v
		}
		out.bs = append(out.bs, b)
	}
	return out, nil
}
