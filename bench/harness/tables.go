package harness

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// The analytics functions (issues 5-8) read customers, products and
// events besides orders. They are loaded into cohortdb and DuckDB only,
// after Q1-Q7 (which read orders alone) have been timed.

// extraTable is one of those tables: its CSV and its DuckDB DDL (the
// canonical shop.sql types; cohortdb creates the tables itself).
type extraTable struct {
	name, file, duckDDL string
}

var extraTables = []extraTable{
	{"customers", gen.CustomersFile, `CREATE TABLE customers (
  customer_id BIGINT NOT NULL, email VARCHAR, first_name VARCHAR, last_name VARCHAR, gender VARCHAR,
  birth_date DATE, country VARCHAR, city VARCHAR, signup_at TIMESTAMP NOT NULL, source VARCHAR,
  email_opt_in INTEGER NOT NULL, updated_at TIMESTAMP, phone VARCHAR, postal_code VARCHAR)`},
	{"products", gen.ProductsFile, `CREATE TABLE products (
  product_id BIGINT NOT NULL, name VARCHAR, brand VARCHAR, category_1 VARCHAR, category_2 VARCHAR,
  category_3 VARCHAR, price DECIMAL(12,2), created_at TIMESTAMP)`},
	{"events", gen.EventsFile, `CREATE TABLE events (
  customer_id BIGINT, occurred_at TIMESTAMP NOT NULL, type VARCHAR NOT NULL,
  campaign_id BIGINT, channel VARCHAR, product_id BIGINT, url VARCHAR, source VARCHAR, device VARCHAR, visitor_id VARCHAR)`},
}

// loadExtraDuck creates and COPYs the extra tables into DuckDB.
func (r *Run) loadExtraDuck(ctx context.Context, d *Duck) error {
	for _, t := range extraTables {
		path := filepath.Join(r.Data.Dir, t.file)
		start := time.Now()
		if err := execAll(ctx, d.db, t.duckDDL,
			fmt.Sprintf("COPY %s FROM '%s' (HEADER)", t.name, strings.ReplaceAll(path, "'", "''"))); err != nil {
			return fmt.Errorf("duckdb: load %s: %w", path, err)
		}
		r.logf("%-10s loaded %s in %v", d.Name(), t.file, time.Since(start).Round(time.Millisecond))
	}
	return r.loadFxDuck(ctx, d)
}

// duckFxDDL is the canonical fx_rates in DuckDB's types.
const duckFxDDL = `CREATE TABLE fx_rates (currency VARCHAR NOT NULL, valid_from DATE NOT NULL, rate DECIMAL(18,8) NOT NULL)`

// loadFxDuck creates fx_rates (empty when the data set has no
// fx_rates.csv, as cohortdb's is then) and the view orders_reporting
// that the analytics' reference SQL reads money from.
func (r *Run) loadFxDuck(ctx context.Context, d *Duck) error {
	stmts := []string{duckFxDDL}
	path := filepath.Join(r.Data.Dir, gen.FxRatesFile)
	if fileExists(path) {
		stmts = append(stmts, fmt.Sprintf("COPY fx_rates FROM '%s' (HEADER)", strings.ReplaceAll(path, "'", "''")))
	}
	if err := execAll(ctx, d.db, append(stmts, duckOrdersReporting)...); err != nil {
		return fmt.Errorf("duckdb: load %s: %w", path, err)
	}
	return nil
}

// loadExtraCohort loads the extra tables into cohortdb's canonical shop
// tables with LOAD DATA LOCAL INFILE, columns named by the CSV header.
func (r *Run) loadExtraCohort(ctx context.Context, c *Cohort) error {
	for _, t := range extraTables {
		path := filepath.Join(r.Data.Dir, t.file)
		cols, err := csvHeader(path)
		if err != nil {
			return err
		}
		start := time.Now()
		res, err := c.db.ExecContext(ctx, loadDataTable(path, t.name, cols))
		if err != nil {
			return fmt.Errorf("cohortdb: load %s: %w", path, err)
		}
		n, _ := res.RowsAffected()
		r.logf("%-10s loaded %s: %d rows in %v", c.Name(), t.file, n, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// csvHeader returns the column names of a generated CSV's header line.
func csvHeader(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	return strings.Split(strings.TrimSpace(line), ","), nil
}

// loadDataTable is the LOAD DATA statement of a generated CSV.
func loadDataTable(path, table string, cols []string) string {
	return fmt.Sprintf(`LOAD DATA LOCAL INFILE '%s' INTO TABLE %s
FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\n' IGNORE 1 LINES
(%s)`, path, table, strings.Join(cols, ", "))
}
