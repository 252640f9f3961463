package membudget

import "testing"

// The memory measured beyond the reservations lowers what they may hold
// under the live cap; before refusing, the pool measures anew once, and
// a fresh measurement that finds the remainder gone lets the reservation
// through.
func TestLiveCap(t *testing.T) {
	p := NewPool(100)
	p.SetLiveCap(120)
	a := p.NewAccount(0)
	defer a.Close()
	if err := a.Reserve(90); err != nil {
		t.Fatalf("within both: %v", err)
	}
	a.Release(90)

	p.SetUnaccounted(50) // 50 live beyond the reservations: 70 left
	if err := a.Reserve(71); err == nil {
		t.Fatal("past the live cap less the measured remainder: accepted")
	} else if e := err.(*Error); !e.Server || e.Limit != 70 {
		t.Fatalf("refusal %+v, want the server's, limit 70", e)
	}
	if err := a.Reserve(70); err != nil {
		t.Fatalf("at the live cap: %v", err)
	}
	a.Release(70)

	measures := 0
	p.SetRemeasure(func() bool { measures++; p.SetUnaccounted(0); return true })
	if err := a.Reserve(100); err != nil || measures != 1 {
		t.Fatalf("after a measurement finding the remainder gone: %v (%d measurements)", err, measures)
	}
	a.Release(100)
	if err := a.Reserve(101); err == nil || measures != 1 {
		t.Fatalf("past the pool's own limit: %v (%d measurements, want no new one)", err, measures)
	}

	p.SetUnaccounted(-5)
	if p.Unaccounted() != 0 {
		t.Fatalf("negative remainder recorded as %d", p.Unaccounted())
	}
	p.SetLiveCap(0)
	p.SetUnaccounted(1000)
	if err := a.Reserve(100); err != nil {
		t.Fatalf("no live cap: %v", err)
	}
}
