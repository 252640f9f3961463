package exec

import (
	"fmt"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// JoinKind is the kind of a HashJoin.
type JoinKind uint8

const (
	JoinInner JoinKind = iota
	JoinLeft           // left outer: unmatched probe rows with NULL build columns
	JoinSemi           // probe rows with at least one match, once
	JoinAnti           // probe rows without a match
)

func (k JoinKind) String() string {
	return [...]string{"inner", "left", "semi", "anti"}[k]
}

// JoinOpts are a join's options beyond its kind.
type JoinOpts struct {
	// NullAware gives an anti join (or a left join whose unmatched rows
	// are all that is kept) the semantics of NOT IN: when the build
	// side has rows, a probe row is dropped — neither matched nor
	// unmatched — if its key is NULL, if the build side holds a NULL
	// key, or if the condition is NULL for one of its candidates. Without
	// it an anti join is NOT EXISTS: only a TRUE condition matches.
	NullAware bool
	// Unmatched marks a left join of which only the unmatched probe rows
	// are kept: a filter above it asks for a right key column IS NULL,
	// which no matched pair passes (its key equality was TRUE), as GMS
	// writes NOT EXISTS (LEFT JOIN ... WHERE o.customer_id IS NULL).
	// Matched pairs are then only marked, never gathered.
	Unmatched bool
}

// joinSpec is a hash join: the build side (right) is run to completion
// into a hash table on its key, then probe batches (left) stream
// through it. cond, over the joined layout, is the whole join
// condition, residual non-equi parts included.
type joinSpec struct {
	kind  JoinKind
	opts  JoinOpts
	left  []ColType
	right []ColType
	types []ColType
	build *Pipeline
	lkeys []Expr
	rkeys []Expr
	// lkeySQL is lkeys before compiling, over the probe's layout.
	lkeySQL []sql.Expression
	lec     *exprCompiler
	cond    Expr
	// condSQL is cond before compiling (absorb adds to it).
	condSQL sql.Expression
	// condCols are the joined columns cond reads (nil: all of them).
	condCols []int
	cec      *exprCompiler
	text     string
	keyText  string // the equality the hash table answers, for EXPLAIN
	table    *joinTable
	rkeyEC   *exprCompiler
	// Per key, the left and right column it is (-1: an expression), for
	// unmatchedOnly and restrictProbe.
	lkeyFields, rkeyFields []int
	// The columns the keys read on each side (nil: unknown), and, once
	// pruned (prune.go), the joined columns kept and each input's need.
	lkeyCols, rkeyCols []int
	keep               []bool
	keepCols           []int
	lneed, rneed       []bool
	band               *bandSpec // the condition's bounds (band.go), nil: none
	// buildNeed, when set, is the build columns the table keeps whatever
	// the join's output needs (an eager aggregate's semi join: eager.go).
	buildNeed []bool
	// constKeys: every key is one constant on both sides (no equality),
	// so a tiny built table may be probed per build row (tinyjoin.go).
	constKeys bool
}

// joinTable is the built side: its rows as one batch, their keys
// numbered, and each key's rows chained.
type joinTable struct {
	rows      *Batch
	nullKeys  bool // some row's key is NULL
	keys      *keyTable
	first     []int32 // per key: first row, -1 none
	next      []int32 // per row: next row of the same key, -1 none
	band      *bandIndex
	tiny      bool // probed per build row (tinyjoin.go)
	tinyConds *tinyConds
}

func newJoin(kind JoinKind, opts JoinOpts, left []ColType, build *Pipeline, lkey, rkey, cond sql.Expression) (*joinSpec, error) {
	s := &joinSpec{kind: kind, opts: opts, left: left, right: build.Types(), build: build, lec: &exprCompiler{in: left}}
	s.keyText = fmt.Sprintf("keys: %s = %s", lkey, rkey)
	rec := &exprCompiler{in: s.right}
	lk, rk := tupleItems(lkey), tupleItems(rkey)
	if len(lk) != len(rk) {
		return nil, unsupported("join keys %s and %s", lkey, rkey)
	}
	for i := range lk {
		l, err := s.lec.compile(lk[i])
		if err != nil {
			return nil, err
		}
		r, err := rec.compile(rk[i])
		if err != nil {
			return nil, err
		}
		if !comparable(l.Type(), r.Type()) {
			return nil, unsupported("join keys %s and %s differ in type", lk[i], rk[i])
		}
		s.lkeys, s.rkeys = append(s.lkeys, l), append(s.rkeys, r)
	}
	s.lkeySQL = lk
	s.constKeys = constKeys(lk, rk)
	s.lkeyCols, s.rkeyCols = keyCols(lk), keyCols(rk)
	s.lkeyFields, s.rkeyFields = plainFields(lk), plainFields(rk)
	joined := append(append([]ColType(nil), left...), s.right...)
	s.cec = &exprCompiler{in: joined}
	if kind != JoinAnti {
		cond = withoutKeyEqualities(cond, lk, rk, len(left))
	}
	if err := s.setCond(cond); err != nil {
		return nil, err
	}
	s.types = joined
	if kind == JoinSemi || kind == JoinAnti {
		s.types = left
	}
	s.rkeyEC = rec
	return s, nil
}

// withoutKeyEqualities drops from cond (over the joined row) the
// conjuncts that equate a left key column with its right key column:
// the hash table has matched them already, so evaluating them again per
// pair only costs (GMS leaves the whole ON condition on its HashJoin).
// The keys compare as raw values of one layout, NULL matching nothing,
// as the equality does; anti joins keep theirs (NOT IN's NULLs).
func withoutKeyEqualities(cond sql.Expression, lk, rk []sql.Expression, width int) sql.Expression {
	if cond == nil {
		return nil
	}
	var keep []sql.Expression
	for _, c := range rowConjuncts(cond) {
		if !isKeyEquality(c, lk, rk, width) {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	return expression.JoinAnd(keep...)
}

func isKeyEquality(c sql.Expression, lk, rk []sql.Expression, width int) bool {
	eq, ok := c.(*expression.Equals)
	if !ok {
		return false
	}
	a, okA := eq.Left().(*expression.GetField)
	b, okB := eq.Right().(*expression.GetField)
	if !okA || !okB {
		return false
	}
	for i := range lk {
		l, okL := lk[i].(*expression.GetField)
		r, okR := rk[i].(*expression.GetField)
		if !okL || !okR {
			continue
		}
		li, ri := l.Index(), width+r.Index()
		if (a.Index() == li && b.Index() == ri) || (a.Index() == ri && b.Index() == li) {
			return true
		}
	}
	return false
}

// setCond compiles the join's residual condition.
func (s *joinSpec) setCond(cond sql.Expression) error {
	if lit, ok := cond.(*expression.Literal); ok && lit.Value() == true {
		// GMS's lookup join on an expression key leaves its ON TRUE:
		// testing it on every pair only costs, and a join that only
		// marks its rows settles them on their first match without it.
		cond = nil
	}
	if cond == nil {
		return nil
	}
	c, err := s.cec.compile(cond)
	if err != nil {
		return err
	}
	s.cond, s.condSQL, s.text, s.condCols = c, cond, cond.String(), fieldsOf(cond)
	s.band = nil
	if !s.opts.NullAware { // NOT IN must see a NULL condition, which the index leaves out
		s.band = planBand(cond, len(s.left), s.lec, s.right)
	}
	return nil
}

// absorb takes a filter over an inner join's output into its condition,
// so the pairs it drops are never gathered whole (Q5's a.product_id <
// b.product_id in WHERE runs as it would in ON); false leaves the join
// as it was.
func (s *joinSpec) absorb(filter sql.Expression) bool {
	if s.kind != JoinInner {
		return false
	}
	cond := filter
	if s.condSQL != nil {
		cond = expression.NewAnd(s.condSQL, filter)
	}
	return s.setCond(cond) == nil
}

// unmatchedOnly sets Unmatched when filter, over a left join's output,
// has a conjunct `right key column IS NULL`; the filter still runs.
func (s *joinSpec) unmatchedOnly(filter sql.Expression) {
	if s.kind != JoinLeft {
		return
	}
	for _, c := range expression.SplitConjunction(filter) {
		n, ok := c.(*expression.IsNull)
		if !ok {
			continue
		}
		gf, ok := n.Child.(*expression.GetField)
		if ok && gf.Index() >= len(s.left) && slices.Contains(s.rkeyFields, gf.Index()-len(s.left)) {
			s.opts.Unmatched = true
			return
		}
	}
}

// marksOnly reports whether the join's matched pairs only mark their
// probe rows (semi, anti, Unmatched) instead of being emitted.
func (s *joinSpec) marksOnly() bool {
	return s.kind == JoinSemi || s.kind == JoinAnti || s.opts.Unmatched
}

func (s *joinSpec) Types() []ColType  { return s.types }
func (s *joinSpec) Sources() []Source { return []Source{s.build.asSource()} }
func (s *joinSpec) Describe() (string, []string) {
	kind := s.kind.String()
	if s.opts.NullAware {
		kind += ", null-aware"
	}
	if s.opts.Unmatched {
		kind += ", unmatched rows only"
	}
	details := []string{s.keyText}
	if s.text != "" {
		details = append(details, s.text)
	}
	if s.band != nil {
		details = append(details, s.band.describe())
	}
	if s.tinyEligible() {
		// chosen once the table is built (tinyjoin.go)
		details = append(details, fmt.Sprintf("per build row when built with at most %d rows", maxTinyBuild))
	}
	if s.keepCols != nil && len(s.keepCols) < len(s.left)+len(s.right) {
		details = append(details, fmt.Sprintf("gathers %d of %d columns", len(s.keepCols), len(s.left)+len(s.right)))
	}
	return fmt.Sprintf("HashJoin(%s)", kind), details
}

// Open builds the hash table from the build pipeline.
func (s *joinSpec) Open(ctx *sql.Context) error {
	t, err := buildTable(ctx, s.build, s.rkeys, s.rkeyEC, s.rneed)
	s.table = t
	if err != nil {
		return err
	}
	if s.useTiny(t, len(s.left)) {
		return nil
	}
	t.band, err = buildBand(ctx, s.band, t)
	return err
}

// plainFields is, per key, the column it is, -1 for an expression.
func plainFields(keys []sql.Expression) []int {
	out := make([]int, len(keys))
	for i, k := range keys {
		out[i] = -1
		if gf, ok := k.(*expression.GetField); ok {
			out[i] = gf.Index()
		}
	}
	return out
}

// keyCols lists the columns a join's key expressions read (nil: unknown).
func keyCols(keys []sql.Expression) []int {
	cols := []int{}
	for _, k := range keys {
		c := fieldsOf(k)
		if c == nil {
			return nil
		}
		cols = append(cols, c...)
	}
	return cols
}

// buildTable runs p and builds a hash table of its rows on keys
// (compiled by ec over p's layout).
func buildTable(ctx *sql.Context, p *Pipeline, keys []Expr, ec *exprCompiler, need []bool) (*joinTable, error) {
	src, err := p.Run(ctx, &collectSink{types: p.Types(), need: need})
	if err != nil {
		return nil, err
	}
	built := src.(*Batches)
	rows, err := concatMoving(ctx, p.Types(), built.bs, &built.mem, true)
	if err != nil {
		return nil, err
	}
	built.bs = nil
	f := ec.NewFrame()
	cols, err := keyVecs(ctx, keys, rows, f, nil)
	if err != nil {
		return nil, err
	}
	kt := make([]ColType, len(cols))
	for i, v := range cols {
		kt[i] = v.T
	}
	t := &joinTable{rows: rows, keys: newKeyTable(kt), next: make([]int32, rows.N)}
	// One findAll builds the keys and their dense index, which the probe
	// workers then only read. A NULL key gets a group no probe reaches.
	gids := make([]int32, rows.N)
	lo, hi, ranged := t.keys.sizeFor(cols, rows.N)
	t.keys.findAll(cols, rows.N, t.keys.hashesFor(cols, rows.N), true, gids)
	if ranged && !t.keys.viaDense {
		t.keys.members = newMemberSet(cols[0], rows.N, lo, hi)
	}
	t.first = make([]int32, t.keys.n)
	for g := range t.first {
		t.first[g] = -1
	}
	for i := 0; i < rows.N; i++ {
		t.next[i] = -1
		if anyNull(cols, i) {
			t.nullKeys = true
			continue // NULL never equals anything
		}
		g := gids[i]
		t.next[i], t.first[g] = t.first[g], int32(i)
	}
	// The build rows were counted as collected; the table over them now.
	var mem tally
	bytes := t.keys.footprint() + int64(cap(t.next)+cap(t.first))*4
	if t.keys.members != nil {
		bytes += t.keys.members.footprint()
	}
	return t, mem.to(ctx, bytes)
}

// probeHashes returns the hashes of cols that looking them up in t
// needs (into h's storage): none (nil, never a stale buffer) when t's
// dense index answers every lookup, a key outside it or NULL being in no
// build row, or when its member set hashes the rows it probes itself.
func (t *joinTable) probeHashes(cols []*Vec, n int, h []uint64) []uint64 {
	k := t.keys
	if k.dense.on && k.viaDense || k.members != nil {
		return nil
	}
	return hashRows(cols, n, h)
}

// intRange is the least and greatest non-NULL value of a single integer
// key column; ok is false for other keys or when every value is NULL.
// sizeFor prepares an empty table for the n rows of cols, all known: a
// dense index over a single integer key's range when it is within the
// slack, else hashed slots for them all. It returns that key's range
// (ok false: not one integer key).
func (t *keyTable) sizeFor(cols []*Vec, n int) (lo, hi int64, ok bool) {
	lo, hi, ok = intRange(cols, n)
	if ok {
		t.presize(lo, hi, n)
	}
	if !t.dense.sized {
		t.dense.on, t.viaDense = false, false
		t.reserve(n)
	}
	return lo, hi, ok
}

// hashesFor is the hashes of cols' n rows when t looks them up by hash
// (nil when its dense index answers alone): computed by the caller, as
// lookups run on several workers at once.
func (t *keyTable) hashesFor(cols []*Vec, n int) []uint64 {
	if t.viaDense && t.grid == nil {
		return nil
	}
	return hashRows(cols, n, nil)
}

func intRange(cols []*Vec, n int) (lo, hi int64, ok bool) {
	if len(cols) != 1 || !intLike(cols[0].T.Phys) {
		return 0, 0, false
	}
	lo, hi = cols[0].intRange(n)
	return lo, hi, lo <= hi
}

// concat joins batches into one.
func concat(types []ColType, bs []*Batch) *Batch {
	n := total(bs)
	out := &Batch{N: n, Cols: make([]*Vec, len(types))}
	for c, t := range types {
		out.Cols[c] = concatCol(t, bs, c, n)
	}
	return out
}

// maxMergedDict bounds a merged dictionary: past it the column is
// decoded, as a column of mostly distinct strings gains nothing coded.
const maxMergedDict = 1 << 16

// maxCodedBuild is the most rows a build side's plain strings are coded
// for (one map lookup each): literal tier tables, small dimensions.
const maxCodedBuild = 4096

// mergeCoded joins column c of bs under one dictionary; nil when a
// batch is not coded (and the build is not small) or the dictionaries
// together are too large.
func mergeCoded(t ColType, bs []*Batch, c, n int) *Vec {
	size := 0
	for _, b := range bs {
		src := b.Cols[c]
		switch {
		case src.Codes == nil && n > maxCodedBuild:
			return nil
		case src.Codes == nil:
			size += b.N
		case !sameDict(src.Dict, bs[0].Cols[c].Dict):
			size += len(src.Dict)
		}
	}
	if size > maxMergedDict {
		return nil
	}
	v := &Vec{T: t, Codes: make([]uint32, 0, n)}
	var d dictBuilder
	at := 0
	var remap []uint32
	for _, b := range bs {
		src := b.Cols[c]
		switch {
		case d.index == nil && src.Codes != nil && sameDict(src.Dict, bs[0].Cols[c].Dict):
			d.dict = src.Dict // codes stay as they are
			v.Codes = append(v.Codes, src.Codes[:b.N]...)
		case src.Codes == nil:
			for _, s := range src.S[:b.N] {
				v.Codes = append(v.Codes, d.code(s))
			}
		default:
			remap = remap[:0]
			for _, s := range src.Dict {
				remap = append(remap, d.code(s))
			}
			for _, code := range src.Codes[:b.N] {
				v.Codes = append(v.Codes, remap[code])
			}
		}
		v.Nulls = copyNulls(v.Nulls, src, at, b.N, n)
		at += b.N
	}
	v.Dict = d.dict
	return v
}

// dictBuilder numbers strings in order of first appearance, starting
// from a dictionary shared with a source until the first other string.
type dictBuilder struct {
	dict  []string
	index map[string]uint32
}

func (d *dictBuilder) code(s string) uint32 {
	if d.index == nil { // index the shared dictionary, on a copy
		d.dict = slices.Clone(d.dict)
		d.index = make(map[string]uint32, len(d.dict))
		for k, x := range d.dict {
			if _, ok := d.index[x]; !ok {
				d.index[x] = uint32(k)
			}
		}
	}
	k, ok := d.index[s]
	if !ok {
		k = uint32(len(d.dict))
		d.index[s] = k
		d.dict = append(d.dict, s)
	}
	return k
}

// sameDict reports whether a and b are one dictionary (the same array).
func sameDict(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// copyNulls copies src's m NULL marks to dst at position at (dst made
// for n rows on the first NULL).
func copyNulls(dst []bool, src *Vec, at, m, n int) []bool {
	if src.Nulls == nil {
		return dst
	}
	if dst == nil {
		dst = make([]bool, n)
	}
	copy(dst[at:], src.Nulls[:m])
	return dst
}

// concatCol joins column c of bs, n rows in all. The batches are
// collected copies, so their strings are shared, not copied again.
func concatCol(t ColType, bs []*Batch, c, n int) *Vec {
	v := &Vec{T: t}
	if allAbsent(bs, c) {
		v.SetAbsent(t, n)
		return v
	}
	switch t.Phys {
	case PFloat:
		v.F = make([]float64, 0, n)
	case PStr:
		v.S = make([]string, 0, n)
	default:
		v.I = make([]int64, 0, n)
	}
	at := 0
	for _, b := range bs {
		src := b.Cols[c]
		switch {
		case t.Phys == PFloat:
			v.F = append(v.F, src.F[:b.N]...)
		case t.Phys == PStr && src.Codes != nil:
			for _, code := range src.Codes[:b.N] {
				v.S = append(v.S, src.Dict[code])
			}
		case t.Phys == PStr:
			v.S = append(v.S, src.S[:b.N]...)
		default:
			v.I = append(v.I, src.I[:b.N]...)
		}
		v.Nulls = copyNulls(v.Nulls, src, at, b.N, n)
		at += b.N
	}
	return v
}

func allAbsent(bs []*Batch, c int) bool {
	for _, b := range bs {
		if !b.Cols[c].Absent {
			return false
		}
	}
	return true
}

func total(bs []*Batch) int {
	n := 0
	for _, b := range bs {
		n += b.N
	}
	return n
}

func (s *joinSpec) New() Op {
	n := len(s.left) + len(s.right)
	return &probeOp{s: s, lf: s.lec.NewFrame(), cf: s.cec.NewFrame(),
		joined: &Batch{Cols: newVecs(n)}, pairs: &Batch{Cols: newVecs(n)}}
}

// probeOp is one worker's probe side.
type probeOp struct {
	s       *joinSpec
	lf, cf  *Frame
	h       []uint64
	gids    []int32
	li, ri  []int32
	matched []bool
	dropped []bool // NullAware: rows whose NOT IN is NULL
	nullBuf []bool // rows with a NULL key (keyNulls)
	joined  *Batch
	// pairs holds the condition's columns of the candidate pairs, apart
	// from joined: joined leaves the columns it does not keep absent,
	// which would drop their buffers before every next chunk.
	pairs *Batch
	sel   []int32
	kv    []*Vec
	bp    bandProbe // the band index's probe values
	blo   []int32   // and each row's candidates
	bhi   []int32
	tiny  tinyProbe // a tiny build's broadcast rows
}

const pairChunk = 4096

func (o *probeOp) Push(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	if o.s.table.tiny {
		return o.pushTiny(ctx, b, emit)
	}
	cols, err := keyVecs(ctx, o.s.lkeys, b, o.lf, o.kv)
	if err != nil {
		return err
	}
	o.kv = cols
	o.h = o.s.table.probeHashes(cols, b.N, o.h)
	o.matched = grow(o.matched, b.N)
	clear(o.matched)
	t := o.s.table
	unknown := o.s.opts.NullAware && t.rows.N > 0 // NOT IN over a non-empty set
	o.dropped = grow(o.dropped, b.N)
	for i := range o.dropped {
		o.dropped[i] = unknown && t.nullKeys
	}
	o.li, o.ri = o.li[:0], o.ri[:0]
	o.gids = grow(o.gids, b.N)
	t.keys.findAll(cols, b.N, o.h, false, o.gids)
	if t.band != nil {
		o.blo, o.bhi = grow(o.blo, b.N), grow(o.bhi, b.N)
		if err := t.band.ranges(ctx, b, o.lf, &o.bp, o.gids, o.blo, o.bhi); err != nil {
			return err
		}
	}
	// Without a condition beyond the keys, a row that only marks is
	// settled by its key's first row: a customer's hundred orders are
	// not paired with each event of an anti join.
	firstMatch := o.s.marksOnly() && o.s.cond == nil && t.band == nil
	nulls := keyNulls(cols, b.N, &o.nullBuf)
	for i := 0; i < b.N; i++ {
		if nulls != nil && nulls[i] {
			o.dropped[i] = unknown
			continue
		}
		g := o.gids[i]
		if g < 0 {
			continue
		}
		if firstMatch {
			o.matched[i] = true
			continue
		}
		if t.band != nil {
			for _, r := range t.band.perm[o.blo[i]:o.bhi[i]] {
				if err := o.pair(ctx, b, emit, i, r); err != nil {
					return err
				}
			}
			continue
		}
		for r := t.first[g]; r >= 0; r = t.next[r] {
			o.li, o.ri = append(o.li, int32(i)), append(o.ri, r) // o.pair, inlined
			if len(o.li) == pairChunk {
				if err := o.flush(ctx, b, emit); err != nil {
					return err
				}
			}
		}
	}
	if err := o.flush(ctx, b, emit); err != nil {
		return err
	}
	return o.finish(b, emit)
}

// pair collects probe row i with build row r, flushing a full chunk.
func (o *probeOp) pair(ctx *sql.Context, b *Batch, emit func(*Batch) error, i int, r int32) error {
	o.li, o.ri = append(o.li, int32(i)), append(o.ri, r)
	if len(o.li) == pairChunk {
		return o.flush(ctx, b, emit)
	}
	return nil
}

// flush joins the collected pairs, applies the condition and emits the
// inner matches (semi and left joins only mark their probe rows). The
// condition is evaluated on its own columns first: only the pairs it
// keeps are gathered whole (a range condition in ON keeps few of a
// customer's order pairs), and semi and anti joins gather nothing else.
func (o *probeOp) flush(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	if len(o.li) == 0 {
		return nil
	}
	marksOnly := o.s.marksOnly()
	if o.s.cond != nil {
		o.gatherPairs(o.pairs, b, o.s.condCols)
		p, err := o.s.cond.Vec(ctx, o.pairs, o.cf)
		if err != nil {
			return err
		}
		k := 0
		for i, l := range o.li {
			if truth(p, i) {
				o.matched[l] = true
				o.li[k], o.ri[k] = l, o.ri[i]
				k++
			} else if o.s.opts.NullAware && p.IsNull(i) {
				o.dropped[l] = true
			}
		}
		o.li, o.ri = o.li[:k], o.ri[:k]
	} else {
		for _, l := range o.li {
			o.matched[l] = true
		}
	}
	if marksOnly || len(o.li) == 0 {
		o.li, o.ri = o.li[:0], o.ri[:0]
		return nil
	}
	o.gatherPairs(o.joined, b, o.s.keepCols)
	o.s.absentRest(o.joined)
	o.li, o.ri = o.li[:0], o.ri[:0]
	return emit(o.joined)
}

func (o *probeOp) gatherPairs(dst, b *Batch, cols []int) {
	gatherJoined(dst, b, o.li, o.s.table.rows, o.ri, cols)
}

// absentRest makes the joined columns the join does not keep absent
// vectors of the batch's length: nothing reads them, but whatever
// copies a batch copies every column.
func (s *joinSpec) absentRest(b *Batch) {
	if s.keepCols == nil {
		return
	}
	nl := len(s.left)
	for c, k := range s.keep {
		if k {
			continue
		}
		if c < nl {
			b.Cols[c].SetAbsent(s.left[c], b.N)
		} else {
			b.Cols[c].SetAbsent(s.right[c-nl], b.N)
		}
	}
}

// gatherJoined fills joined with pairs of rows, left row li[k] of l
// beside right row ri[k] of r: the columns of cols, or all when cols is
// nil.
func gatherJoined(joined, l *Batch, li []int32, r *Batch, ri []int32, cols []int) {
	nl := len(l.Cols)
	one := func(c int) {
		if c < nl {
			gather(joined.Cols[c], l.Cols[c], li)
		} else {
			gather(joined.Cols[c], r.Cols[c-nl], ri)
		}
	}
	if cols == nil {
		for c := range joined.Cols {
			one(c)
		}
	} else {
		for _, c := range cols {
			one(c)
		}
	}
	joined.N = len(li)
}

// finish emits what depends on the whole probe batch: semi-join rows,
// and a left join's unmatched rows.
func (o *probeOp) finish(b *Batch, emit func(*Batch) error) error {
	if o.s.kind == JoinInner {
		return nil
	}
	o.sel = o.sel[:0]
	for i := 0; i < b.N; i++ {
		keep := !o.matched[i]
		if o.s.kind == JoinSemi {
			keep = o.matched[i]
		}
		if keep && !o.dropped[i] {
			o.sel = append(o.sel, int32(i))
		}
	}
	if len(o.sel) == 0 {
		return nil
	}
	out := selectRows(b, o.sel)
	if o.s.kind == JoinLeft {
		out = nullPadded(out, o.s.right)
	}
	return emit(out)
}

// fieldsOf returns the columns e reads, or nil (all) when it holds
// anything but plain column references to look through.
func fieldsOf(e sql.Expression) []int {
	cols := []int{}
	all := false
	sql.Inspect(e, func(x sql.Expression) bool {
		switch x := x.(type) {
		case *expression.GetField:
			if !slices.Contains(cols, x.Index()) {
				cols = append(cols, x.Index())
			}
		case sql.ExpressionWithNodes:
			all = true
		}
		return !all
	})
	if all {
		return nil
	}
	return cols
}

// tupleItems is the expressions of a join key: a tuple's items, or the
// key itself.
func tupleItems(e sql.Expression) []sql.Expression {
	t, ok := e.(expression.Tuple)
	if !ok {
		return []sql.Expression{e}
	}
	var items []sql.Expression
	for _, x := range t {
		items = append(items, tupleItems(x)...) // a row's fields: (a, b) IN (SELECT x, y ...)
	}
	return items
}

// keyVecs evaluates key expressions over b.
func keyVecs(ctx *sql.Context, keys []Expr, b *Batch, f *Frame, dst []*Vec) ([]*Vec, error) {
	dst = dst[:0]
	for _, k := range keys {
		v, err := k.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// keyNulls marks the first n rows with a NULL among cols (nil: none):
// a single column's own marks, else marks written to *buf.
func keyNulls(cols []*Vec, n int, buf *[]bool) []bool {
	if !anyHasNull(cols, n) {
		return nil
	}
	if len(cols) == 1 {
		return cols[0].Nulls[:n]
	}
	*buf = grow(*buf, n)
	marks := (*buf)[:n]
	for i := range marks {
		marks[i] = anyNull(cols, i)
	}
	return marks
}

func anyNull(cols []*Vec, i int) bool {
	for _, v := range cols {
		if v.IsNull(i) {
			return true
		}
	}
	return false
}
