package sqlrewrite

import (
	"testing"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// TestRewriteDecimalCasts: a bare DECIMAL cast gets MySQL's precision
// 10; a stated precision or scale and other casts are left alone. (The
// values are checked against MariaDB by server/difftest's numeric corpus.)
func TestRewriteDecimalCasts(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT CAST(x AS DECIMAL), CONVERT(y, decimal) FROM t", "select CAST(x as DECIMAL(10)), CONVERT(y, decimal(10)) from t"},
		{"SELECT CAST(x AS DECIMAL(5)), CAST(x AS DECIMAL(6,2)), CAST(x AS SIGNED) FROM t", "select CAST(x as DECIMAL(5)), CAST(x as DECIMAL(6, 2)), CAST(x as SIGNED) from t"},
		{"SELECT a FROM t WHERE CAST(b AS DECIMAL) > 1 GROUP BY CAST(c AS DECIMAL)", "select a from t where CAST(b as DECIMAL(10)) > 1 group by CAST(c as DECIMAL(10))"},
	} {
		st, err := sqlparser.Parse(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		rewriteDecimalCasts(st)
		if got := sqlparser.String(st); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
