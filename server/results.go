package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	sqle "github.com/dolthub/go-mysql-server"
	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"

	"github.com/cohortdb/cohortdb/engine/sqlrewrite"
)

// The result path of plain SELECT statements sent as text queries.
//
// go-mysql-server's handler moves every result row through a channel
// between two goroutines, re-arms a timer per row, allocates a slice of
// wire values per row and converts each value through its type's generic
// SQL method. For a result of a million rows (SELECT * FROM rfm(), a
// per-customer GROUP BY) that costs more than computing it. resultPath
// runs such statements itself: the same session, process list entry,
// parse, plan and iterator as go-mysql-server (sqle.Engine does all of
// that), but rows are converted in the handler's goroutine into reused
// batches, with direct formatting of the common value types (integers,
// DATE, DECIMAL values at the column's scale, DOUBLE) and the type's own
// SQL method for everything else. What reaches the client is byte for
// byte what go-mysql-server's handler sends through handler.fixText
// (results_test.go compares the two): DOUBLE and FLOAT in MySQL's
// notation on both.
//
// Everything else (other statements, packets of several statements,
// prepared statements, SELECT … INTO) goes to go-mysql-server's handler
// as before.
type resultPath struct {
	e  *sqle.Engine
	sm *gms.SessionManager
}

// resultBatchRows is how many rows are handed to the wire per callback.
const resultBatchRows = 256

// query runs query if it is one plain SELECT; handled is false when the
// caller should give it to go-mysql-server's handler instead. multi is
// set for a packet that may hold several statements (the client enabled
// multi-statements): only one that holds a single statement is taken.
func (p *resultPath) query(ctx context.Context, c *mysql.Conn, query string, cb mysql.ResultSpoolFn, multi bool) (handled bool, err error) {
	if !looksLikeSelect(query) {
		return false, nil
	}
	sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, query)
	if err != nil {
		return false, nil
	}
	parsed, _, rest, err := p.e.Parser.Parse(sqlCtx, query, multi)
	if err != nil || strings.TrimSpace(rest) != "" {
		return false, nil // go-mysql-server reports it its own way
	}
	if sel, ok := parsed.(*ast.Select); !ok || sel.Into != nil {
		return false, nil // SELECT … INTO answers with an OK packet
	}
	if err := p.run(sqlCtx, c, query, parsed, cb); err != nil {
		return true, sql.CastSQLError(err)
	}
	return true, nil
}

// looksLikeSelect is a cheap filter before parsing: the statement starts
// with SELECT or WITH (after blanks and a leading parenthesis).
func looksLikeSelect(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n(")
	for _, kw := range []string{"select", "with"} {
		if len(q) > len(kw) && strings.EqualFold(q[:len(kw)], kw) && isBlank(q[len(kw)]) {
			return true
		}
	}
	return false
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '(' }

// run executes a parsed SELECT and spools its rows, as go-mysql-server's
// doQuery does: registered in the process list (so KILL QUERY and SHOW
// PROCESSLIST see it), inside a session command, status flags set
// before the last packet.
func (p *resultPath) run(sqlCtx *sql.Context, c *mysql.Conn, query string, parsed ast.Statement, cb mysql.ResultSpoolFn) (err error) {
	defer func() {
		// A panic in a plan's iterator fails the statement, not the
		// connection (as in go-mysql-server's handler).
		if r := recover(); r != nil {
			err = errors.Join(err, fmt.Errorf("handler caught panic: %v", r))
		}
	}()
	sqlCtx, err = sqlCtx.ProcessList.BeginQuery(sqlCtx, query)
	if err != nil {
		return err
	}
	defer sqlCtx.ProcessList.EndQuery(sqlCtx)
	if err := sql.SessionCommandBegin(sqlCtx.Session); err != nil {
		return err
	}
	defer sql.SessionCommandEnd(sqlCtx.Session)

	flags := &sql.QueryFlags{}
	flags.Set(sql.QFlagDeferProjections)
	schema, iter, _, err := p.e.QueryWithBindings(sqlCtx, query, parsed, nil, flags)
	if err != nil && sql.ErrColumnNotFound.Is(err) && sqlrewrite.OrderByAliases(parsed) {
		// a select-list alias inside an ORDER BY expression, which GMS
		// does not look up (it is no column: the alias is meant)
		flags = &sql.QueryFlags{}
		flags.Set(sql.QFlagDeferProjections)
		schema, iter, _, err = p.e.QueryWithBindings(sqlCtx, query, parsed, nil, flags)
	}
	if err != nil {
		return err
	}
	var r *sqltypes.Result
	sent := false
	switch {
	case types.IsOkResultSchema(schema):
		r, err = okResult(sqlCtx, iter)
	case schema == nil:
		r, err = emptyResult(sqlCtx, iter)
	default:
		sp := newSpooler(sqlCtx, schema, iter)
		r, sent, err = sp.spool(cb)
	}
	if err != nil {
		return err
	}
	if err := setStatusFlags(sqlCtx, c); err != nil {
		return err
	}
	if sent && len(r.Rows) == 0 {
		return nil
	}
	return cb(r, false)
}

func okResult(ctx *sql.Context, iter sql.RowIter) (*sqltypes.Result, error) {
	row, err := iter.Next(ctx)
	if err != nil {
		iter.Close(ctx)
		return nil, err
	}
	if _, err := iter.Next(ctx); err != io.EOF {
		iter.Close(ctx)
		return nil, fmt.Errorf("result schema iterator returned more than one row")
	}
	if err := iter.Close(ctx); err != nil {
		return nil, err
	}
	ok, isOK := row[0].(types.OkResult)
	if !isOK {
		return nil, fmt.Errorf("result schema iterator returned %T, not an OK result", row[0])
	}
	return okToResult(ok), nil
}

func okToResult(ok types.OkResult) *sqltypes.Result {
	info := ""
	if ok.Info != nil {
		info = ok.Info.String()
	}
	return &sqltypes.Result{RowsAffected: ok.RowsAffected, InsertID: ok.InsertID, Info: info}
}

func emptyResult(ctx *sql.Context, iter sql.RowIter) (*sqltypes.Result, error) {
	if _, err := iter.Next(ctx); err != io.EOF {
		iter.Close(ctx)
		return nil, fmt.Errorf("result schema iterator returned more than zero rows")
	}
	if err := iter.Close(ctx); err != nil {
		return nil, err
	}
	return &sqltypes.Result{}, nil
}

// spooler converts the rows of one result into wire batches. The batch,
// its rows' value slices and the bytes the values point into are reused
// from one callback to the next: vitess writes a batch to the connection
// before the callback returns.
type spooler struct {
	ctx    *sql.Context
	schema sql.Schema
	iter   sql.RowIter
	projs  []sql.Expression
	fmts   []valueFormat
	fields []*querypb.Field
	vals   []sqltypes.Value
	arena  []byte
	// foundRows, when not negative, is set as FOUND_ROWS after the
	// iterator is closed (the batch path bypasses the row counting of
	// go-mysql-server's TrackedRowIter).
	foundRows int64
}

func newSpooler(ctx *sql.Context, schema sql.Schema, iter sql.RowIter) *spooler {
	iter, projs := gms.GetDeferredProjections(iter)
	s := &spooler{ctx: ctx, schema: schema, iter: iter, projs: projs,
		fields: schemaFields(ctx, schema),
		vals:   make([]sqltypes.Value, resultBatchRows*len(schema)),
		arena:  make([]byte, 0, 64<<10), foundRows: -1}
	for _, col := range schema {
		s.fmts = append(s.fmts, formatFor(ctx, col.Type))
	}
	return s
}

// spool sends full batches through cb and returns the last, partial one;
// sent reports whether cb was called. The iterator is always closed.
func (s *spooler) spool(cb mysql.ResultSpoolFn) (r *sqltypes.Result, sent bool, err error) {
	defer func() {
		if cerr := s.iter.Close(s.ctx); err == nil && cerr != nil {
			err = cerr
		}
		if s.foundRows >= 0 {
			s.ctx.SetLastQueryInfoInt(sql.FoundRows, s.foundRows)
		}
	}()
	if p, ok := batchSource(s.ctx, s.schema, s.iter, s.projs); ok {
		return s.spoolBatches(cb, p)
	}
	r = &sqltypes.Result{Fields: s.fields}
	for {
		if len(r.Rows) == resultBatchRows {
			if err := s.send(cb, r); err != nil {
				return nil, true, err
			}
			sent = true
		}
		row, err := s.iter.Next(s.ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, sent, s.flush(cb, r, err)
		}
		if types.IsOkResult(row) {
			if len(r.Rows) > 0 || sent {
				return nil, sent, errors.New("got an OK result mixed with result rows")
			}
			return okToResult(row[0].(types.OkResult)), sent, nil
		}
		k := len(r.Rows) * len(s.schema)
		out := s.vals[k : k+len(s.schema) : k+len(s.schema)]
		if err := s.convert(row, out); err != nil {
			return nil, sent, s.flush(cb, r, err)
		}
		r.Rows = append(r.Rows, out)
	}
	r.RowsAffected = uint64(len(r.Rows))
	return r, sent, nil
}

// convert writes row's wire values into out, evaluating the deferred
// projections first when there are any.
func (s *spooler) convert(row sql.Row, out []sqltypes.Value) error {
	for i := range s.schema {
		var v any
		if s.projs != nil {
			var err error
			if v, err = s.projs[i].Eval(s.ctx, row); err != nil {
				return err
			}
		} else {
			v = row[i]
		}
		if v == nil {
			out[i] = sqltypes.NULL
			continue
		}
		s.room()
		val, err := s.fmts[i](s.ctx, s.arena[len(s.arena):], v)
		if err != nil {
			return err
		}
		s.claim(val)
		out[i] = val
	}
	return nil
}

// flush sends the rows of r, produced before the statement failed with
// err, and returns err: as in MySQL the client gets every row the
// statement produced, then the error (written after them, midstream.go).
func (s *spooler) flush(cb mysql.ResultSpoolFn, r *sqltypes.Result, err error) error {
	if len(r.Rows) > 0 {
		r.RowsAffected = uint64(len(r.Rows))
		_ = cb(r, false) // a failed write is the guard's (cbErr): the client is gone
	}
	return err
}

// send hands the batch r to the client and empties it, with the arena
// its values point into, for the next one; it fails once the statement
// is cancelled.
func (s *spooler) send(cb mysql.ResultSpoolFn, r *sqltypes.Result) error {
	r.RowsAffected = uint64(len(r.Rows))
	if err := cb(r, false); err != nil {
		return err
	}
	r.Rows, s.arena = r.Rows[:0], s.arena[:0]
	if err := s.ctx.Err(); err != nil {
		return context.Cause(s.ctx)
	}
	return nil
}

// room makes space at the end of the arena for the next value.
func (s *spooler) room() {
	if cap(s.arena)-len(s.arena) < 1024 {
		// Values already converted keep the old block alive.
		s.arena = make([]byte, 0, max(64<<10, 2*cap(s.arena)))
	}
}

// claim keeps the bytes of val in the arena when a format wrote them
// there (at its end), rather than into a buffer of its own.
func (s *spooler) claim(val sqltypes.Value) {
	raw := val.Raw()
	free := s.arena[len(s.arena):cap(s.arena)]
	if len(raw) > 0 && len(raw) <= len(free) && &raw[0] == &free[0] {
		s.arena = s.arena[:len(s.arena)+len(raw)]
	}
}

// setStatusFlags sets the autocommit and in-transaction status flags the
// last packet carries, as go-mysql-server's handler does.
func setStatusFlags(ctx *sql.Context, c *mysql.Conn) error {
	v, err := ctx.GetSessionVariable(ctx, sql.AutoCommitSessionVar)
	if err != nil {
		return err
	}
	autocommit, err := sql.ConvertToBool(ctx, v)
	if err != nil {
		return err
	}
	if autocommit {
		c.StatusFlags |= uint16(mysql.ServerStatusAutocommit)
	} else {
		c.StatusFlags &= ^uint16(mysql.ServerStatusAutocommit)
	}
	if ctx.GetTransaction() != nil {
		c.StatusFlags |= uint16(mysql.ServerInTransaction)
	} else {
		c.StatusFlags &= ^uint16(mysql.ServerInTransaction)
	}
	return nil
}

// schemaFields describes the result columns as go-mysql-server's handler
// does (its schemaToFields is unexported).
func schemaFields(ctx *sql.Context, s sql.Schema) []*querypb.Field {
	resultsCharset := ctx.GetCharacterSetResults()
	fields := make([]*querypb.Field, len(s))
	for i, c := range s {
		charset := uint32(sql.Collation_Default.CharacterSet())
		if ct, ok := c.Type.(sql.TypeWithCollation); ok {
			charset = uint32(ct.Collation().CharacterSet())
		}
		if types.IsBinaryType(c.Type) {
			charset = uint32(sql.Collation_binary)
		} else if resultsCharset != sql.CharacterSet_Unspecified {
			charset = uint32(resultsCharset)
		}
		var flags querypb.MySqlFlag
		if !c.Nullable {
			flags |= querypb.MySqlFlag_NOT_NULL_FLAG
		}
		if c.AutoIncrement {
			flags |= querypb.MySqlFlag_AUTO_INCREMENT_FLAG
		}
		if c.PrimaryKey {
			flags |= querypb.MySqlFlag_PRI_KEY_FLAG
		}
		if types.IsUnsigned(c.Type) {
			flags |= querypb.MySqlFlag_UNSIGNED_FLAG
		}
		fields[i] = &querypb.Field{
			Name: c.Name, OrgName: c.Name, Table: c.Source, OrgTable: c.Source,
			Database: c.DatabaseSource, Type: c.Type.Type(), Charset: charset,
			ColumnLength: columnLength(ctx, c.Type), Flags: uint32(flags),
		}
		if types.IsDecimal(c.Type) {
			fields[i].Decimals = uint32(c.Type.(sql.DecimalType).Scale())
		} else if types.IsDatetimeType(c.Type) {
			fields[i].Decimals = uint32(c.Type.(sql.DatetimeType).Precision())
		}
	}
	fixStringFields(fields)
	return fields
}
