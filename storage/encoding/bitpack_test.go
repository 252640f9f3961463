package encoding

import (
	"math/rand/v2"
	"testing"
)

func TestBitPackRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for w := uint(0); w <= 64; w++ {
		for _, n := range []int{0, 1, 2, 7, 8, 9, 63, 64, 65, 1000} {
			want := make([]uint64, n)
			for i := range want {
				want[i] = rng.Uint64() & widthMask(w)
				if i%5 == 0 {
					want[i] = widthMask(w) // all ones: catches lost high bits
				}
			}
			bw := newBitWriter(nil, n, w)
			for _, v := range want {
				bw.add(v)
			}
			packed := bw.finish()
			if len(packed) != packedLen(n, w) {
				t.Fatalf("w=%d n=%d: packed %d bytes, want %d", w, n, len(packed), packedLen(n, w))
			}
			got := make([]uint64, n)
			unpack(got, packed, w, 0)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("w=%d n=%d: value %d = %#x, want %#x", w, n, i, got[i], want[i])
				}
				if r := readPacked(packed, i, w); r != want[i] {
					t.Fatalf("w=%d n=%d: readPacked(%d) = %#x, want %#x", w, n, i, r, want[i])
				}
			}
			got32 := make([]uint32, n)
			if w <= 32 {
				unpack(got32, packed, w, 7)
				for i := range want {
					if got32[i] != uint32(want[i]+7) {
						t.Fatalf("w=%d n=%d: uint32 value %d = %#x, want %#x", w, n, i, got32[i], want[i]+7)
					}
				}
			}
		}
	}
}

func TestBitPackAppendsAfterPrefix(t *testing.T) {
	prefix := []byte("prefix")
	bw := newBitWriter(append([]byte(nil), prefix...), 3, 5)
	for _, v := range []uint64{1, 31, 17} {
		bw.add(v)
	}
	out := bw.finish()
	if string(out[:len(prefix)]) != string(prefix) || len(out) != len(prefix)+2 {
		t.Fatalf("got %q", out)
	}
	got := make([]uint64, 3)
	unpack(got, out[len(prefix):], 5, 0)
	if got[0] != 1 || got[1] != 31 || got[2] != 17 {
		t.Fatalf("got %v", got)
	}
}

// prefixLens returns the lengths of the proper prefixes of an n-byte block
// to try in truncation tests: all of them for small blocks, else the first
// and last 300 and a stride between (every prefix of a large block costs
// quadratic time and finds nothing new).
func prefixLens(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		if n <= 1000 || i < 300 || i >= n-300 || i%97 == 0 {
			out = append(out, i)
		}
	}
	return out
}
