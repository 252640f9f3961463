package engine

import (
	"fmt"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/dolthub/go-mysql-server/sql/planbuilder"

	"github.com/cohortdb/cohortdb/storage"
)

// TestDecodeAtMatchesDecode: the scan's vector decoding gives the same
// GMS values as decoding a boxed storage value.
func TestDecodeAtMatchesDecode(t *testing.T) {
	cases := []struct {
		typ string
		vec storage.Vector
	}{
		{"bigint", storage.Vector{Kind: storage.KindInt, N: 3, Ints: []int64{-5, 0, 1 << 40}}},
		{"tinyint", storage.Vector{Kind: storage.KindInt, N: 2, Ints: []int64{-128, 127}}},
		{"decimal(12,2)", storage.Vector{Kind: storage.KindInt, N: 2, Ints: []int64{12345, -1}}},
		{"date", storage.Vector{Kind: storage.KindInt, N: 2, Ints: []int64{-1, 19000}}},
		{"datetime(6)", storage.Vector{Kind: storage.KindInt, N: 1, Ints: []int64{1_700_000_000_123_456}}},
		{"bigint unsigned", storage.Vector{Kind: storage.KindUint, N: 1, Ints: []int64{-1}}},
		{"double", storage.Vector{Kind: storage.KindFloat, N: 2, Floats: []float64{1.5, -0.25}}},
		{"float", storage.Vector{Kind: storage.KindFloat, N: 1, Floats: []float64{2.5}}},
		{"varchar(10)", storage.Vector{Kind: storage.KindBytes, N: 2, Data: []byte("abxyz"), Offsets: []uint32{0, 2, 5}}},
	}
	for _, tc := range cases {
		typ, err := planbuilder.ParseColumnTypeString(tc.typ)
		if err != nil {
			t.Fatal(err)
		}
		c, err := newCodec(typ)
		if err != nil {
			t.Fatal(err)
		}
		v := tc.vec
		v.Nulls = roaring.BitmapOf(uint32(v.N - 1)) // the last position is NULL
		for pos := 0; pos < v.N; pos++ {
			want, err1 := c.decode(v.Value(pos))
			got, err2 := c.decodeAt(&v, pos)
			if err1 != nil || err2 != nil || fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", want, want) {
				t.Errorf("%s pos %d: decodeAt %T %v (%v), decode %T %v (%v)", tc.typ, pos, got, got, err2, want, want, err1)
			}
		}
	}
}
