package harness

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // registers driver "duckdb"
)

// duckOrdersDDL is the canonical orders table in DuckDB's types.
const duckOrdersDDL = `CREATE TABLE orders (
  order_id BIGINT NOT NULL, line_no INTEGER NOT NULL, customer_id BIGINT NOT NULL,
  ordered_at TIMESTAMP NOT NULL, product_id BIGINT NOT NULL, quantity INTEGER NOT NULL,
  unit_price DECIMAL(12,2) NOT NULL, amount DECIMAL(12,2) NOT NULL,
  currency VARCHAR NOT NULL, status VARCHAR NOT NULL, channel VARCHAR, store_id INTEGER,
  coupon_code VARCHAR, source_medium VARCHAR, source_campaign VARCHAR)`

// Duck is DuckDB in-process (in-memory database, all cores), the
// analytical reference every result is checked against.
type Duck struct {
	db *sql.DB
}

// OpenDuck opens an in-memory DuckDB.
func OpenDuck() (*Duck, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("duckdb: %w", err)
	}
	// One connection: an in-memory DuckDB is per connector, and a
	// single session keeps the loaded table visible to every query.
	db.SetMaxOpenConns(1)
	return &Duck{db: db}, nil
}

func (d *Duck) Name() string                            { return "DuckDB" }
func (d *Duck) Dialect() Dialect                        { return DuckDB }
func (d *Duck) DB() *sql.DB                             { return d.db }
func (d *Duck) Timeout() time.Duration                  { return 0 }
func (d *Duck) Cancel(int64)                            {}
func (d *Duck) ConnID(context.Context, *sql.Conn) int64 { return 0 }
func (d *Duck) Close() error                            { return d.db.Close() }

// Load creates orders and COPYs the CSV in (empty fields are NULL).
func (d *Duck) Load(ctx context.Context, ordersCSV string) (LoadInfo, error) {
	if err := execAll(ctx, d.db, duckOrdersDDL); err != nil {
		return LoadInfo{}, fmt.Errorf("duckdb: %w", err)
	}
	start := time.Now()
	res, err := d.db.ExecContext(ctx, fmt.Sprintf("COPY orders FROM '%s' (HEADER)", strings.ReplaceAll(ordersCSV, "'", "''")))
	if err != nil {
		return LoadInfo{}, fmt.Errorf("duckdb: load %s: %w", ordersCSV, err)
	}
	info := LoadInfo{Duration: time.Since(start)}
	info.Rows, _ = res.RowsAffected()
	return info, nil
}

// Version reports DuckDB's library version.
func (d *Duck) Version(ctx context.Context) string {
	var v string
	if err := d.db.QueryRowContext(ctx, "SELECT version()").Scan(&v); err != nil {
		return "unknown"
	}
	return v
}
