package engine

import "testing"

// TestLagLeadNoRows: LAG and LEAD over a query without rows answer no
// rows on both executors (GMS computed a value anyway and read the
// default's row out of an empty buffer: a panic).
func TestLagLeadNoRows(t *testing.T) {
	d := newTestDB(t)
	d.exec(`CREATE TABLE t (id BIGINT PRIMARY KEY, x INT)`)
	for _, vec := range []string{"0", "1"} {
		d.exec("SET " + VectorizeVariable + " = " + vec)
		for _, q := range []string{
			"SELECT id, LAG(x) OVER (ORDER BY id) FROM t",
			"SELECT id, LEAD(x, 2) OVER (ORDER BY id) FROM t",
			"SELECT id, LAG(x, 1, -1) OVER (PARTITION BY x ORDER BY id) FROM t WHERE id > 5",
		} {
			rows, err := d.wireQuery(q)
			if err != nil || len(rows) != 0 {
				t.Errorf("vectorize=%s %s: %v %v, want no rows", vec, q, rows, err)
			}
		}
	}
}
