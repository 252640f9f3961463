package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// Statements that MySQL clients and tools send routinely and that
// go-mysql-server v0.20.0's parser or engine refuses. Each is recognised
// by its text (one statement per packet; comments before it are
// skipped and a MySQL versioned comment /*!NNNNN … */ around it is
// looked through) and answered here as MySQL answers it:
//
//   - DO expr, …: the expressions are evaluated, the answer is OK.
//   - SHOW ERRORS, SHOW COUNT(*) ERRORS: the connection's last error.
//   - SHOW COUNT(*) WARNINGS: how many warnings the last statement
//     raised (SHOW WARNINGS lists max_error_count of them).
//   - CHECKSUM TABLE t, …: one row per table (checksum.go).
//   - OPTIMIZE [LOCAL] TABLE t, …: compaction now (optimize.go).
//   - ANALYZE [LOCAL] TABLE t, …: statistics, with or without a
//     current database (optimize.go).
//   - CHECK TABLE t, … [options]: the table verified (optimize.go).
//   - REPAIR [LOCAL] TABLE t, … [options]: InnoDB's answer, no repair
//     (optimize.go).
//   - EXPLAIN FORMAT=TREE|JSON|TRADITIONAL and EXPLAIN ANALYZE
//     (explain.go); plain EXPLAIN of a query (explain_table.go).
//   - In the mysql database, the statements mysqldump --all-databases
//     writes for it: SHOW CREATE TABLE of the log tables general_log and
//     slow_log (MySQL always has them; mysqldump asks for them), and on
//     restore DROP TABLE IF EXISTS, CREATE TABLE, ALTER TABLE … KEYS and
//     LOCK/UNLOCK TABLES are accepted without effect (the grant tables
//     are built in), and INSERT INTO runs as REPLACE INTO so the dumped
//     accounts and grants replace the live ones.
type compatStmt struct {
	re *regexp.Regexp
	// inMySQLDB: only when the current database is mysql.
	inMySQLDB bool
	run       func(d *handler, ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error
}

var compatStmts = []compatStmt{
	{re: regexp.MustCompile(`(?is)^DO\s+(.+)$`), run: (*handler).doStmt},
	{re: regexp.MustCompile(`(?is)^SHOW\s+(COUNT\(\*\)\s+)?ERRORS(\s+LIMIT\s+.*)?$`), run: (*handler).showErrors},
	{re: regexp.MustCompile(`(?is)^SHOW\s+COUNT\(\s*\*\s*\)\s+WARNINGS$`), run: (*handler).countWarnings},
	{re: regexp.MustCompile(`(?is)^CHECKSUM\s+TABLES?\s+(.+?)(\s+(QUICK|EXTENDED))?$`), run: (*handler).checksumTables},
	{re: regexp.MustCompile(`(?is)^OPTIMIZE\s.*$`), run: (*handler).optimizeTables},
	{re: analyzeTable, run: (*handler).analyzeTables},
	{re: regexp.MustCompile(`(?is)^(CHECK|REPAIR)\s.*$`), run: (*handler).checkTables},
	{re: explainQuery, run: (*handler).explainTraditional},
	{re: explainFormat, run: (*handler).explainFormatStmt},
	{re: explainAnalyze, run: (*handler).explainAnalyzeStmt},
	{re: explainPlan, run: (*handler).explainPlanStmt},
	{re: loadDataCharset, run: (*handler).loadDataWithoutCharset},
	{re: setBinaryCharset, run: (*handler).setBinaryCharsetStmt},
	{re: regexp.MustCompile("(?is)^SHOW\\s+CREATE\\s+TABLE\\s+(`?mysql`?\\.)?`?(general_log|slow_log)`?$"), run: showCreateLogTable},
	{re: regexp.MustCompile(`(?is)^(DROP\s+TABLE\s+IF\s+EXISTS|CREATE\s+TABLE|LOCK\s+TABLES|UNLOCK\s+TABLES|ALTER\s+TABLE\s+\S+\s+(DISABLE|ENABLE)\s+KEYS)\b`),
		inMySQLDB: true, run: (*handler).committedOK},
	{re: regexp.MustCompile(`(?is)^INSERT\s+INTO\s+(.+)$`), inMySQLDB: true, run: (*handler).replaceInto},
}

// loadDataCharset is a LOAD DATA naming the file's character set after
// its table, as mysqlimport sends it (/*!50138 CHARACTER SET binary */),
// which GMS v0.20.0's parser rejects (1064). For binary and the UTF-8
// sets it names what cohortdb reads anyway: the clause is dropped.
var loadDataCharset = regexp.MustCompile("(?is)^(LOAD\\s+DATA\\s.*?\\bINTO\\s+TABLE\\s+(?:`[^`]+`|\\S+))\\s+(?:/\\*!\\d*\\s*)?CHARACTER\\s+SET\\s+['\"]?(?:binary|utf8mb4|utf8mb3|utf8)['\"]?(?:\\s*\\*/)?(.*)$")

// loadDataWithoutCharset runs the LOAD DATA without that clause.
func (d *handler) loadDataWithoutCharset(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	return d.Handler.ComQuery(ctx, c, m[1]+m[2], d.fixText(cb))
}

// setBinaryCharset is SET @@character_set_database=binary, which
// mysqlimport sends first and GMS v0.20.0's parser rejects (BINARY is a
// keyword there): run with the name quoted.
var setBinaryCharset = regexp.MustCompile(`(?is)^SET\s+((?:@@(?:session\.)?)?character_set_\w+)\s*=\s*binary$`)

func (d *handler) setBinaryCharsetStmt(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	return d.Handler.ComQuery(ctx, c, "SET "+m[1]+" = 'binary'", d.fixText(cb))
}

// versionComment is a MySQL versioned comment around a whole statement.
var versionComment = regexp.MustCompile(`(?s)^/\*[!M]!?\d*\s*(.*?)\s*\*/$`)

// compat answers query if it is one of compatStmts; handled is false
// when the caller should run it as usual.
func (d *handler) compat(ctx context.Context, c *mysql.Conn, query string, cb mysql.ResultSpoolFn) (handled bool, err error) {
	q := strings.TrimRight(skipComments(query), "; \t\r\n")
	if m := versionComment.FindStringSubmatch(q); m != nil {
		q = strings.TrimRight(m[1], "; \t\r\n")
	}
	q = explainedRollup(q, d.rollupTyper(ctx, c))
	var mysqlDB *bool
	for _, s := range compatStmts {
		m := s.re.FindStringSubmatch(q)
		if m == nil {
			continue
		}
		if s.inMySQLDB {
			if mysqlDB == nil {
				in := strings.EqualFold(d.currentDB(ctx, c), "mysql")
				mysqlDB = &in
			}
			if !*mysqlDB {
				continue
			}
		}
		return true, s.run(d, ctx, c, m, cb)
	}
	return false, nil
}

// currentDB is the connection's current database ("" when unknown).
func (d *handler) currentDB(ctx context.Context, c *mysql.Conn) string {
	p := d.results.Load()
	if p == nil {
		return ""
	}
	sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, "")
	if err != nil {
		return ""
	}
	return sqlCtx.GetCurrentDatabase()
}

// committedOK is a statement accepted without effect that MySQL would
// run after an implicit commit (implicit_commit.go): the commit is made.
func (d *handler) committedOK(ctx context.Context, c *mysql.Conn, _ []string, cb mysql.ResultSpoolFn) error {
	if p := d.results.Load(); p != nil {
		if err := commitOpen(p.sm, ctx, c); err != nil {
			return err
		}
	}
	return cb(&sqltypes.Result{}, false)
}

// doStmt is DO expr, …: SELECT them, send OK instead of the rows.
func (d *handler) doStmt(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	discard := func(*sqltypes.Result, bool) error { return nil }
	if err := d.Handler.ComQuery(ctx, c, "SELECT "+m[1], discard); err != nil {
		return err
	}
	return cb(&sqltypes.Result{}, false)
}

// replaceInto runs a dump's INSERT into a grant table as REPLACE.
func (d *handler) replaceInto(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	return d.Handler.ComQuery(ctx, c, "REPLACE INTO "+m[1], cb)
}

// logTableDefs are MySQL 8.0's definitions of its log tables.
var logTableDefs = map[string]string{
	"general_log": "CREATE TABLE `general_log` (\n" +
		"  `event_time` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),\n" +
		"  `user_host` mediumtext NOT NULL,\n" +
		"  `thread_id` bigint unsigned NOT NULL,\n" +
		"  `server_id` int unsigned NOT NULL,\n" +
		"  `command_type` varchar(64) NOT NULL,\n" +
		"  `argument` mediumblob NOT NULL\n" +
		") ENGINE=CSV DEFAULT CHARSET=utf8mb3 COMMENT='General log'",
	"slow_log": "CREATE TABLE `slow_log` (\n" +
		"  `start_time` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),\n" +
		"  `user_host` mediumtext NOT NULL,\n" +
		"  `query_time` time(6) NOT NULL,\n" +
		"  `lock_time` time(6) NOT NULL,\n" +
		"  `rows_sent` int NOT NULL,\n" +
		"  `rows_examined` int NOT NULL,\n" +
		"  `db` varchar(512) NOT NULL,\n" +
		"  `last_insert_id` int NOT NULL,\n" +
		"  `insert_id` int NOT NULL,\n" +
		"  `server_id` int unsigned NOT NULL,\n" +
		"  `sql_text` mediumblob NOT NULL,\n" +
		"  `thread_id` bigint unsigned NOT NULL\n" +
		") ENGINE=CSV DEFAULT CHARSET=utf8mb3 COMMENT='Slow log'",
}

// showCreateLogTable answers SHOW CREATE TABLE for mysql's log tables:
// they are always empty here (cohortdb has no general or slow log), but
// mysqldump --all-databases asks for their definitions.
func showCreateLogTable(d *handler, ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	if m[1] == "" && !strings.EqualFold(d.currentDB(ctx, c), "mysql") {
		return mysql.NewSQLError(mysql.ERNoSuchTable, "42S02", "table not found: %s", m[2])
	}
	name := strings.ToLower(m[2])
	return cb(textResult([]string{"Table", "Create Table"}, [][]string{{name, logTableDefs[name]}}), false)
}

// textResult is a result of VARCHAR columns.
func textResult(cols []string, rows [][]string) *sqltypes.Result {
	r := &sqltypes.Result{Fields: make([]*querypb.Field, len(cols))}
	for i, name := range cols {
		r.Fields[i] = &querypb.Field{Name: name, Type: sqltypes.VarChar, Charset: 255, ColumnLength: 1024}
	}
	for _, row := range rows {
		vals := make([]sqltypes.Value, len(row))
		for i, v := range row {
			vals[i] = sqltypes.MakeTrusted(sqltypes.VarChar, []byte(v))
		}
		r.Rows = append(r.Rows, vals)
	}
	r.RowsAffected = uint64(len(rows))
	return r
}

// countWarnings is SHOW COUNT(*) WARNINGS. Answered here, not as
// SELECT @@warning_count, since GMS would clear the warnings it counts.
func (d *handler) countWarnings(ctx context.Context, c *mysql.Conn, _ []string, cb mysql.ResultSpoolFn) error {
	n := 0
	if p := d.results.Load(); p != nil {
		sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, "")
		if err != nil {
			return fmt.Errorf("show count(*) warnings: %w", err)
		}
		n = len(sqlCtx.Session.Warnings())
		if r, ok := sqlCtx.Session.(interface{ RaisedWarnings() int }); ok {
			n = r.RaisedWarnings() // those past max_error_count too
		}
	}
	r := &sqltypes.Result{Fields: []*querypb.Field{{Name: "@@session.warning_count", Type: sqltypes.Int64, ColumnLength: 21}},
		Rows: [][]sqltypes.Value{{sqltypes.MakeTrusted(sqltypes.Int64, []byte(fmt.Sprint(n)))}}}
	return cb(r, false)
}

// showErrors is SHOW ERRORS: the last statement's error, if any.
func (d *handler) showErrors(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	last := d.lastError(c)
	if m[1] != "" {
		n := "0"
		if last != nil {
			n = "1"
		}
		r := &sqltypes.Result{Fields: []*querypb.Field{{Name: "@@session.error_count", Type: sqltypes.Int64, ColumnLength: 21}},
			Rows: [][]sqltypes.Value{{sqltypes.MakeTrusted(sqltypes.Int64, []byte(n))}}}
		return cb(r, false)
	}
	r := &sqltypes.Result{Fields: []*querypb.Field{
		{Name: "Level", Type: sqltypes.VarChar, Charset: 255, ColumnLength: 28},
		{Name: "Code", Type: sqltypes.Uint32, ColumnLength: 4, Flags: uint32(querypb.MySqlFlag_UNSIGNED_FLAG)},
		{Name: "Message", Type: sqltypes.VarChar, Charset: 255, ColumnLength: 2048},
	}}
	if last != nil {
		r.Rows = [][]sqltypes.Value{{
			sqltypes.MakeTrusted(sqltypes.VarChar, []byte("Error")),
			sqltypes.MakeTrusted(sqltypes.Uint32, []byte(fmt.Sprint(last.Num))),
			sqltypes.MakeTrusted(sqltypes.VarChar, []byte(last.Message)),
		}}
	}
	return cb(r, false)
}
