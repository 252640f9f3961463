package exec

import (
	"testing"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// TestWordPool checks that a kept array comes back zeroed and of the
// length asked, that what the pool keeps is charged to its account and
// bounded, and that reclaiming empties it.
func TestWordPool(t *testing.T) {
	pool := membudget.NewPool(0)
	acct := pool.NewAccount(0)
	SetBufferPool(acct, 3*8*poolMinWords)
	defer SetBufferPool(nil, 1<<30)

	a := getWords(poolMinWords + 5) // class 2*poolMinWords
	if len(a) != poolMinWords+5 || cap(a) != 2*poolMinWords {
		t.Fatalf("len %d cap %d", len(a), cap(a))
	}
	for i := range a {
		a[i] = 7
	}
	putWords(a)
	if acct.Used() != 16*poolMinWords {
		t.Fatalf("charged %d, want %d", acct.Used(), 16*poolMinWords)
	}
	b := getWords(2 * poolMinWords)
	if &b[0] != &a[0] || len(b) != 2*poolMinWords {
		t.Fatal("the kept array was not reused")
	}
	for i, x := range b {
		if x != 0 {
			t.Fatalf("word %d is %d, not zeroed", i, x)
		}
	}
	if acct.Used() != 0 {
		t.Fatalf("still charged %d after reuse", acct.Used())
	}
	putWords(b)
	putWords(make([]uint64, 2*poolMinWords)) // past the bound: dropped
	putWords(make([]uint64, 100))            // too small: dropped
	putWords(make([]uint64, 3*poolMinWords)) // not a power of two: dropped
	if acct.Used() != 16*poolMinWords {
		t.Fatalf("charged %d, want one array", acct.Used())
	}
	if freed := ReclaimBuffers(1); freed != 16*poolMinWords || acct.Used() != 0 {
		t.Fatalf("reclaimed %d, still charged %d", freed, acct.Used())
	}
	if c := getWords(2 * poolMinWords); &c[0] == &a[0] {
		t.Fatal("a reclaimed array was handed out")
	}
}

// TestKeysAfterGrowth fills a table past several doublings of its kept
// arrays and checks every key is still found (growth copies keys and
// hashes before the old arrays are reused).
func TestKeysAfterGrowth(t *testing.T) {
	kt := newKeyTable([]ColType{{Phys: PInt}, {Phys: PInt}})
	const n, b = 300_000, 1000
	x := &Vec{T: ColType{Phys: PInt}, I: make([]int64, b)}
	y := &Vec{T: ColType{Phys: PInt}, I: make([]int64, b)}
	out := make([]int32, b)
	for pass, insert := range []bool{true, false} {
		for i := 0; i < n; i += b {
			for j := range b {
				x.I[j], y.I[j] = int64(i+j)/3, int64(i+j)*7
			}
			kt.findAll([]*Vec{x, y}, b, hashRows([]*Vec{x, y}, b, nil), insert, out)
			for j, g := range out {
				if g != int32(i+j) {
					t.Fatalf("pass %d: row %d is group %d", pass, i+j, g)
				}
			}
		}
		wordBufs.mu.Lock()
		for _, l := range wordBufs.free { // whoever takes a kept array next writes it
			for _, w := range l {
				w = w[:cap(w)]
				for i := range w {
					w[i] = ^uint64(0)
				}
			}
		}
		wordBufs.mu.Unlock()
	}
	kt.release()
}
