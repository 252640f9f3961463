package membudget

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

func TestAccountLimits(t *testing.T) {
	tests := []struct {
		name     string
		pool     int64
		query    int64
		reserve  []int64 // in order; the last one is checked
		wantErr  bool
		wantSrv  bool
		wantUsed int64
		wantPool int64
	}{
		{"fits", 1000, 500, []int64{200, 300}, false, false, 500, 500},
		{"past the query's limit", 1000, 500, []int64{200, 301}, true, false, 200, 200},
		{"past the pool", 400, 500, []int64{200, 201}, true, true, 200, 200},
		{"unlimited", 0, 0, []int64{1 << 40, 1 << 40}, false, false, 2 << 40, 2 << 40},
		{"zero and negative are no-ops", 10, 10, []int64{0, -5}, false, false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPool(tc.pool)
			a := p.NewAccount(tc.query)
			var err error
			for _, n := range tc.reserve {
				err = a.Reserve(n)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			var me *Error
			if err != nil && (!errors.As(err, &me) || me.Server != tc.wantSrv || !errors.Is(err, ErrExceeded)) {
				t.Fatalf("err = %#v, want *Error with Server=%v", err, tc.wantSrv)
			}
			if a.Used() != tc.wantUsed || p.Used() != tc.wantPool {
				t.Fatalf("used %d, pool %d; want %d, %d", a.Used(), p.Used(), tc.wantUsed, tc.wantPool)
			}
			a.Close()
			if a.Used() != 0 || p.Used() != 0 {
				t.Fatalf("after Close: used %d, pool %d", a.Used(), p.Used())
			}
			if err := a.Reserve(1); !errors.Is(err, ErrClosed) {
				t.Fatalf("Reserve after Close = %v, want ErrClosed", err)
			}
		})
	}
}

func TestReleaseNeverBelowZero(t *testing.T) {
	p := NewPool(100)
	a := p.NewAccount(0)
	if err := a.Reserve(30); err != nil {
		t.Fatal(err)
	}
	a.Release(50)
	if a.Used() != 0 || p.Used() != 0 {
		t.Fatalf("used %d, pool %d; want 0, 0", a.Used(), p.Used())
	}
	if a.Peak() != 30 {
		t.Fatalf("peak %d, want 30", a.Peak())
	}
}

func TestNilAccountAndContext(t *testing.T) {
	var a *Account
	if err := a.Reserve(1 << 50); err != nil {
		t.Fatal(err)
	}
	a.Release(1)
	a.Close()
	if FromContext(context.Background()) != nil {
		t.Fatal("empty context has an account")
	}
	b := NewPool(0).NewAccount(10)
	if got := FromContext(NewContext(context.Background(), b)); got != b {
		t.Fatal("account not found in its context")
	}
	// A sql.Context built over it finds it too (how operators look).
	sctx := sql.NewContext(NewContext(context.Background(), b))
	if FromContext(sctx) != b {
		t.Fatal("account not found through sql.Context")
	}
}

// Two statements share a pool: together they cannot pass it, and what one
// releases the other may use.
func TestPoolShared(t *testing.T) {
	p := NewPool(1000)
	a, b := p.NewAccount(800), p.NewAccount(800)
	if err := a.Reserve(600); err != nil {
		t.Fatal(err)
	}
	var me *Error
	if err := b.Reserve(600); !errors.As(err, &me) || !me.Server {
		t.Fatalf("second statement: err = %v, want the pool's *Error", err)
	}
	a.Close()
	if err := b.Reserve(600); err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
}

func TestConcurrentReserveRelease(t *testing.T) {
	p := NewPool(1 << 20)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := p.NewAccount(0)
			defer a.Close()
			for range 1000 {
				if a.Reserve(100) == nil {
					a.Release(100)
				}
			}
		}()
	}
	wg.Wait()
	if p.Used() != 0 {
		t.Fatalf("pool holds %d after every account closed", p.Used())
	}
}

func TestTally(t *testing.T) {
	p := NewPool(0)
	a := p.NewAccount(TallyChunk + 100)
	tl := NewTally(a)
	if err := tl.Add(10); err != nil {
		t.Fatal(err)
	}
	if a.Used() != TallyChunk {
		t.Fatalf("account holds %d after a small Add, want one chunk %d", a.Used(), TallyChunk)
	}
	// The next chunk does not fit but the bytes do.
	if err := tl.Add(TallyChunk); err != nil {
		t.Fatalf("Add within the limit: %v", err)
	}
	if a.Used() != TallyChunk+10 {
		t.Fatalf("account holds %d, want %d", a.Used(), TallyChunk+10)
	}
	if err := tl.Add(91); !errors.Is(err, ErrExceeded) {
		t.Fatalf("Add past the limit = %v", err)
	}
	if tl.Used() != TallyChunk+10 {
		t.Fatalf("failed Add changed Used to %d", tl.Used())
	}
	tl.Release()
	if a.Used() != 0 {
		t.Fatalf("account holds %d after Release", a.Used())
	}
	var nilT *Tally
	if err := nilT.Add(1 << 40); err != nil {
		t.Fatal(err)
	}
}

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"0", 0, false},
		{"64M", 64 << 20, false},
		{"64MiB", 64 << 20, false},
		{"1.5G", 3 << 29, false},
		{"2gb", 2 << 30, false},
		{"1048576", 1 << 20, false},
		{"10K", 0, true}, // below MinLimit
		{"-1G", 0, true},
		{"lots", 0, true},
	}
	for _, tc := range tests {
		got, err := ParseBytes(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for in, want := range map[int64]string{
		512: "512 bytes", 1 << 20: "1 MiB", 3 << 29: "1.5 GiB", 64 << 20: "64 MiB",
	} {
		if got := FormatBytes(in); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestRowSize(t *testing.T) {
	// Hand-worked: 32 for the row, 16 per value, 8 for the int64, 16+5
	// for the string, 0 for the NULL.
	row := sql.Row{int64(1), "hello", nil}
	if got, want := RowSize(row), int64(32+3*16+8+21); got != want {
		t.Fatalf("RowSize = %d, want %d", got, want)
	}
}

func TestDefaults(t *testing.T) {
	// 60% of 10 GiB, and half of that per statement.
	srv, q := Defaults(10 << 30)
	if srv != 6<<30 || q != 3<<30 {
		t.Fatalf("Defaults(10 GiB) = %d, %d; want 6 GiB, 3 GiB", srv, q)
	}
	if SystemMemory() <= 0 {
		t.Fatal("SystemMemory is not positive")
	}
}

// TestPoolReclaimer: a reservation past the pool's limit asks the
// reclaimer for the missing bytes and succeeds when it frees them (a
// cache giving way); it fails as before when nothing can be freed.
func TestPoolReclaimer(t *testing.T) {
	p := NewPool(1000)
	cache := p.NewAccount(0)
	if err := cache.Reserve(800); err != nil {
		t.Fatal(err)
	}
	var asked []int64
	p.SetReclaimer(func(need int64) int64 {
		asked = append(asked, need)
		n := min(need, cache.Used())
		cache.Release(n)
		return n
	})
	stmt := p.NewAccount(0)
	if err := stmt.Reserve(500); err != nil {
		t.Fatalf("reserve with a reclaimable cache: %v", err)
	}
	if len(asked) != 1 || asked[0] != 300 || cache.Used() != 500 || p.Used() != 1000 {
		t.Fatalf("asked %v; cache %d, pool %d", asked, cache.Used(), p.Used())
	}
	if err := stmt.Reserve(600); err == nil {
		t.Fatal("a reservation past what the cache holds succeeded")
	}
	if stmt.Used() != 500 || p.Used() != 500 {
		t.Fatalf("a failed reservation left stmt %d, pool %d", stmt.Used(), p.Used())
	}
	p.SetReclaimer(nil)
	if err := stmt.Reserve(501); err == nil {
		t.Fatal("a reservation past the limit succeeded without a reclaimer")
	}
}
