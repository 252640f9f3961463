package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
)

// EXPLAIN in MySQL 8's other formats. GMS v0.20.0 parses EXPLAIN
// FORMAT=TREE and EXPLAIN ANALYZE (both print its plan tree, in a column
// named "plan", one row per line) and rejects FORMAT=JSON. Here:
//
//   - EXPLAIN FORMAT=TREE stmt: the plan tree as one row of one column
//     named EXPLAIN, as MySQL answers.
//   - EXPLAIN FORMAT=JSON stmt: {"query_block": {"select_id": 1,
//     "cohortdb_plan": [lines of the tree]}} in that column (MySQL's
//     JSON names its own operators; cohortdb's are GMS's and its own).
//   - EXPLAIN ANALYZE stmt (SELECT, WITH or TABLE only, as in MySQL):
//     runs the statement, discards its rows and answers the tree
//     followed by the rows it returned and the time it took (the time of
//     the whole statement: operators are not timed one by one).
//   - EXPLAIN FORMAT=TRADITIONAL stmt is plain EXPLAIN.
//   - EXPLAIN PLAN stmt (GMS's own form): the tree, a row per line in a
//     column named plan — read here, so a statement GMS knows returns one
//     row (a scalar aggregate) does not fail on its several plan lines.
var (
	explainPlan    = regexp.MustCompile(`(?is)^(?:EXPLAIN|DESCRIBE|DESC)\s+PLAN\s+(.+)$`)
	explainFormat  = regexp.MustCompile(`(?is)^(?:EXPLAIN|DESCRIBE|DESC)\s+FORMAT\s*=\s*(TREE|JSON|TRADITIONAL)\s+(.+)$`)
	explainAnalyze = regexp.MustCompile(`(?is)^(?:EXPLAIN|DESCRIBE|DESC)\s+ANALYZE\s+(?:FORMAT\s*=\s*TREE\s+)?(.+)$`)
	analyzable     = regexp.MustCompile(`(?is)^\(*\s*(SELECT|WITH|TABLE)\b`)
)

// explainFormatStmt answers EXPLAIN FORMAT=….
func (d *handler) explainFormatStmt(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	format, stmt := strings.ToUpper(m[1]), m[2]
	if format == "TRADITIONAL" {
		return d.Handler.ComQuery(ctx, c, "EXPLAIN "+stmt, d.fixText(cb)) // not a query (else explainQuery)
	}
	lines, err := d.planTree(ctx, c, stmt)
	if err != nil {
		return err
	}
	text := strings.Join(lines, "\n")
	if format == "JSON" {
		doc := map[string]any{"query_block": map[string]any{"select_id": 1, "cohortdb_plan": lines}}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return err
		}
		text = string(b)
	}
	return cb(textResult([]string{"EXPLAIN"}, [][]string{{text}}), false)
}

// explainPlanStmt answers EXPLAIN PLAN.
func (d *handler) explainPlanStmt(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	lines, err := d.planTree(ctx, c, m[1])
	if err != nil {
		return err
	}
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = []string{l}
	}
	return cb(textResult([]string{"plan"}, rows), false)
}

// explainAnalyzeStmt answers EXPLAIN ANALYZE.
func (d *handler) explainAnalyzeStmt(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	stmt := m[1]
	if !analyzable.MatchString(stmt) {
		return mysql.NewSQLError(mysql.ERNotSupportedYet, "42000",
			"This version of MySQL doesn't yet support 'EXPLAIN ANALYZE on this statement'")
	}
	lines, err := d.planTree(ctx, c, stmt)
	if err != nil {
		return err
	}
	rows := 0
	start := time.Now()
	err = d.Handler.ComQuery(ctx, c, stmt, func(r *sqltypes.Result, _ bool) error {
		if r != nil {
			rows += len(r.Rows)
		}
		return nil
	})
	if err != nil {
		return err
	}
	took := time.Since(start)
	lines = append(lines, fmt.Sprintf("-> actual: rows=%d time=%.3f ms (whole statement)", rows, float64(took.Microseconds())/1000))
	return cb(textResult([]string{"EXPLAIN"}, [][]string{{strings.Join(lines, "\n")}}), false)
}

// planTree is GMS's plan of stmt, one line per element. It reads the
// engine's rows itself: GMS's handler refuses the plan of a statement it
// knows returns at most one row (a primary-key lookup) because the plan
// has several ("result max1Row iterator returned more than one row").
func (d *handler) planTree(ctx context.Context, c *mysql.Conn, stmt string) ([]string, error) {
	rp := d.results.Load()
	if rp == nil {
		return nil, mysql.NewSQLError(mysql.ERNotSupportedYet, "42000", "EXPLAIN FORMAT=TREE is not available")
	}
	q := "EXPLAIN FORMAT=TREE " + stmt
	sqlCtx, err := rp.sm.NewContextWithQuery(ctx, c, q)
	if err != nil {
		return nil, err
	}
	_, iter, _, err := rp.e.Query(sqlCtx, q)
	if err != nil {
		return nil, err
	}
	defer iter.Close(sqlCtx)
	var lines []string
	for {
		row, err := iter.Next(sqlCtx)
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return nil, err
		}
		if len(row) > 0 {
			lines = append(lines, fmt.Sprint(row[0]))
		}
	}
}
