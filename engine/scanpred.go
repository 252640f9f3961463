package engine

import (
	"bytes"
	"sort"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/storage"
)

// Operators only vector predicates use (zone maps do not).
const (
	opNotNull zoneOp = 100 + iota // IS NOT NULL
	opNE                          // <> one literal
	opInSet                       // a sqlfn.IntSetPredicate such as in_segment
)

// rowPred is one exact "column op literal(s)" conjunct evaluated on a
// decoded vector, in the column's stored units. NULL never matches
// except for opIsNull.
type rowPred struct {
	pos  int
	op   zoneOp
	kind storage.Kind
	days bool     // DATE column compared with µs literals
	ints []int64  // stored values (KindInt)
	strs [][]byte // KindBytes

	set      sqlfn.IntSetPredicate // opInSet: resolved per statement into contains
	contains func(int64) bool

	// For = with many literals (a long IN list): the literals as sets,
	// so a row costs one probe, not one comparison per literal.
	intSet map[int64]struct{}
	strSet map[string]struct{}
}

// hashedMin is the number of literals from which = probes a set.
const hashedMin = 16

// hashLiterals builds p's literal sets when it is an = of many literals.
func (p *rowPred) hashLiterals() {
	if p.op != opEQ {
		return
	}
	if len(p.ints) >= hashedMin {
		p.intSet = make(map[int64]struct{}, len(p.ints))
		for _, v := range p.ints {
			p.intSet[v] = struct{}{}
		}
	}
	if len(p.strs) >= hashedMin {
		p.strSet = make(map[string]struct{}, len(p.strs))
		for _, v := range p.strs {
			p.strSet[string(v)] = struct{}{}
		}
	}
}

// newRowPred converts a zone predicate's literals into the stored units
// of the column, or fails when that is not exact.
func newRowPred(cd *codec, pos int, zp zonePred) (rowPred, bool) {
	p, ok := newRowPredLists(cd, pos, zp)
	if ok {
		p.hashLiterals()
	}
	return p, ok
}

func newRowPredLists(cd *codec, pos int, zp zonePred) (rowPred, bool) {
	p := rowPred{pos: pos, op: zp.op, kind: cd.kind}
	if zp.op == opIsNull || zp.op == opNotNull {
		return p, true
	}
	switch {
	case zp.dom == domBytes && cd.kind == storage.KindBytes:
		for _, v := range zp.vals {
			p.strs = append(p.strs, v.b)
		}
		return p, true
	case zp.dom == domTime && cd.kind == storage.KindInt:
		p.days = cd.class == classDate
		for _, v := range zp.vals {
			p.ints = append(p.ints, v.usc)
		}
		return p, true
	case zp.dom == domNumeric && cd.kind == storage.KindInt && (cd.class == classInt || cd.class == classDecimal):
		for _, v := range zp.vals {
			s := v.num.Shift(cd.scale)
			if !s.IsInteger() || s.Cmp(maxInt64Dec) > 0 || s.Cmp(minInt64Dec) < 0 {
				return p, false
			}
			p.ints = append(p.ints, s.IntPart())
		}
		return p, true
	}
	return p, false
}

// filter keeps the positions of sel that satisfy p, in place.
func (p *rowPred) filter(b *storage.Batch, sel []uint32) []uint32 {
	v := b.Cols[p.pos]
	out := sel[:0]
	if p.op == opInSet {
		last, lastIn, have := int64(0), false, false
		for _, i := range sel {
			if isNull(v, i) {
				continue
			}
			if x := v.Ints[i]; !have || x != last {
				last, lastIn, have = x, p.contains(x), true
			}
			if lastIn {
				out = append(out, i)
			}
		}
		return out
	}
	if p.op == opIsNull || p.op == opNotNull {
		want := p.op == opIsNull
		for _, i := range sel {
			if isNull(v, i) == want {
				out = append(out, i)
			}
		}
		return out
	}
	if p.kind == storage.KindBytes && v.Codes != nil && v.DictLen() <= maxDictMatch {
		return p.filterCodes(v, sel)
	}
	for _, i := range sel {
		if v.Nulls != nil && v.IsNull(int(i)) {
			continue
		}
		if p.kind == storage.KindBytes {
			if p.matchBytes(v.Bytes(int(i))) {
				out = append(out, i)
			}
			continue
		}
		x := v.Ints[i]
		if p.days {
			x *= calendar.MicrosPerDay
		}
		if p.matchInt(x) {
			out = append(out, i)
		}
	}
	return out
}

// sortedRange is the positions [lo, hi) of b that can pass p when p
// compares an ascending column with one literal; ok is false otherwise.
func (p *rowPred) sortedRange(b *storage.Batch) (lo, hi int, ok bool) {
	v := b.Cols[p.pos]
	if p.kind != storage.KindInt || !v.Ascending || p.days || p.set != nil || len(p.ints) != 1 {
		return 0, 0, false
	}
	xs, lit := v.Ints[:v.N], p.ints[0]
	first := func(above bool) int { // first position with x ≥ lit (x > lit when above)
		return sort.Search(len(xs), func(i int) bool { return xs[i] > lit || !above && xs[i] == lit })
	}
	switch p.op {
	case opEQ:
		return first(false), first(true), true
	case opLT:
		return 0, first(false), true
	case opLE:
		return 0, first(true), true
	case opGT:
		return first(true), len(xs), true
	case opGE:
		return first(false), len(xs), true
	}
	return 0, 0, false
}

func (p *rowPred) matchInt(x int64) bool {
	if p.intSet != nil {
		_, ok := p.intSet[x]
		return ok
	}
	for _, lit := range p.ints {
		var ok bool
		switch p.op {
		case opEQ:
			ok = x == lit
		case opNE:
			ok = x != lit
		case opLT:
			ok = x < lit
		case opLE:
			ok = x <= lit
		case opGT:
			ok = x > lit
		case opGE:
			ok = x >= lit
		}
		if ok {
			return true
		}
	}
	return false
}

// maxDictMatch bounds the dictionaries filterCodes decides value by value.
const maxDictMatch = 1024

// filterCodes is filter on a string chunk in dictionary form: the
// predicate is decided once per dictionary value, then each row is one
// lookup of its code.
func (p *rowPred) filterCodes(v *storage.Vector, sel []uint32) []uint32 {
	var match [maxDictMatch]bool
	for j := range v.DictLen() {
		match[j] = p.matchBytes(v.DictValue(j))
	}
	out := sel[:0]
	for _, i := range sel {
		if match[v.Codes[i]] && (v.Nulls == nil || !v.IsNull(int(i))) {
			out = append(out, i)
		}
	}
	return out
}

func (p *rowPred) matchBytes(x []byte) bool {
	if p.strSet != nil {
		_, ok := p.strSet[string(x)]
		return ok
	}
	for _, lit := range p.strs {
		c := bytes.Compare(x, lit)
		var ok bool
		switch p.op {
		case opEQ:
			ok = c == 0
		case opNE:
			ok = c != 0
		case opLT:
			ok = c < 0
		case opLE:
			ok = c <= 0
		case opGT:
			ok = c > 0
		case opGE:
			ok = c >= 0
		}
		if ok {
			return true
		}
	}
	return false
}

// intExpr computes an integer per selected position: out[pos] and
// null[pos] are written for every pos in sel (both sized b.N).

func isNull(v *storage.Vector, i uint32) bool { return v.Nulls != nil && v.IsNull(int(i)) }
