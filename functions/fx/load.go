package fx

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// SystemVariables is the package's session variable: reporting_currency
// (empty: the settings row, else EUR).
func SystemVariables() []sql.SystemVariable {
	return []sql.SystemVariable{&sql.MysqlSystemVariable{
		Name:    Variable,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
		Dynamic: true,
		Type:    types.NewSystemStringType(Variable),
		Default: "",
	}}
}

// Reporting returns the reporting currency of the statement: the session
// variable, else the settings row of db, else EUR.
func Reporting(env sqlfn.Env, db string) (string, error) {
	if s, ok := env.Variable(Variable).(string); ok && strings.TrimSpace(s) != "" {
		return normal(s), nil
	}
	kv, err := sqlfn.Settings(env, db)
	if err != nil {
		return "", err
	}
	if s := strings.TrimSpace(kv[SettingName]); s != "" {
		return normal(s), nil
	}
	return DefaultCurrency, nil
}

// Load reads the reporting currency and db.fx_rates (a missing table has
// no rates) into a Table.
func Load(env sqlfn.Env, db string) (*Table, error) {
	rep, err := Reporting(env, db)
	if err != nil {
		return nil, err
	}
	rows, err := readRates(env, db)
	if err != nil {
		return nil, err
	}
	return New(rep, rows)
}

func readRates(env sqlfn.Env, db string) ([]Rate, error) {
	sn, err := env.Snapshot(db, TableName)
	if err != nil {
		if sql.ErrTableNotFound.Is(err) || errors.Is(err, read.ErrTableNotFound) {
			return nil, nil
		}
		return nil, err
	}
	cur, err := sqlfn.Column(sn, TableName, "currency", read.KindBytes)
	if err != nil {
		return nil, err
	}
	from, err := sqlfn.Column(sn, TableName, "valid_from", read.KindInt)
	if err != nil {
		return nil, err
	}
	rc, ok := sn.Column("rate")
	rate := rc.Ord
	if !ok {
		return nil, fmt.Errorf("table %s has no column rate", TableName)
	}
	unit := int64(1) // DATE: days; DATETIME: µs
	if !sqlfn.IsDate(sn, "valid_from") {
		unit = calendar.MicrosPerDay
	}
	scale := math.Pow10(int(sqlfn.DecimalScale(sn, "rate")))
	isFloat := rc.Kind == read.KindFloat
	var out []Rate
	err = sn.Scan(read.Request{Columns: []int{cur, from, rate}}, func(b *read.Batch) error {
		var bad error
		b.Each(func(i int) {
			if b.Cols[0].IsNull(i) || b.Cols[1].IsNull(i) || b.Cols[2].IsNull(i) {
				bad = fmt.Errorf("fx_rates: a row with a NULL currency, valid_from or rate")
				return
			}
			r := Rate{Currency: string(b.Cols[0].Bytes(i)), ValidFrom: calendar.FloorDiv(b.Cols[1].Ints[i], unit)}
			if isFloat {
				r.Rate = b.Cols[2].Floats[i]
			} else {
				r.Rate = float64(b.Cols[2].Ints[i]) / scale
			}
			out = append(out, r)
		})
		return bad
	})
	return out, err
}

// Converter converts the amounts of one batch's lines. Reset it for
// every batch; it allocates nothing per row.
type Converter struct {
	t     *Table
	cur   *read.Vector
	codes [256]int16
	dict  bool
	same  bool // every line of the batch is in the reporting currency
}

// Reset prepares c to convert by t the lines of a batch whose currency
// column is cur. A nil t or cur (no rates asked for, no currency column)
// leaves every amount as it is. The zero Converter is ready for Reset.
func (c *Converter) Reset(t *Table, cur *read.Vector) {
	c.t, c.cur, c.dict, c.same = t, cur, false, cur == nil || t == nil
	if c.same || cur.Codes == nil || cur.DictLen() > len(c.codes) {
		return
	}
	c.dict, c.same = true, true
	for j := range cur.DictLen() {
		ci := c.t.Index(cur.DictValue(j))
		c.codes[j] = int16(ci)
		if ci != -1 {
			c.same = false
		}
	}
}

// Same reports whether every line of the batch is in the reporting
// currency, so that amounts need no conversion.
func (c *Converter) Same() bool { return c.same }

// Index is the currency index of line i (-1: the reporting currency, no
// conversion needed; -2: a currency without rates).
func (c *Converter) Index(i int) int {
	switch {
	case c.same:
		return -1
	case c.dict:
		return int(c.codes[c.cur.Codes[i]])
	case c.cur.IsNull(i):
		return -1
	}
	return c.t.Index(c.cur.Bytes(i))
}

// Amount converts the amount of line i, ordered on day.
func (c *Converter) Amount(i int, day, amt int64) (int64, error) {
	return c.AmountAt(c.Index(i), i, day, amt)
}

// AmountAt is Amount for a line whose Index is ci (callers that test the
// index first skip computing the day of reporting-currency lines).
func (c *Converter) AmountAt(ci, i int, day, amt int64) (int64, error) {
	if ci == -1 {
		return amt, nil
	}
	return c.t.Convert(ci, day, amt, c.cur.Bytes(i))
}

// Rate is the rate of line i's currency on day (1 in the reporting
// currency), for callers whose amounts are floats.
func (c *Converter) Rate(i int, day int64) (float64, error) {
	ci := c.Index(i)
	r := c.t.RateOn(ci, day)
	if r != r {
		return 0, &MissingRateError{Currency: normal(string(c.cur.Bytes(i))), Reporting: c.t.Reporting, Day: day}
	}
	return r, nil
}

// Currency finds the currency column of orders; -1 when there is none.
func Currency(sn read.Table) int {
	return sqlfn.OptionalColumn(sn, "currency", read.KindBytes)
}
