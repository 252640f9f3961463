package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestDistinctConjuncts checks that a conjunct written twice is tested
// once, in its first place, unless it may differ between evaluations.
func TestDistinctConjuncts(t *testing.T) {
	country := expression.NewGetField(0, types.Text, "country", true)
	optIn := expression.NewGetField(1, types.Int64, "opt_in", true)
	isNL := expression.NewEquals(country, expression.NewLiteral("NL", types.Text))
	subscribed := expression.NewEquals(optIn, expression.NewLiteral(int64(1), types.Int64))
	rnd, err := function.NewRand()
	if err != nil {
		t.Fatal(err)
	}
	coin := expression.NewLessThan(rnd, expression.NewLiteral(0.5, types.Float64))
	in := []sql.Expression{isNL, subscribed, coin, isNL, coin, subscribed}
	got := distinctConjuncts(in)
	want := []sql.Expression{isNL, subscribed, coin, coin}
	if len(got) != len(want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("kept %v, want %v", got, want)
		}
	}
	if in[3] != isNL {
		t.Fatal("the caller's conjuncts were overwritten")
	}
}
