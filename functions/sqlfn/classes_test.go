package sqlfn

import (
	"testing"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/cohortdb/cohortdb/contract/read"
)

func TestClasses(t *testing.T) {
	isVisit := func(b []byte) int32 {
		if EqualFold(b, []byte("site_visit")) {
			return 1
		}
		return 0
	}
	plain := &read.Vector{Kind: read.KindBytes, N: 3, Data: []byte("SITE_VISITemail_open"),
		Offsets: []uint32{0, 10, 20, 20}, Nulls: roaring.BitmapOf(2)}
	dict := &read.Vector{Kind: read.KindBytes, N: 3, Data: []byte("site_visitemail_open"),
		Offsets: []uint32{0, 10, 20}, Codes: []uint32{1, 0, 1}}
	tests := []struct {
		v    *read.Vector
		want []int32
	}{
		{plain, []int32{1, 0, -1}}, // NULL is the null class
		{dict, []int32{0, 1, 0}},
	}
	for _, tc := range tests {
		var c Classes[int32]
		c.Reset(tc.v, isVisit, -1)
		for i, w := range tc.want {
			if got := c.Of(tc.v, i); got != w {
				t.Errorf("row %d: class %d, want %d", i, got, w)
			}
		}
	}
	if EqualFold([]byte("Valid"), []byte("valid")) != true || EqualFold([]byte("valid "), []byte("valid")) {
		t.Error("EqualFold")
	}
}
