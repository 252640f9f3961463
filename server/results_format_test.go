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
)

// TestFormatsMatchGMS: every value the batched result path formats itself
// must come out exactly as the column type's own SQL method writes it
// (same bytes, same wire type, an error where it errs). Values it does
// not take directly go to that method, so they match by construction;
// random values of every Go type a row may hold cover both.
func TestFormatsMatchGMS(t *testing.T) {
	ctx := sql.NewEmptyContext()
	r := rand.New(rand.NewPCG(1, 2))
	colTypes := []sql.Type{
		types.Int8, types.Int16, types.Int32, types.Int64, types.Date, types.Datetime, types.Float64,
		types.MustCreateDecimalType(20, 2), types.MustCreateDecimalType(10, 4),
		types.MustCreateDecimalType(65, 30), types.MustCreateDecimalType(5, 0),
		types.MustCreateColumnDecimalType(20, 2), types.MustCreateColumnDecimalType(12, 6),
	}
	for _, ct := range colTypes {
		f := formatFor(ctx, ct)
		for range 3000 {
			v := randomValue(r)
			want, werr := ct.SQL(ctx, nil, v)
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
		return []any{uint64(x % 3000000), math.Copysign(0, -1), 999999.0, -999999.0, 1e6, 0.5, uint64(5)}[r.IntN(7)]
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
