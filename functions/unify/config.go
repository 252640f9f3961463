package unify

import (
	"fmt"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// config is what the rule tables of a database say.
type config struct {
	rules []Rule
	surv  []Criterion
	excl  [][2]int64
	extra []string // customers columns the exact rules compare
}

// loadConfig reads match_rules (enabled rows), survivorship_rules and
// unify_exclusions. A bad row is an error naming it: unify never runs
// on rules other than those written.
func loadConfig(fn string, env sqlfn.Env, db string) (*config, error) {
	c := &config{}
	q := "SELECT rule, priority, kind, col, threshold, options FROM " + quoteIdent(db) + ".match_rules WHERE enabled ORDER BY priority, rule"
	_, rows, err := env.ExecIn(db, q)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		rule, err := NewRule(str(r[0]), integer(r[1]), str(r[2]), str(r[3]), float(r[4]), str(r[5]))
		if err != nil {
			return nil, sqlfn.ErrArg(fn, "match_rules: %v", err)
		}
		if rule.Kind == KindExact {
			c.extra = append(c.extra, rule.Column)
		}
		c.rules = append(c.rules, rule)
	}
	if _, rows, err = env.ExecIn(db, "SELECT criterion, options FROM "+quoteIdent(db)+".survivorship_rules ORDER BY priority"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		cr, err := NewCriterion(str(r[0]), str(r[1]))
		if err != nil {
			return nil, sqlfn.ErrArg(fn, "survivorship_rules: %v", err)
		}
		c.surv = append(c.surv, cr)
	}
	if _, rows, err = env.ExecIn(db, "SELECT customer_a, customer_b FROM "+quoteIdent(db)+".unify_exclusions"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		c.excl = append(c.excl, [2]int64{integer(r[0]), integer(r[1])})
	}
	return c, nil
}

// Cell readers for rows of Env.Exec: NULL reads as the zero value.

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func integer(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	case uint32:
		return int64(x)
	}
	return 0
}

func float(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	}
	return float64(integer(v))
}
