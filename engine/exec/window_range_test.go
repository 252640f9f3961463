package exec

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// rangeCase is sorted integer keys (nil: NULL) in partitions, ready for
// a rangeFrame: NULLs first ascending, last descending, as GMS sorts.
func rangeCase(rng *rand.Rand, desc bool) (*winRun, []int) {
	var parts []int // each partition's end
	var keys []*int64
	for p := 0; p < 1+rng.IntN(4); p++ {
		var ks []*int64
		for i := 0; i < rng.IntN(14); i++ {
			if rng.IntN(5) == 0 {
				ks = append(ks, nil)
				continue
			}
			v := int64(rng.IntN(12)) - 3
			ks = append(ks, &v)
		}
		slices.SortFunc(ks, func(a, b *int64) int {
			switch {
			case a == nil && b == nil:
				return 0
			case a == nil:
				return -1
			case b == nil:
				return 1
			}
			return int(*a - *b)
		})
		if desc {
			slices.Reverse(ks)
		}
		keys = append(keys, ks...)
		parts = append(parts, len(keys))
	}
	n := len(keys)
	r := &winRun{n: n, perm: make([]int32, n), partEnd: make([]int32, n), peerEnd: make([]int32, n), desc: desc,
		order: &Vec{T: ColType{Phys: PInt}, I: make([]int64, n), Nulls: make([]bool, n)}}
	ps := 0
	for _, pe := range parts {
		for k := pe - 1; k >= ps; k-- {
			r.perm[k], r.partEnd[k], r.peerEnd[k] = int32(k), int32(pe), int32(k+1)
			if k+1 < pe && eqKey(keys[k], keys[k+1]) {
				r.peerEnd[k] = r.peerEnd[k+1]
			}
			if keys[k] == nil {
				r.order.Nulls[k] = true
			} else {
				r.order.I[k] = *keys[k]
			}
		}
		ps = pe
	}
	return r, parts
}

func eqKey(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// inFrame is MySQL's rule for row j in the frame of row k: a NULL key
// sorts before every value (after, descending), NULL ± n is NULL, and an
// offset bound holds the values within it in the sort's direction.
func inFrame(r *winRun, rf *rangeFrame, k, j int) bool {
	peers := func(a, b int) bool {
		return r.order.IsNull(a) == r.order.IsNull(b) && (r.order.IsNull(a) || r.order.I[a] == r.order.I[b])
	}
	// c(j) < 0: row j sorts before target t of bound b (of row k).
	side := func(b *rangeBound, end bool) bool {
		switch b.kind {
		case boundUnbounded:
			return true
		case boundCurrent:
			if peers(j, k) {
				return true
			}
			return (j > k) != end
		}
		if r.order.IsNull(k) || r.order.IsNull(j) {
			if peers(j, k) {
				return true
			}
			return (j > k) != end
		}
		dir := b.dir
		if r.desc {
			dir = -dir
		}
		c := cmpOrdered(r.order.I[j], r.order.I[k]+dir*b.n, r.desc)
		if end {
			return c <= 0
		}
		return c >= 0
	}
	return side(&rf.start, false) && side(&rf.end, true)
}

// TestRangeFrameBounds checks each row's [lo, hi) against inFrame for
// random keys, bounds and directions, and that the bounds never go back.
func TestRangeFrameBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 19))
	kinds := []boundKind{boundUnbounded, boundCurrent, boundOffset, boundOffset}
	for it := 0; it < 3000; it++ {
		desc := rng.IntN(2) == 0
		r, parts := rangeCase(rng, desc)
		bound := func() rangeBound {
			b := rangeBound{kind: kinds[rng.IntN(len(kinds))], dir: int64(2*rng.IntN(2) - 1), n: int64(rng.IntN(4))}
			return b
		}
		rf := &rangeFrame{start: bound(), end: bound()}
		rf.offsets = rf.start.kind == boundOffset || rf.end.kind == boundOffset
		ps := 0
		for _, pe := range parts {
			rf.prepare(r, ps, pe)
			for k := ps; k < pe; k++ {
				lo, hi := int(rf.lo[k-ps]), int(rf.hi[k-ps])
				if k > ps && (lo < int(rf.lo[k-ps-1]) || hi < int(rf.hi[k-ps-1])) {
					t.Fatalf("case %d row %d: bounds go back", it, k)
				}
				for j := ps; j < pe; j++ {
					if want, got := inFrame(r, rf, k, j), j >= lo && j < hi; want != got {
						t.Fatalf("case %d (desc %v, start %+v, end %+v) keys %v nulls %v: row %d frame [%d, %d), row %d in it: %v, want %v",
							it, desc, rf.start, rf.end, r.order.I[ps:pe], r.order.Nulls[ps:pe], k, lo, hi, j, got, want)
					}
				}
			}
			ps = pe
		}
	}
}

// TestRangeFrameAllocs: a partition's bounds reuse the frame's buffers.
func TestRangeFrameAllocs(t *testing.T) {
	r, parts := rangeCase(rand.New(rand.NewPCG(1, 2)), false)
	rf := &rangeFrame{start: rangeBound{kind: boundOffset, dir: -1, n: 2}, end: rangeBound{kind: boundOffset, dir: 1, n: 1}, offsets: true}
	rf.prepare(r, 0, parts[0])
	if a := testing.AllocsPerRun(100, func() { rf.prepare(r, 0, parts[0]) }); a != 0 {
		t.Errorf("prepare allocates %v times", a)
	}
}
