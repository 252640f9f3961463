package exec

import "testing"

// TestOfferDropsNarrowerInnerRun: an inner result restricted to outer
// keys of one run is kept for outer keys within them and dropped, to be
// run again, for keys beyond them or unknown.
func TestOfferDropsNarrowerInnerRun(t *testing.T) {
	ran := []keyBound{{lo: 10, hi: 20, ok: true}}
	for _, c := range []struct {
		name    string
		applied []keyBound
		offer   keyBound
		kept    bool
	}{
		{"within", ran, keyBound{lo: 12, hi: 20, ok: true}, true},
		{"below", ran, keyBound{lo: 9, hi: 15, ok: true}, false},
		{"above", ran, keyBound{lo: 11, hi: 21, ok: true}, false},
		{"unknown", ran, keyBound{}, false},
		{"no rows", ran, keyBound{lo: 1, hi: 0, ok: true}, true},
		{"unrestricted run", []keyBound{{}}, keyBound{lo: -5, hi: 99, ok: true}, true},
		{"never ran", nil, keyBound{lo: -5, hi: 99, ok: true}, true},
	} {
		k := &keyedLookup{applied: c.applied}
		k.keys = &keyTable{}
		k.offer([]keyBound{c.offer})
		if kept := k.keys != nil; kept != c.kept {
			t.Errorf("%s: inner result kept %v, want %v", c.name, kept, c.kept)
		}
		if k.offered[0] != c.offer {
			t.Errorf("%s: offered %+v, want %+v", c.name, k.offered[0], c.offer)
		}
	}
}
