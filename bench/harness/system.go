package harness

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// System is one database under test, loaded and ready to answer queries.
type System interface {
	// Name is the column header in the report (cohortdb, DuckDB, ...).
	Name() string
	// Dialect picks the query text variant.
	Dialect() Dialect
	// DB is the handle queries run through.
	DB() *sql.DB
	// Timeout bounds one query; 0 means none.
	Timeout() time.Duration
	// Cancel stops a statement that ran past its timeout, so it does not
	// keep the CPU busy while the next query is timed. conn identifies
	// the session (see ConnID).
	Cancel(conn int64)
	// ConnID returns an id of c that Cancel understands (0 if none).
	ConnID(ctx context.Context, c *sql.Conn) int64
	Close() error
}

// LoadInfo is what loading orders.csv into a system cost.
type LoadInfo struct {
	Rows     int64
	Duration time.Duration
	// CPU is the server's CPU time over the load (cohortdb only; 0 when
	// not measured).
	CPU time.Duration
	// DiskBytes is the data dir's size right after loading, and
	// DiskBytesStopped after a clean shutdown (cohortdb only; 0 when not
	// measured).
	DiskBytes, DiskBytesStopped int64
	// LoadRate is the rate a loader reports for its load phase alone
	// (cohortdb import), 0 when not reported.
	LoadRate float64
}

// cpuMeter is a system whose CPU time the harness can read: a server
// process of its own (cohortdb). Timings then carry the server's CPU
// time beside the wall time.
type cpuMeter interface {
	ServerCPU() time.Duration
}

// serverCPU reads s's CPU time, 0 when s is not a cpuMeter.
func serverCPU(s System) time.Duration {
	if m, ok := s.(cpuMeter); ok {
		return m.ServerCPU()
	}
	return 0
}

// ErrTimeout marks a query that ran past its system's timeout.
var ErrTimeout = errors.New("timeout")

// wireConnID asks a MySQL-protocol server for the session's id.
func wireConnID(ctx context.Context, c *sql.Conn) int64 {
	var id int64
	if err := c.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		return 0
	}
	return id
}

// wireCancel kills the running statement of session id (best effort: the
// statement may just have finished).
func wireCancel(db *sql.DB, id int64) {
	if id == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", id))
}

// execAll runs statements in order, stopping at the first error.
func execAll(ctx context.Context, db *sql.DB, stmts ...string) error {
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%.60s...: %w", s, err)
		}
	}
	return nil
}

// loadDataLocal is the LOAD DATA statement cohortdb and MariaDB load
// orders.csv with (header line, RFC 4180 quoting where needed).
func loadDataLocal(path string) string {
	return fmt.Sprintf(`LOAD DATA LOCAL INFILE '%s' INTO TABLE orders
FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\n' IGNORE 1 LINES
(order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, currency, status, channel, store_id, coupon_code, source_medium, source_campaign)`, path)
}
