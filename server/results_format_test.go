package server

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/batch"
)

// TestFormatsMatchGMS: every value the batched result path formats itself
// must come out exactly as the column type's own SQL method writes it
// (same bytes, same wire type, an error where it errs), DOUBLE and FLOAT
// values put into MySQL's notation as go-mysql-server's own path puts
// them (mysqlFloatText). Values it does
// not take directly go to that method, so they match by construction;
// random values of every Go type a row may hold cover both.
func TestFormatsMatchGMS(t *testing.T) {
	ctx := sql.NewEmptyContext()
	r := rand.New(rand.NewPCG(1, 2))
	colTypes := []sql.Type{
		types.Int8, types.Int16, types.Int32, types.Int64, types.Date, types.Datetime, types.Float64, types.Float32,
		types.MustCreateDecimalType(20, 2), types.MustCreateDecimalType(10, 4),
		types.MustCreateDecimalType(65, 30), types.MustCreateDecimalType(5, 0),
		types.MustCreateColumnDecimalType(20, 2), types.MustCreateColumnDecimalType(12, 6),
	}
	for _, ct := range colTypes {
		f := formatFor(ctx, ct)
		for range 3000 {
			v := randomValue(r)
			want, werr := mysqlFloatText(ct.SQL(ctx, nil, atResultScale(ct, v)))
			got, gerr := f(ctx, []byte("junk")[:0], v)
			if (werr != nil) != (gerr != nil) {
				t.Fatalf("%s of %T %v: error %v, GMS error %v", ct, v, v, gerr, werr)
			}
			if werr != nil {
				continue
			}
			if got.Type() != want.Type() || got.ToString() != want.ToString() {
				t.Fatalf("%s of %T %v: %v %q, GMS %v %q", ct, v, v, got.Type(), got.ToString(), want.Type(), want.ToString())
			}
		}
	}
}

// atResultScale is v as MySQL writes it in a result column of type ct: a
// DECIMAL expression's value at the type's scale (go-mysql-server writes
// it at the value's own; a table column's type it rescales itself).
func atResultScale(ct sql.Type, v any) any {
	dt, ok := ct.(types.DecimalType_)
	d, isDec := v.(decimal.Decimal)
	if !ok || !isDec || dt == types.MustCreateColumnDecimalType(dt.Precision(), dt.Scale()) {
		return v
	}
	return d.Round(int32(dt.Scale()))
}

func randomValue(r *rand.Rand) any {
	ints := []int64{0, 1, -1, 9, 10, -10, 127, -128, 128, 32767, -32769, math.MaxInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64}
	x := ints[r.IntN(len(ints))]
	if r.IntN(2) == 0 {
		x = r.Int64N(1<<uint(r.IntN(62)+1)) - r.Int64N(1<<uint(r.IntN(62)+1))
	}
	switch r.IntN(11) {
	case 9:
		return float64(x % 2000000)
	case 10:
		return []any{uint64(x % 3000000), math.Copysign(0, -1), 999999.0, -999999.0, 1e6, 0.5, uint64(5),
			float32(x) / 3, 1e15, 1e-15, 1e-16, math.MaxFloat64, -math.MaxFloat32 * 2}[r.IntN(13)]
	case 0:
		return x
	case 1:
		return int32(x)
	case 2:
		return int16(x)
	case 3:
		return int8(x)
	case 4:
		return float64(x) / 7
	case 5, 6:
		exps := []int32{-2, -4, -6, -30, 0, 1, -1, -3}
		d := decimal.New(x, exps[r.IntN(len(exps))])
		if r.IntN(8) == 0 { // beyond 64 bits
			d = decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(x), big.NewInt(math.MaxInt64)), d.Exponent())
		}
		return d
	case 7:
		sec := r.Int64N(300000000000) - 62135596800 // years 1 to about 7500
		t := time.Unix(sec, 0).UTC()
		switch r.IntN(4) {
		case 0:
			t = t.Add(time.Duration(r.IntN(1e9)))
		case 1:
			t = t.In(time.FixedZone("x", 3600*(r.IntN(27)-12)))
		case 2:
			t = t.Truncate(24 * time.Hour)
		}
		return t
	default:
		return "12.5"
	}
}

// TestBatchFormatsMatchGMS: what the column-batch path writes for a
// vector value is what the column type's SQL method writes for the Go
// value a row would hold (clients such as go-sql-driver parse numbers,
// so the wire tests alone would not see a different float format).
func TestBatchFormatsMatchGMS(t *testing.T) {
	ctx := sql.NewEmptyContext()
	r := rand.New(rand.NewPCG(3, 4))
	ints := func() int64 {
		edge := []int64{0, 1, -1, 127, -128, 128, -129, 32767, -32769, math.MaxInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64,
			-719528, -354286, -354285, 2932896, 2932897}
		if r.IntN(3) == 0 {
			return edge[r.IntN(len(edge))]
		}
		return r.Int64N(1<<uint(r.IntN(62)+1)) - r.Int64N(1<<uint(r.IntN(62)+1))
	}
	floats := func() float64 {
		edge := []float64{0, math.Copysign(0, -1), 1e6, 999999, -999999, 999999.5, 1, 5, -3, 123456, -1e6, 1e21, 1e20, 1e-7, 1e-4, 0.1, math.MaxFloat64,
			math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
		if r.IntN(3) == 0 {
			return edge[r.IntN(len(edge))]
		}
		return float64(ints()) / math.Pow10(r.IntN(30))
	}
	cases := []struct {
		t   sql.Type
		col func() (batch.Col, any)
	}{
		{types.Int64, func() (batch.Col, any) { x := ints(); return batch.Col{Ints: []int64{x}}, x }},
		{types.Int32, func() (batch.Col, any) {
			x := ints() % (1 << 31)
			return batch.Col{Ints: []int64{x}}, int32(x)
		}},
		{types.Int16, func() (batch.Col, any) {
			x := ints() % (1 << 15)
			return batch.Col{Ints: []int64{x}}, int16(x)
		}},
		{types.Int8, func() (batch.Col, any) { x := ints() % (1 << 7); return batch.Col{Ints: []int64{x}}, int8(x) }},
		{types.Date, func() (batch.Col, any) {
			x := ints() % 4000000
			return batch.Col{Ints: []int64{x}}, time.Unix(x*86400, 0).UTC()
		}},
		{types.MustCreateDecimalType(20, 2), func() (batch.Col, any) {
			x := ints()
			return batch.Col{Ints: []int64{x}}, decimal.New(x, -2)
		}},
		{types.MustCreateColumnDecimalType(12, 6), func() (batch.Col, any) {
			x := ints() % 1e12
			return batch.Col{Ints: []int64{x}}, decimal.New(x, -6)
		}},
		{types.Float64, func() (batch.Col, any) { x := floats(); return batch.Col{Floats: []float64{x}}, x }},
		{types.LongText, func() (batch.Col, any) {
			s := []string{"", "a", "Größe", "x\x00'y"}[r.IntN(4)]
			return batch.Col{Strs: []string{s}}, s
		}},
	}
	for _, c := range cases {
		f := batchFormatFor(ctx, c.t)
		if f == nil {
			t.Fatalf("%s: no batch format", c.t)
		}
		for range 5000 {
			col, v := c.col()
			want, werr := mysqlFloatText(c.t.SQL(ctx, nil, v))
			got, gerr := f(ctx, &col, 0, []byte("junk")[:0])
			if (werr != nil) != (gerr != nil) {
				t.Fatalf("%s of %v: error %v, GMS error %v", c.t, v, gerr, werr)
			}
			if werr == nil && (got.Type() != want.Type() || got.ToString() != want.ToString()) {
				t.Fatalf("%s of %v: %v %q, GMS %v %q", c.t, v, got.Type(), got.ToString(), want.Type(), want.ToString())
			}
		}
	}
}
