package clv

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Model kinds and time units as stored in clv_models.
const (
	KindBGNBD     = "bgnbd"
	KindMBGNBD    = "mbgnbd"
	KindParetoNBD = "paretonbd"
	UnitDay       = "day"
	UnitWeek      = "week"
)

// Fitted is one row of clv_models: a purchase model and a Gamma-Gamma
// spend model fitted together on one calibration period. It is a plain
// table so that users can read it, and insert models of their own (e.g.
// published parameters) that clv() then uses like fitted ones.
type Fitted struct {
	ID             int64
	Kind           string     // KindBGNBD or KindParetoNBD
	Unit           string     // UnitDay or UnitWeek: the unit of Alpha, Beta and of T
	CalibrationEnd int64      // day number; clv() summarises customers as of this day
	BG             BGNBD      // when Kind is KindBGNBD
	Pareto         ParetoNBD  // when Kind is KindParetoNBD
	MBG            MBGNBD     // when Kind is KindMBGNBD
	Spend          GammaGamma // the Gamma-Gamma spend model
	// Log-likelihoods of the purchase and spend fits (NaN when unknown).
	LogLikelihood, SpendLogLikelihood float64
	Customers, RepeatCustomers        int64
}

// Purchases is the purchase model.
func (f *Fitted) Purchases() PurchaseModel {
	switch f.Kind {
	case KindParetoNBD:
		return f.Pareto
	case KindMBGNBD:
		return f.MBG
	}
	return f.BG
}

// UnitDays is the number of days per model time unit.
func (f *Fitted) UnitDays() float64 { return unitDays(f.Unit) }

func unitDays(unit string) float64 {
	if unit == UnitWeek {
		return 7
	}
	return 1
}

// parseKind accepts the spellings of the model argument.
func parseKind(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "mbgnbd", "mbg/nbd", "mbg_nbd", "mbg-nbd":
		return KindMBGNBD, true
	case "bgnbd", "bg/nbd", "bg_nbd", "bg-nbd":
		return KindBGNBD, true
	case "paretonbd", "pareto/nbd", "pareto_nbd", "pareto-nbd", "pnbd":
		return KindParetoNBD, true
	}
	return "", false
}

// parseUnit accepts day(s) and week(s).
func parseUnit(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "day", "days":
		return UnitDay, true
	case "week", "weeks":
		return UnitWeek, true
	}
	return "", false
}

// parameters is the JSON of clv_models.parameters.
func (f *Fitted) parameters() string {
	p := map[string]float64{"p": f.Spend.P, "q": f.Spend.Q, "gamma": f.Spend.Gamma}
	if f.Kind == KindParetoNBD {
		p["r"], p["alpha"], p["s"], p["beta"] = f.Pareto.R, f.Pareto.Alpha, f.Pareto.S, f.Pareto.Beta
	} else if f.Kind == KindMBGNBD {
		p["r"], p["alpha"], p["a"], p["b"] = f.MBG.R, f.MBG.Alpha, f.MBG.A, f.MBG.B
	} else {
		p["r"], p["alpha"], p["a"], p["b"] = f.BG.R, f.BG.Alpha, f.BG.A, f.BG.B
	}
	b, _ := json.Marshal(p) // map keys are sorted: stable text
	return string(b)
}

// setParameters parses clv_models.parameters for f.Kind.
func (f *Fitted) setParameters(text string) error {
	var p map[string]float64
	if err := json.Unmarshal([]byte(text), &p); err != nil {
		return fmt.Errorf("parameters are not a JSON object of numbers: %v", err)
	}
	names := []string{"r", "alpha", "a", "b", "p", "q", "gamma"}
	if f.Kind == KindParetoNBD {
		names = []string{"r", "alpha", "s", "beta", "p", "q", "gamma"}
	}
	for _, n := range names {
		if v, ok := p[n]; !ok || !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("parameter %q missing or not positive in %s", n, text)
		}
	}
	f.Spend = GammaGamma{P: p["p"], Q: p["q"], Gamma: p["gamma"]}
	if f.Kind == KindParetoNBD {
		f.Pareto = ParetoNBD{R: p["r"], Alpha: p["alpha"], S: p["s"], Beta: p["beta"]}
	} else {
		f.BG = BGNBD{R: p["r"], Alpha: p["alpha"], A: p["a"], B: p["b"]}
		f.MBG = MBGNBD(f.BG)
	}
	return nil
}

// modelsDDL creates clv_models on first use.
const modelsDDL = "CREATE TABLE IF NOT EXISTS %s.clv_models (" +
	"id BIGINT NOT NULL AUTO_INCREMENT, " +
	"fitted_at DATETIME NOT NULL COMMENT 'UTC', " +
	"calibration_end DATE NOT NULL COMMENT 'clv() scores customers as of this day', " +
	"model VARCHAR(16) NOT NULL COMMENT 'mbgnbd, bgnbd or paretonbd', " +
	"time_unit VARCHAR(8) NOT NULL COMMENT 'day or week: the unit of alpha, beta, recency and T', " +
	"parameters TEXT NOT NULL COMMENT 'JSON: r, alpha, a, b (or s, beta) and Gamma-Gamma p, q, gamma', " +
	"log_likelihood DOUBLE COMMENT 'of the purchase model', " +
	"spend_log_likelihood DOUBLE COMMENT 'of the Gamma-Gamma model', " +
	"customers BIGINT NOT NULL COMMENT 'customers in the calibration period', " +
	"repeat_customers BIGINT NOT NULL COMMENT 'of them with at least one repeat transaction', " +
	"PRIMARY KEY (id)) COMMENT 'CLV models fitted by CALL clv_fit'"

// quoteIdent quotes a MySQL identifier.
func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// sqlFloat renders a float for SQL, NULL when not finite.
func sqlFloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "NULL"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// dayString renders a day number as YYYY-MM-DD.
func dayString(day int64) string { return time.Unix(day*86400, 0).UTC().Format(time.DateOnly) }

// saveModel creates clv_models if needed, inserts f and returns its id.
func saveModel(env sqlfn.Env, db string, f *Fitted, now time.Time) (int64, error) {
	if err := sqlfn.EnsureTable(env, db, "clv_models", fmt.Sprintf(modelsDDL, quoteIdent(db))); err != nil {
		return 0, err
	}
	q := fmt.Sprintf("INSERT INTO %s.clv_models (fitted_at, calibration_end, model, time_unit, parameters, "+
		"log_likelihood, spend_log_likelihood, customers, repeat_customers) VALUES ('%s', '%s', '%s', '%s', '%s', %s, %s, %d, %d)",
		quoteIdent(db), now.UTC().Format(time.DateTime), dayString(f.CalibrationEnd), f.Kind, f.Unit,
		f.parameters(), sqlFloat(f.LogLikelihood), sqlFloat(f.SpendLogLikelihood), f.Customers, f.RepeatCustomers)
	_, rows, err := env.Exec(q)
	if err != nil {
		return 0, err
	}
	if len(rows) == 1 && len(rows[0]) == 1 {
		if ok, isOK := rows[0][0].(types.OkResult); isOK && ok.InsertID > 0 {
			return int64(ok.InsertID), nil
		}
	}
	_, rows, err = env.Exec(fmt.Sprintf("SELECT MAX(id) FROM %s.clv_models", quoteIdent(db)))
	if err != nil || len(rows) != 1 || rows[0][0] == nil {
		return 0, fmt.Errorf("clv_fit: cannot read the new model id: %v", err)
	}
	id, err := sqlfn.Int("clv_fit", rows[0], 0, 0)
	return id, err
}

// errNoModel is returned by loadModel when clv_models has no such model.
var errNoModel = errors.New("no model")

// loadModel reads model id (0: the newest, the largest id) from
// db.clv_models through the statement's snapshot.
func loadModel(env sqlfn.Env, db string, id int64) (*Fitted, error) {
	sn, err := env.Snapshot(db, "clv_models")
	if err != nil {
		if sql.ErrTableNotFound.Is(err) || errors.Is(err, read.ErrTableNotFound) {
			return nil, errNoModel
		}
		return nil, err
	}
	var cols [5]int
	for i, c := range []struct {
		name string
		kind read.Kind
	}{{"id", read.KindInt}, {"calibration_end", read.KindInt}, {"model", read.KindBytes},
		{"time_unit", read.KindBytes}, {"parameters", read.KindBytes}} {
		if cols[i], err = sqlfn.Column(sn, "clv_models", c.name, c.kind); err != nil {
			return nil, err
		}
	}
	var best *modelRow
	err = sn.Scan(read.Request{Columns: cols[:]}, func(b *read.Batch) error {
		b.Each(func(i int) {
			if b.Cols[0].IsNull(i) {
				return
			}
			got := b.Cols[0].Ints[i]
			if (id != 0 && got != id) || (best != nil && got <= best.id) {
				return
			}
			best = &modelRow{id: got, calEnd: b.Cols[1].Ints[i], calNull: b.Cols[1].IsNull(i),
				kind: string(b.Cols[2].Bytes(i)), unit: string(b.Cols[3].Bytes(i)), params: string(b.Cols[4].Bytes(i))}
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read clv_models: %w", err)
	}
	if best == nil {
		return nil, errNoModel
	}
	return best.fitted()
}

// modelRow is the raw text of one clv_models row.
type modelRow struct {
	id, calEnd         int64
	calNull            bool
	kind, unit, params string
}

func (r *modelRow) fitted() (*Fitted, error) {
	f := &Fitted{ID: r.id, CalibrationEnd: r.calEnd, LogLikelihood: math.NaN(), SpendLogLikelihood: math.NaN()}
	var ok bool
	if f.Kind, ok = parseKind(r.kind); !ok || r.kind == "" {
		return nil, fmt.Errorf("clv_models row %d: unknown model %q (mbgnbd, bgnbd or paretonbd)", r.id, r.kind)
	}
	if f.Unit, ok = parseUnit(r.unit); !ok || r.unit == "" {
		return nil, fmt.Errorf("clv_models row %d: unknown time_unit %q (day or week)", r.id, r.unit)
	}
	if r.calNull {
		return nil, fmt.Errorf("clv_models row %d: calibration_end is NULL", r.id)
	}
	if err := f.setParameters(r.params); err != nil {
		return nil, fmt.Errorf("clv_models row %d: %v", r.id, err)
	}
	return f, nil
}
