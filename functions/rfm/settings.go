package rfm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Setting names saved by erfm_apply and read by rfm() and lifecycle().
const (
	setRecency    = "rfm.recency_breaks"
	setFrequency  = "rfm.frequency_breaks"
	setMonetary   = "rfm.monetary_breaks"
	setEngagement = "rfm.engagement_breaks"
	setActive     = "lifecycle.active_days"
	setLapsed     = "lifecycle.lapsed_days"
)

// settingsDDL creates the settings table on first use. It is a plain
// table: users may read it, and edit it at their own risk (rfm() rejects
// values it cannot parse, naming the row).
const settingsDDL = "CREATE TABLE IF NOT EXISTS `%s`.settings (" +
	"name VARCHAR(100) NOT NULL PRIMARY KEY, value TEXT, updated_at DATETIME)"

// Params are the saved thresholds; nil/0 fields are not saved.
type Params struct {
	Recency, Frequency, Monetary, Engagement []float64 // ascending breaks
	ActiveDays, LapsedDays                   int64
}

// hasBreaks reports whether all four break lists are saved.
func (p *Params) hasBreaks() bool {
	return p.Recency != nil && p.Frequency != nil && p.Monetary != nil && p.Engagement != nil
}

// loadParams reads the saved settings of db; a missing table means none.
func loadParams(fn string, env sqlfn.Env, db string) (Params, error) {
	var p Params
	sn, err := env.Snapshot(db, "settings")
	if err != nil {
		if sql.ErrTableNotFound.Is(err) || errors.Is(err, read.ErrTableNotFound) {
			return p, nil
		}
		return p, err
	}
	name, err := column(sn, "settings", "name", read.KindBytes)
	if err != nil {
		return p, err
	}
	value, err := column(sn, "settings", "value", read.KindBytes)
	if err != nil {
		return p, err
	}
	kv := map[string]string{}
	err = sn.Scan(read.Request{Columns: []int{name, value}}, func(b *read.Batch) error {
		each(b, func(i int) {
			if !b.Cols[0].IsNull(i) && !b.Cols[1].IsNull(i) {
				kv[strings.ToLower(string(b.Cols[0].Bytes(i)))] = string(b.Cols[1].Bytes(i))
			}
		})
		return nil
	})
	if err != nil {
		return p, err
	}
	return parseParams(fn, kv)
}

// parseParams decodes settings values; a bad value is an error naming the
// setting, so the user can fix or delete the row.
func parseParams(fn string, kv map[string]string) (Params, error) {
	var p Params
	for _, s := range []struct {
		name string
		dst  *[]float64
	}{{setRecency, &p.Recency}, {setFrequency, &p.Frequency}, {setMonetary, &p.Monetary}, {setEngagement, &p.Engagement}} {
		v, ok := kv[s.name]
		if !ok {
			continue
		}
		bs, err := parseBreaks(v)
		if err != nil {
			return p, sqlfn.ErrArg(fn, "setting %s = %q: %v (fix the settings row or CALL erfm_reset())", s.name, v, err)
		}
		*s.dst = bs
	}
	for _, s := range []struct {
		name string
		dst  *int64
	}{{setActive, &p.ActiveDays}, {setLapsed, &p.LapsedDays}} {
		v, ok := kv[s.name]
		if !ok {
			continue
		}
		d, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || d < 1 {
			return p, sqlfn.ErrArg(fn, "setting %s = %q: want a whole number of days ≥ 1 (fix the settings row or CALL erfm_reset())", s.name, v)
		}
		*s.dst = d
	}
	return p, nil
}

// parseBreaks reads "b1,b2,b3,b4": at most four ascending numbers.
func parseBreaks(s string) ([]float64, error) {
	out := []float64{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", f)
		}
		if n := len(out); n > 0 && v < out[n-1] {
			return nil, fmt.Errorf("breaks must ascend")
		}
		out = append(out, v)
	}
	if len(out) > 4 {
		return nil, fmt.Errorf("at most 4 breaks, got %d", len(out))
	}
	return out, nil
}

// formatBreaks is the inverse of parseBreaks.
func formatBreaks(bs []float64) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = strconv.FormatFloat(b, 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

// saveSettings writes name=value pairs into db.settings, creating it.
func saveSettings(env sqlfn.Env, db string, kv [][2]string) error {
	if err := sqlfn.EnsureTable(env, db, "settings", fmt.Sprintf(settingsDDL, db)); err != nil {
		return err
	}
	for _, p := range kv {
		q := fmt.Sprintf("REPLACE INTO `%s`.settings (name, value, updated_at) VALUES (%s, %s, UTC_TIMESTAMP())",
			db, quote(p[0]), quote(p[1]))
		if _, _, err := env.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

// resetSettings deletes the settings erfm_apply saves.
func resetSettings(env sqlfn.Env, db string) (int64, error) {
	if err := sqlfn.EnsureTable(env, db, "settings", fmt.Sprintf(settingsDDL, db)); err != nil {
		return 0, err
	}
	names := []string{setRecency, setFrequency, setMonetary, setEngagement, setActive, setLapsed}
	for i, n := range names {
		names[i] = quote(n)
	}
	_, rows, err := env.Exec(fmt.Sprintf("DELETE FROM `%s`.settings WHERE name IN (%s)", db, strings.Join(names, ", ")))
	if err != nil {
		return 0, err
	}
	if len(rows) == 1 && len(rows[0]) == 1 {
		if r, ok := rows[0][0].(types.OkResult); ok {
			return int64(r.RowsAffected), nil
		}
	}
	return 0, nil
}

// quote is a SQL string literal of s.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}
