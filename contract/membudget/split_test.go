package membudget

import "testing"

// The parts of a budget add up to it: what the Go runtime does not
// manage, Pebble's cache, and the soft limit, of which the pool takes
// ReservableShare.
func TestSplitBudget(t *testing.T) {
	for _, budget := range []int64{256 << 20, 1 << 30, 4 << 30, 14463 << 20} {
		p := PebbleCache(budget)
		s := SplitBudget(budget, p)
		if p < MinPebbleCache || p > MaxPebbleCache || p > budget/8 {
			t.Errorf("budget %s: Pebble cache %s", FormatBytes(budget), FormatBytes(p))
		}
		if s.Outside+s.Pebble+s.Soft != budget {
			t.Errorf("budget %s: outside %d + pebble %d + soft %d != budget", FormatBytes(budget), s.Outside, s.Pebble, s.Soft)
		}
		if s.Outside != OutsideAllowance+p || s.Reservable != int64(float64(s.Soft)*ReservableShare) {
			t.Errorf("budget %s: %+v", FormatBytes(budget), s)
		}
	}
	if s := SplitBudget(0, MaxPebbleCache); s != (Split{}) {
		t.Errorf("unlimited: %+v, want the zero Split", s)
	}
	if s := SplitBudget(MinLimit, MinPebbleCache); s.Soft != minSoft || s.Reservable <= 0 {
		t.Errorf("a budget smaller than the allowances: %+v", s)
	}
}

// A pool given a split refuses past its reservable part, and the refusal
// names the whole budget and the part.
func TestPoolSplitRefusal(t *testing.T) {
	p := NewPool(0)
	s := SplitBudget(1<<30, PebbleCache(1<<30))
	p.SetSplit(s)
	if p.Limit() != s.Reservable {
		t.Fatalf("limit %d, want %d", p.Limit(), s.Reservable)
	}
	a := p.NewAccount(0)
	defer a.Close()
	if err := a.Reserve(s.Reservable); err != nil {
		t.Fatal(err)
	}
	err := a.Reserve(1)
	e, ok := err.(*Error)
	if !ok || !e.Server || e.Limit != s.Reservable || e.Budget != 1<<30 {
		t.Fatalf("got %#v", err)
	}
	want := "Out of memory: running statements and caches hold the " + FormatBytes(s.Reservable) +
		" the server's cohortdb_memory_limit of 1 GiB leaves them; retry when fewer statements run, or raise it (SET GLOBAL cohortdb_memory_limit = ...)"
	if e.Error() != want {
		t.Fatalf("message %q\nwant %q", e.Error(), want)
	}
	if _, ok := FindMessage("context: " + e.Error()); !ok {
		t.Fatal("FindMessage does not find the message")
	}
}
