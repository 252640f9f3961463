package rfm

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFreshContacts: contacts marked through freshContacts (kept aside
// and merged while they ascend) leave the builder's customers exactly as
// marking each through customer(id) does, whatever order the contacts
// come in (ascending, with repeats, going back, random) and whether the
// orders' customers were sorted or not.
func TestFreshContacts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name     string
		buyers   []int64 // customers of orders, in order of appearance
		contacts func(i int) int64
	}{
		{"ascending", ids(200, func(i int) int64 { return int64(3 * i) }), func(i int) int64 { return int64(i) }},
		{"ascending, then back", ids(200, func(i int) int64 { return int64(3 * i) }), func(i int) int64 { return int64(i % 350) }},
		{"repeat", ids(200, func(i int) int64 { return int64(2 * i) }), func(i int) int64 { return int64(i / 2) }},
		{"random", ids(200, func(i int) int64 { return int64(2 * i) }), func(int) int64 { return r.Int64N(900) }},
		{"buyers unsorted", ids(200, func(i int) int64 { return int64(600 - 3*i) }), func(i int) int64 { return int64(i) }},
		{"buyers past the contacts", ids(1000, func(i int) int64 { return int64(3 * i) }), func(i int) int64 { return int64(i) }},
		{"no buyers", nil, func(i int) int64 { return int64(i) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, got := newBuilder(nil, 0, false), newBuilder(nil, 0, false)
			for _, id := range tc.buyers {
				want.cs[want.customer(id)].Orders++
				got.cs[got.customer(id)].Orders++
			}
			fresh := newFreshContacts(got)
			for i := 0; i < 700; i++ {
				id := tc.contacts(i)
				label := [2]int32{int32(i % 5), -1}
				if i%3 == 0 {
					label = [2]int32{-1, int32(i % 7)}
				}
				c := &want.cs[want.customer(id)]
				c.Contact, c.Signup = true, int64(i)
				for k, l := range label {
					if l >= 0 {
						c.Label[k] = l
					}
				}
				fresh.add(id, int64(i), label)
			}
			fresh.merge()
			if w, g := want.sorted(), got.sorted(); !slices.Equal(w, g) {
				t.Fatalf("customers differ:\nwant %v\n got %v", w, g)
			}
			for _, id := range []int64{0, 5, 299, 600} { // lookups still find one entry
				if ci := got.customer(id); got.cs[ci].ID != id {
					t.Fatalf("after merge: customer(%d) = entry of %d", id, got.cs[ci].ID)
				}
			}
		})
	}
}

func ids(n int, f func(i int) int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}
