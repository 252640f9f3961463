package engine

import (
	"bytes"
	"math/big"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/storage"
)

// zoneOp is a comparison a zone map can rule out.
type zoneOp uint8

const (
	opEQ zoneOp = iota
	opLT
	opLE
	opGT
	opGE
	opIsNull // col <=> NULL: the only predicate an all-NULL segment can satisfy
)

// domain is the value space a column's zone map is compared in. Values
// are converted into it exactly or not at all: a predicate whose literal
// cannot be converted exactly prunes nothing.
type domain uint8

const (
	domNone    domain = iota
	domNumeric        // ints, uints, scaled decimals, floats: compared as decimal.Decimal
	domTime           // DATE and DATETIME: compared as µs since the epoch
	domBytes          // binary-collated strings and binary columns: bytes.Compare
)

// zoneValue is a literal or a zone bound in one domain.
type zoneValue struct {
	num decimal.Decimal
	usc int64
	b   []byte
}

func compareZone(d domain, a, b zoneValue) int {
	switch d {
	case domNumeric:
		return a.num.Cmp(b.num)
	case domTime:
		switch {
		case a.usc < b.usc:
			return -1
		case a.usc > b.usc:
			return 1
		}
		return 0
	}
	return bytes.Compare(a.b, b.b)
}

// zonePred is one conjunct "column op literal" (or column IN literals:
// several values, any may match).
type zonePred struct {
	ord  int
	dom  domain
	op   zoneOp
	vals []zoneValue
}

// zonePruner skips sealed segments that no row can match: a segment is
// kept unless some conjunct is provably false for every row of it.
// Filters still run on the rows of kept segments, so pruning only ever
// saves work and never decides a result.
type zonePruner struct {
	codecs []*codec
	preds  []zonePred
}

// prune reports whether p can be skipped. Only sealed segments carry zone
// maps; the write buffer and transaction parts are always read.
func (z *zonePruner) prune(p *storage.Part) bool {
	if p.Kind != storage.PartSegment {
		return false
	}
	for i := range z.preds {
		pr := &z.preds[i]
		if pr.ord >= len(p.Zones) {
			continue
		}
		if !z.mayMatch(pr, &p.Zones[pr.ord]) {
			return true
		}
	}
	return false
}

func (z *zonePruner) mayMatch(pr *zonePred, zm *storage.ZoneMap) bool {
	if pr.op == opIsNull {
		return zm.Nulls > 0 || !zm.HasRange
	}
	if !zm.HasRange {
		return false // every value is NULL: no comparison is true
	}
	lo, hi, ok := zoneBounds(z.codecs[pr.ord], pr.dom, zm)
	if !ok {
		return true
	}
	for _, v := range pr.vals {
		if rangeMayMatch(pr.dom, pr.op, lo, hi, v) {
			return true
		}
	}
	return false
}

func rangeMayMatch(d domain, op zoneOp, lo, hi, v zoneValue) bool {
	switch op {
	case opEQ:
		return compareZone(d, lo, v) <= 0 && compareZone(d, v, hi) <= 0
	case opLT:
		return compareZone(d, lo, v) < 0
	case opLE:
		return compareZone(d, lo, v) <= 0
	case opGT:
		return compareZone(d, hi, v) > 0
	case opGE:
		return compareZone(d, hi, v) >= 0
	}
	return true
}

// zoneBounds converts a zone map's min and max into the domain.
func zoneBounds(c *codec, d domain, zm *storage.ZoneMap) (lo, hi zoneValue, ok bool) {
	if zm.Kind != c.kind {
		return lo, hi, false
	}
	switch d {
	case domNumeric:
		switch c.kind {
		case storage.KindInt:
			lo.num, hi.num = decimal.New(zm.MinI, -c.scale), decimal.New(zm.MaxI, -c.scale)
		case storage.KindUint:
			lo.num, hi.num = decFromUint64(uint64(zm.MinI)), decFromUint64(uint64(zm.MaxI))
		case storage.KindFloat:
			lo.num, hi.num = decimal.NewFromFloat(zm.MinF), decimal.NewFromFloat(zm.MaxF)
		default:
			return lo, hi, false
		}
	case domTime:
		lo.usc, hi.usc = zm.MinI, zm.MaxI
		if c.class == classDate {
			lo.usc, hi.usc = zm.MinI*calendar.MicrosPerDay, zm.MaxI*calendar.MicrosPerDay
		}
	case domBytes:
		lo.b, hi.b = zm.MinB, zm.MaxB
	default:
		return lo, hi, false
	}
	return lo, hi, true
}

// domainOf returns the domain a column can be pruned in, or domNone.
// TIMESTAMP is left out (its literals depend on the session time zone),
// and so are strings whose collation is not plain byte order.
func domainOf(c *codec) domain {
	switch c.class {
	case classInt, classUint, classDecimal, classFloat32, classFloat64:
		return domNumeric
	case classDate:
		return domTime
	case classDatetime:
		if c.typ.Type() == types.Datetime.Type() {
			return domTime
		}
	case classBinary:
		return domBytes
	case classString:
		// Types rebuilt from their SQL string carry Collation_Unspecified
		// for the default collation (utf8mb4_0900_bin, byte order).
		st, ok := c.typ.(sql.StringType)
		if ok && byteOrdered(st.Collation()) {
			return domBytes
		}
	}
	return domNone
}

func byteOrdered(c sql.CollationID) bool {
	switch c {
	case sql.Collation_binary, sql.Collation_utf8mb4_0900_bin, sql.Collation_Unspecified:
		return sql.Collation_Default == sql.Collation_utf8mb4_0900_bin || c != sql.Collation_Unspecified
	}
	return false
}

// literalValue converts a literal into the domain, exactly, or fails.
func literalValue(ctx *sql.Context, d domain, v any) (zoneValue, bool) {
	var zv zoneValue
	switch d {
	case domNumeric:
		n, ok := numericLiteral(v)
		zv.num = n
		return zv, ok
	case domTime:
		t, ok := timeLiteral(ctx, v)
		zv.usc = t.UnixMicro()
		return zv, ok
	case domBytes:
		switch x := v.(type) {
		case string:
			zv.b = []byte(x)
			return zv, true
		case []byte:
			zv.b = x
			return zv, true
		}
	}
	return zv, false
}

func numericLiteral(v any) (decimal.Decimal, bool) {
	if i, ok := toInt64(v); ok {
		return decimal.NewFromInt(i.(int64)), true
	}
	if u, ok := toUint64(v); ok {
		return decFromUint64(u.(uint64)), true
	}
	switch x := v.(type) {
	case decimal.Decimal:
		return x, true
	case float64:
		return decimal.NewFromFloat(x), true
	case float32:
		return decimal.NewFromFloat32(x), true
	}
	return decimal.Decimal{}, false
}

func timeLiteral(ctx *sql.Context, v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		t, _, err := types.DatetimeMaxPrecision.Convert(ctx, x)
		if err != nil {
			return time.Time{}, false
		}
		tt, ok := t.(time.Time)
		return tt, ok
	}
	return time.Time{}, false
}

func decFromUint64(u uint64) decimal.Decimal {
	return decimal.NewFromBigInt(new(big.Int).SetUint64(u), 0)
}
