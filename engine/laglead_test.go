package engine

import (
	"strings"
	"testing"
)

// TestLagLeadShortForms: LAG and LEAD with one or two arguments over a
// window without PARTITION BY or ORDER BY (GMS v0.20.0 rebuilt them
// into a nil expression: a panic, answered as 1105), on both executors.
func TestLagLeadShortForms(t *testing.T) {
	d := newTestDB(t)
	d.exec(`CREATE TABLE t (id BIGINT PRIMARY KEY, x INT)`)
	d.exec(`INSERT INTO t VALUES (1,10),(2,20),(3,NULL),(4,40)`)
	cases := []struct{ q, want string }{
		{"SELECT id, LAG(x) OVER () FROM t ORDER BY id", "(1, NULL) (2, 10) (3, 20) (4, NULL)"},
		{"SELECT id, LEAD(x) OVER () FROM t ORDER BY id", "(1, 20) (2, NULL) (3, 40) (4, NULL)"},
		{"SELECT id, LAG(x, 2) OVER () FROM t ORDER BY id", "(1, NULL) (2, NULL) (3, 10) (4, 20)"},
		{"SELECT id, LEAD(x, 2) OVER () FROM t ORDER BY id", "(1, NULL) (2, 40) (3, NULL) (4, NULL)"},
		{"SELECT id, LAG(x, 1, -1) OVER () FROM t ORDER BY id", "(1, -1) (2, 10) (3, 20) (4, NULL)"},
		{"SELECT id, LAG(x) OVER w, LEAD(x) OVER w FROM t WINDOW w AS () ORDER BY id", "(1, NULL, 20) (2, 10, NULL) (3, 20, 40) (4, NULL, NULL)"},
	}
	for _, vec := range []string{"0", "1"} {
		d.exec("SET " + VectorizeVariable + " = " + vec)
		for _, c := range cases {
			rows, err := d.wireQuery(c.q)
			if err != nil {
				t.Fatalf("vectorize=%s %s: %v", vec, c.q, err)
			}
			if got := strings.Join(rows, " "); got != c.want {
				t.Errorf("vectorize=%s %s:\n got %s\nwant %s", vec, c.q, got, c.want)
			}
		}
	}
}
