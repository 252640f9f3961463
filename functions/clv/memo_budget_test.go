package clv

import (
	"context"
	"errors"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The memo of scores per distinct history is charged: 20,000 customers
// with 20,000 distinct (x, T) hold 20,000 × 80 bytes (1.6 MB), past a
// limit of 512 KiB; with every customer's history the same, one entry
// fits.
func TestScoreMemoCharged(t *testing.T) {
	f := &Fitted{Kind: KindBGNBD, Unit: UnitDay, BG: BGNBD{R: 0.5, Alpha: 30, A: 0.8, B: 2.5},
		Spend: GammaGamma{P: 4, Q: 5, Gamma: 60}}
	tests := []struct {
		name     string
		distinct bool
		wantErr  bool
	}{{"distinct histories", true, true}, {"one history", false, false}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := make([]CustomerSummary, 20000)
			for i := range cs {
				s := Summary{X: 2, Tx: 100, T: 300}
				if tc.distinct {
					s = Summary{X: float64(i % 200), Tx: 100, T: float64(300 + i/200)}
				}
				cs[i] = CustomerSummary{ID: int64(i), Summary: s, MeanValue: 30}
			}
			a := membudget.NewPool(0).NewAccount(512 << 10)
			defer a.Close()
			g := sqlfn.NewGuard(sql.NewContext(membudget.NewContext(context.Background(), a)))
			defer g.Release()
			_, err := ScoreCustomersContext(context.Background(), g, f, cs, 365, 0.1, HighValueShare)
			if got := errors.Is(err, membudget.ErrExceeded); got != tc.wantErr {
				t.Fatalf("err = %v, want ErrExceeded %v", err, tc.wantErr)
			}
		})
	}
}
