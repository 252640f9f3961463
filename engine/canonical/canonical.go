// Package canonical holds cohortdb's canonical shop schema (customers,
// orders, products, events, scoring_rules, fx_rates, load_history) and creates it on a fresh data
// dir. docs/schema.md documents the columns.
package canonical

import (
	_ "embed"
	"strings"
)

// Database is the default database of the canonical tables.
const Database = "shop"

//go:embed shop.sql
var shopSQL string

// Statements returns the CREATE TABLE statements of the canonical schema.
func Statements() []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(shopSQL, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	return out
}

// SortKeys are the sort keys (column names) of canonical tables, as their
// comments in shop.sql declare them: compaction writes their segments in
// that order, so per-customer analytics stream over them.
var SortKeys = map[string][]string{
	"orders": {"customer_id", "ordered_at"},
	"events": {"customer_id", "occurred_at"},
}

// Tables lists the canonical tables in creation order.
var Tables = []string{"customers", "orders", "products", "events", "scoring_rules", "fx_rates", "load_history", "compaction_history"}
