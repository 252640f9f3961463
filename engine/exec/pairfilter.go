package exec

// pairFilter is a hash set of (group, value) pairs that intDistinctAcc
// puts in front of the pairs it keeps for groups whose values arrive out
// of order: with few distinct values (COUNT(DISTINCT price) by category)
// nearly every row repeats a pair already kept, and keeping them all
// means sorting them all at the end. The filter watches its own hit rate
// and switches itself off when most pairs are new (many distinct values:
// the set would hold as many pairs as the kept list, for nothing), or
// when it grows past its cap. A pair it lets through may still repeat one
// kept before the group turned mixed; the final count sorts those away.
type pairFilter struct {
	slots []pairSlot
	n     int
	off   bool
	tries int // lookups in the current window
	hits  int // of which found
}

type pairSlot struct {
	x    int64
	g    int32
	used bool
}

const (
	pairFilterWindow = 64 << 10 // lookups between hit-rate checks
	pairFilterMinHit = 4        // off unless at least 1/4 of a window hits
	pairFilterCap    = 1 << 20  // pairs held at most (16 MiB of slots)
)

// fresh reports whether (g, x) is new to the filter, adding it; always
// true once the filter is off.
func (f *pairFilter) fresh(g int32, x int64) bool {
	if f.off {
		return true
	}
	if f.tries == pairFilterWindow {
		if f.hits*pairFilterMinHit < f.tries {
			f.stop()
			return true
		}
		f.tries, f.hits = 0, 0
	}
	f.tries++
	if 2*(f.n+1) > len(f.slots) {
		if f.n >= pairFilterCap {
			f.stop()
			return true
		}
		f.grow()
	}
	mask := uint64(len(f.slots) - 1)
	for i := mix(uint64(x)^uint64(g)<<40) & mask; ; i = (i + 1) & mask {
		s := &f.slots[i]
		if !s.used {
			*s = pairSlot{x: x, g: g, used: true}
			f.n++
			return true
		}
		if s.x == x && s.g == g {
			f.hits++
			return false
		}
	}
}

func (f *pairFilter) stop() { f.off, f.slots, f.n = true, nil, 0 }

func (f *pairFilter) grow() {
	old := f.slots
	f.slots = make([]pairSlot, max(1024, 2*len(old)))
	f.n = 0
	mask := uint64(len(f.slots) - 1)
	for _, s := range old {
		if !s.used {
			continue
		}
		i := mix(uint64(s.x)^uint64(s.g)<<40) & mask
		for f.slots[i].used {
			i = (i + 1) & mask
		}
		f.slots[i] = s
		f.n++
	}
}

func (f *pairFilter) footprint() int64 { return int64(len(f.slots)) * 16 }
