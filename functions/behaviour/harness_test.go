package behaviour_test

import (
	"math"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/enginetest"
)

// fixtureShop is a shop loaded with testdata/fixture.sql.
func fixtureShop(t testing.TB) *enginetest.Shop {
	t.Helper()
	d := enginetest.NewShop(t)
	d.Script("testdata/fixture.sql")
	return d
}

// sameRows fails unless got and want have the same rows in order, floats
// compared to within tol.
func sameRows(t *testing.T, what string, got, want []sql.Row, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d\ngot:  %v\nwant: %v", what, len(got), len(want), enginetest.Text(got), enginetest.Text(want))
	}
	for i := range got {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("%s row %d: %v, want %v", what, i, got[i], want[i])
		}
		for j := range got[i] {
			g, w := got[i][j], want[i][j]
			gf, gok := asFloat(g)
			wf, wok := asFloat(w)
			if gok && wok {
				if math.Abs(gf-wf) > tol {
					t.Fatalf("%s row %d col %d: %v, want %v", what, i, j, g, w)
				}
				continue
			}
			if enginetest.Norm(g) != enginetest.Norm(w) {
				t.Fatalf("%s row %d col %d: %v, want %v", what, i, j, enginetest.Norm(g), enginetest.Norm(w))
			}
		}
	}
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int8:
		return float64(x), true
	case interface{ Float64() (float64, bool) }:
		f, _ := x.Float64()
		return f, true
	}
	return 0, false
}
