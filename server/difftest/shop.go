package difftest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine/canonical"
)

// ShopCustomers is the size of the generated shop both servers get: big
// enough for every join, group and window shape to have several groups
// and ties, small enough that a statement runs in milliseconds.
const ShopCustomers = 120

// ShopSeed is the generator seed of the shop data.
const ShopSeed = 7

// SchemaStatements create the canonical shop tables on a server that
// does not have them (MariaDB): the same DDL cohortdb runs on a fresh
// data directory.
func SchemaStatements() []string {
	out := []string{
		"CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		"USE shop",
	}
	return append(out, canonical.Statements()...)
}

// DataStatements are the INSERTs that load the generated shop, then a few
// hand-written NULL-heavy rows, into the canonical tables. Every value
// is a quoted literal and an empty CSV field is NULL, so both servers
// store the same values whatever their LOAD DATA rules for empty fields.
func DataStatements() ([]string, error) {
	var c, o, p, e bytes.Buffer
	cfg := gen.Config{Customers: ShopCustomers, Seed: ShopSeed}
	if _, err := gen.WriteTables(gen.Writers{Customers: &c, Orders: &o, Products: &p, Events: &e}, cfg); err != nil {
		return nil, fmt.Errorf("generate shop: %w", err)
	}
	var out []string
	for _, t := range []struct {
		name string
		csv  *bytes.Buffer
	}{{"products", &p}, {"customers", &c}, {"orders", &o}, {"events", &e}} {
		stmts, err := insertCSV(t.name, t.csv)
		if err != nil {
			return nil, err
		}
		out = append(out, stmts...)
	}
	return append(out, nullHeavyRows...), nil
}

// insertCSV turns a CSV with a header line into INSERTs of 250 rows.
func insertCSV(table string, data *bytes.Buffer) ([]string, error) {
	recs, err := csv.NewReader(data).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("read generated %s: %v", table, err)
	}
	head := "INSERT INTO " + table + " (" + strings.Join(recs[0], ", ") + ") VALUES "
	var out []string
	var b strings.Builder
	for i, rec := range recs[1:] {
		if i%250 == 0 {
			if b.Len() > 0 {
				out = append(out, b.String())
			}
			b.Reset()
			b.WriteString(head)
		} else {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, v := range rec {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(literal(v))
		}
		b.WriteByte(')')
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out, nil
}

// literal quotes a CSV value as SQL; the empty string is NULL.
func literal(v string) string {
	if v == "" {
		return "NULL"
	}
	v = strings.ReplaceAll(v, `\`, `\\`)
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// nullHeavyRows are rows with every nullable column NULL, empty strings,
// mixed case, quotes and non-ASCII text: the values where MySQL's rules
// (NULL in aggregates and joins, ” vs NULL, case, multi-byte lengths)
// show.
var nullHeavyRows = []string{
	`INSERT INTO customers (customer_id, email, first_name, last_name, gender, birth_date, country, city, signup_at, source, email_opt_in, updated_at) VALUES
	 (900001, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01 00:00:00', NULL, 0, NULL),
	 (900002, '', '', '', 'U', '2000-02-29', '', '', '2024-12-31 23:59:59', '', 1, '2025-12-31 23:59:59'),
	 (900003, 'ZOË.o''Brien@Example.COM', 'Zoë', 'O''Brien', 'F', '1970-01-01', 'IE', 'Dún Laoghaire', '2026-06-30 12:00:00', 'Referral', 1, NULL),
	 (900004, 'null@example.com', 'NULL', 'null', 'M', NULL, 'DE', NULL, '2025-03-30 02:30:00', 'organic', 0, NULL)`,
	`INSERT INTO products (product_id, name, brand, category_1, category_2, category_3, price, created_at) VALUES
	 (900001, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
	 (900002, '', '', '', '', '', 0.00, '2025-01-01 00:00:00'),
	 (900003, 'Café "Crème" 100% Arabica, 1 kg', 'Zoë & Co', 'Food & Drink', NULL, NULL, 9999999999.99, '2026-06-30 23:59:59')`,
	`INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, currency, status, channel, store_id, coupon_code, source_medium, source_campaign) VALUES
	 (900001, 1, 900001, '2025-01-01 00:00:00', 900001, 1, 0.00, 0.00, 'EUR', 'valid', NULL, NULL, NULL, NULL, NULL),
	 (900001, 2, 900001, '2025-01-01 00:00:00', 900002, 3, 0.01, 0.03, 'EUR', 'cancelled', NULL, NULL, '', NULL, NULL),
	 (900002, 1, 900003, '2026-06-30 23:59:59', 900003, 2, 1234567.89, 2469135.78, 'GBP', 'returned', 'store', 7, 'WELCOME10', '(direct) / (none)', ''),
	 (900003, 1, 999999, '2024-02-29 12:00:00', 999999, -1, -5.50, 5.50, 'EUR', 'valid', 'web', NULL, NULL, NULL, NULL)`,
	`INSERT INTO events (customer_id, occurred_at, type, campaign_id, channel, product_id) VALUES
	 (900001, '2025-01-01 00:00:00', 'site_visit', NULL, NULL, NULL),
	 (900001, '2025-01-01 00:00:00', 'site_visit', NULL, NULL, NULL),
	 (900003, '2026-06-30 23:59:59', 'product_view', NULL, 'web', 900003),
	 (999999, '2024-02-29 00:00:00', 'email_open', 0, '', 999999)`,
}
