package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// pairFixture fills order lines over several segments and the write
// buffer: orders of 1 to 6 lines, a product repeated within some orders,
// NULL products, cancelled and returned lines, one order of 300 lines
// (more pairs than a chunk holds), and deleted rows; nn has the same
// lines without NULLs, sp sparse order ids, wide products too far apart
// to pack two in 64 bits.
func pairFixture(t *testing.T) *testDB {
	d := newTestDB(t)
	d.exec("CREATE TABLE ln (id INT PRIMARY KEY, oid BIGINT, prod BIGINT, st VARCHAR(10), qty INT)")
	d.exec("CREATE TABLE nn (id INT PRIMARY KEY, oid BIGINT NOT NULL, prod BIGINT NOT NULL, st VARCHAR(10) NOT NULL)")
	d.exec("CREATE TABLE sp (id INT PRIMARY KEY, oid BIGINT, prod BIGINT NOT NULL)")
	d.exec("CREATE TABLE wide (id INT PRIMARY KEY, oid BIGINT, prod BIGINT)")
	r := rand.New(rand.NewPCG(5, 8))
	statuses := []string{"valid", "valid", "valid", "cancelled", "returned"}
	var rows, sparse []string
	id := 0
	for oid := 1; id < 3*testSegmentRows+300; oid++ {
		lines := 1 + r.IntN(6)
		if oid == 40 {
			lines = 300
		}
		prev := int64(0)
		for range lines {
			id++
			prod := fmt.Sprint(20 + r.IntN(30))
			switch r.IntN(12) {
			case 0:
				prod = "NULL"
			case 1:
				if prev != 0 {
					prod = fmt.Sprint(prev) // the same product on another line
				}
			}
			if prod != "NULL" {
				fmt.Sscan(prod, &prev)
			}
			rows = append(rows, fmt.Sprintf("(%d,%d,%s,'%s',%d)", id, oid, prod, statuses[r.IntN(len(statuses))], r.IntN(3)))
			if prod != "NULL" && oid%3 == 0 {
				sparse = append(sparse, fmt.Sprintf("(%d,%d,%s)", id, int64(oid)*1_000_003, prod))
			}
		}
	}
	// The last rows stay in the write buffer: parts without zone maps.
	for i := 0; i < len(rows); i += 500 {
		d.exec("INSERT INTO ln VALUES " + strings.Join(rows[i:min(i+500, len(rows))], ","))
	}
	r.Shuffle(len(sparse), func(i, j int) { sparse[i], sparse[j] = sparse[j], sparse[i] })
	d.exec("INSERT INTO sp VALUES " + strings.Join(sparse, ","))
	d.exec("DELETE FROM ln WHERE id % 101 = 0")
	d.exec("INSERT INTO nn SELECT id, oid, prod, st FROM ln WHERE prod IS NOT NULL AND oid IS NOT NULL")
	d.exec("INSERT INTO wide VALUES (1, 1, -4611686018427387904), (2, 1, 4611686018427387904), (3, 1, 7), (4, 2, 7), (5, 2, 8)")
	return d
}

// TestPairCountMatchesGMS runs product-pair queries that pairCount runs
// (pairs counted per join key) and some it leaves to the general pair
// path, and compares each with GMS's own GroupBy.
func TestPairCountMatchesGMS(t *testing.T) {
	d := pairFixture(t)
	cases := []struct {
		name, q string
		counted bool // run as a pairCount
	}{
		{"Q5 shape", "SELECT a.prod AS p1, b.prod AS p2, COUNT(DISTINCT a.oid) AS n FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod AND a.st = 'valid' AND b.st = 'valid' GROUP BY a.prod, b.prod", true},
		{"Q5 with order and limit", "SELECT a.prod AS p1, b.prod AS p2, COUNT(DISTINCT a.oid) AS n FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod AND a.st = 'valid' AND b.st = 'valid' GROUP BY a.prod, b.prod ORDER BY n DESC, p1, p2 LIMIT 7", true},
		{"distinct of the right key", "SELECT a.prod, b.prod, COUNT(DISTINCT b.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod > b.prod GROUP BY a.prod, b.prod", true},
		{"no comparison: a product with itself", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.st <> 'returned' AND b.st <> 'returned' GROUP BY a.prod, b.prod", true},
		{"different conditions per side", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod <= b.prod AND a.st = 'valid' AND b.st <> 'cancelled' GROUP BY a.prod, b.prod", true},
		{"keys in the other order", "SELECT b.prod, a.prod, COUNT(DISTINCT a.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod GROUP BY b.prod, a.prod", true},
		{"comparison on other columns", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.qty >= b.qty AND a.id < b.id GROUP BY a.prod, b.prod", true},
		{"both keys of one side", "SELECT a.prod, a.qty, COUNT(DISTINCT b.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod <> 25 GROUP BY a.prod, a.qty", true},
		{"Q5 without NULLs", "SELECT a.prod AS p1, b.prod AS p2, COUNT(DISTINCT a.oid) AS n FROM nn a JOIN nn b ON a.oid = b.oid WHERE a.prod < b.prod AND a.st = 'valid' AND b.st = 'valid' GROUP BY a.prod, b.prod", true},
		{"without NULLs, no comparison", "SELECT a.prod, b.prod, COUNT(DISTINCT b.oid) FROM nn a JOIN nn b ON a.oid = b.oid WHERE a.st = 'valid' AND b.st <> 'returned' GROUP BY a.prod, b.prod", true},
		{"without NULLs, other orders", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM nn a JOIN nn b ON a.oid = b.oid WHERE a.prod >= b.prod AND a.oid < 500 GROUP BY a.prod, b.prod", true},
		{"sparse join keys", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM sp a JOIN sp b ON a.oid = b.oid WHERE a.prod < b.prod GROUP BY a.prod, b.prod", true},
		{"nothing joins", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod AND a.st = 'nope' GROUP BY a.prod, b.prod", true},
		{"too wide to pack", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid) FROM wide a JOIN wide b ON a.oid = b.oid GROUP BY a.prod, b.prod", false},
		{"COUNT(*) counts pairs, not keys", "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid), COUNT(*) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod GROUP BY a.prod, b.prod", false},
		{"distinct of another column", "SELECT a.prod, b.prod, COUNT(DISTINCT a.qty) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod GROUP BY a.prod, b.prod", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !topVectorized(normRows(d.exec("EXPLAIN PLAN " + c.q))) {
				t.Fatalf("not vectorised:\n%s", normRows(d.exec("EXPLAIN PLAN "+c.q)))
			}
			before := pairCounts.Load()
			got, gotTyped := wireRows(t, d, c.q), typedRows(d.exec(c.q))
			if counted := pairCounts.Load() > before; counted != c.counted {
				t.Fatalf("run as a pairCount = %v, want %v", counted, c.counted)
			}
			d.exec("SET " + VectorizeVariable + " = 0")
			want, wantTyped := wireRows(t, d, c.q), typedRows(d.exec(c.q))
			d.exec("SET " + VectorizeVariable + " = 1")
			if got != want || gotTyped != wantTyped {
				t.Fatalf("vectorised:\n%.2000s\nGMS:\n%.2000s", got, want)
			}
			if want == "" && c.name != "nothing joins" {
				t.Fatal("query returned nothing: the fixture does not exercise it")
			}
		})
	}
}

// TestCountPacked checks countPacked against a map on random values of
// several widths, from empty input to partitions larger than the
// insertion-sort cutoff.
func TestCountPacked(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ bits, n, distinct int }{
		{1, 0, 1}, {1, 10, 2}, {4, 1000, 16}, {12, 5000, 300}, {30, 200000, 50000}, {64, 30000, 1000},
	} {
		vals := make([]uint64, tc.distinct)
		for i := range vals {
			vals[i] = r.Uint64() >> (64 - tc.bits)
		}
		want := map[uint64]int64{}
		var chunks [][]uint64
		var cur []uint64
		for range tc.n {
			v := vals[r.IntN(len(vals))]
			want[v]++
			cur = append(cur, v)
			if len(cur) == 777 {
				chunks, cur = append(chunks, cur), nil
			}
		}
		chunks = append(chunks, cur)
		keys, counts := countPacked(chunks, tc.bits)
		if !slices.IsSorted(keys) || len(keys) != len(want) {
			t.Fatalf("bits %d: %d keys (sorted %v), want %d", tc.bits, len(keys), slices.IsSorted(keys), len(want))
		}
		for i, k := range keys {
			if counts[i] != want[k] {
				t.Fatalf("bits %d: key %x counted %d, want %d", tc.bits, k, counts[i], want[k])
			}
		}
	}
}

// BenchmarkCountPacked counts a million packed product pairs (15-bit
// products, a skewed choice among 200,000 distinct pairs), in chunks as
// the emitters hand them over.
func BenchmarkCountPacked(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	pairs := make([]uint64, 200_000)
	for i := range pairs {
		pairs[i] = uint64(r.IntN(1<<15))<<15 | uint64(r.IntN(1<<15))
	}
	var chunks [][]uint64
	for c := 0; c < 1_000_000; c += emitChunkLen {
		chunk := make([]uint64, min(emitChunkLen, 1_000_000-c))
		for i := range chunk {
			chunk[i] = pairs[int(float64(len(pairs))*r.Float64()*r.Float64())]
		}
		chunks = append(chunks, chunk)
	}
	for b.Loop() {
		countPacked(chunks, 30)
	}
}
