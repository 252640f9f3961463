package engine

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

// LoadRequest is one bulk load: the three doors (the import command,
// LOAD DATA, and tests) all come through Engine.Load.
type LoadRequest struct {
	DB, Table string
	// Source names the input for load_history (a file name, "LOAD DATA").
	Source string
	// DateLayout and DateTimeLayout are Go time layouts for DATE and
	// DATETIME fields; empty means ISO (YYYY-MM-DD[ HH:MM:SS[.ffffff]]).
	DateLayout, DateTimeLayout string
	Options                    ingest.Options
}

// Load reads r into a table atomically (see package ingest) and records
// the attempt in the database's load_history table, when it has one.
func (e *Engine) Load(ctx *sql.Context, req LoadRequest, r io.Reader) (ingest.Result, error) {
	return e.LoadFrom(ctx, req, func() (io.Reader, func(), error) { return r, func() {}, nil })
}

// LoadFrom is Load with the input opened only after the attempt is
// recorded as running, so that a crash while the input streams in (LOAD
// DATA LOCAL) still leaves its trace in load_history.
func (e *Engine) LoadFrom(ctx *sql.Context, req LoadRequest, open func() (io.Reader, func(), error)) (ingest.Result, error) {
	hist := e.beginHistory(ctx, req, time.Now().UTC())
	var res ingest.Result
	r, done, err := open()
	if err == nil {
		res, err = e.load(ctx, req, r)
		done()
	}
	if derr := diskError(err); derr != nil {
		err = derr // the client and load_history get the same MySQL error
	}
	e.endHistory(ctx, req.DB, hist, res, err)
	return res, err
}

func (e *Engine) load(ctx *sql.Context, req LoadRequest, r io.Reader) (ingest.Result, error) {
	st, err := e.store.Table(req.DB, req.Table)
	if errors.Is(err, storage.ErrTableNotFound) {
		return ingest.Result{}, sql.ErrTableNotFound.New(req.Table)
	}
	if err != nil {
		return ingest.Result{}, err
	}
	sch, err := e.provider.schemaFor(ctx, req.DB, st.Def())
	if err != nil {
		return ingest.Result{}, err
	}
	cols, err := ingestColumns(ctx, sch, req)
	if err != nil {
		return ingest.Result{}, err
	}
	return ingest.Run(ctx, e.store, st, cols, r, req.Options)
}

// ingestColumns builds a parser per column from its SQL type: fast
// parsers for the common types, GMS's own conversion for the rest.
func ingestColumns(ctx *sql.Context, sch *tableSchema, req LoadRequest) ([]ingest.Column, error) {
	cols := make([]ingest.Column, len(sch.pk.Schema))
	for i, c := range sch.pk.Schema {
		cd := sch.codecs[i]
		cols[i] = ingest.Column{Name: c.Name, Nullable: c.Nullable, Parse: parserFor(ctx, c, cd, req)}
		if c.Default != nil && !c.AutoIncrement {
			v, err := c.Default.Eval(ctx, nil)
			if err != nil {
				return nil, fmt.Errorf("default of %s: %w", c.Name, err)
			}
			if v, err = cd.store(ctx, v); err != nil {
				return nil, fmt.Errorf("default of %s: %w", c.Name, err)
			}
			cols[i].Default, cols[i].HasDefault = v, true
		}
	}
	return cols, nil
}

func parserFor(ctx *sql.Context, c *sql.Column, cd *codec, req LoadRequest) ingest.Parser {
	switch cd.class {
	case classInt:
		if types.IsBoolean(c.Type) {
			return ingest.Bool()
		}
		return ingest.Int(cd.bits)
	case classUint:
		return ingest.Uint(cd.bits)
	case classFloat64:
		return ingest.Float()
	case classDecimal:
		dt := c.Type.(sql.DecimalType)
		return ingest.Decimal(int(dt.Precision()), int(dt.Scale()))
	case classDate:
		return ingest.Date(req.DateLayout)
	case classDatetime:
		if c.Type.Type() == types.Datetime.Type() {
			return ingest.DateTime(req.DateTimeLayout)
		}
	case classString:
		if st, ok := c.Type.(sql.StringType); ok {
			if cd.char {
				return ingest.Char(int(st.MaxCharacterLength()))
			}
			return ingest.String(int(st.MaxCharacterLength()))
		}
	}
	// Everything else (TIMESTAMP, TIME, ENUM, SET, JSON, BLOB, BIT, wide
	// DECIMAL, FLOAT) goes through the SQL type's own conversion.
	return ingest.Parser{Any: func(text []byte) (any, error) {
		v, _, err := c.Type.Convert(ctx, string(text))
		if err != nil {
			return nil, err
		}
		return cd.encode(ctx, v)
	}}
}

// beginHistory records a running load; it returns the row id (0 if the
// database has no load_history table or the record failed: history must
// never fail a load).
func (e *Engine) beginHistory(ctx *sql.Context, req LoadRequest, started time.Time) int64 {
	if _, err := e.store.Table(req.DB, "load_history"); err != nil || strings.EqualFold(req.Table, "load_history") {
		return 0
	}
	q := fmt.Sprintf("INSERT INTO `%s`.load_history (started_at, `table`, source, status) VALUES ('%s', %s, %s, 'running')",
		req.DB, started.Format("2006-01-02 15:04:05.000000"), sqlString(req.Table), sqlString(req.Source))
	hctx := e.NewContext(ctx)
	_, iter, _, err := e.sql.Query(hctx, q)
	if err != nil {
		return 0
	}
	rows, err := sql.RowIterToRows(hctx, iter)
	if err != nil || len(rows) == 0 {
		return 0
	}
	if ok, isOK := rows[0][0].(types.OkResult); isOK {
		return int64(ok.InsertID)
	}
	return 0
}

func (e *Engine) endHistory(ctx *sql.Context, db string, id int64, res ingest.Result, loadErr error) {
	if id == 0 {
		return
	}
	status, msg := "ok", ""
	var rej *ingest.RejectedError
	switch {
	case errors.As(loadErr, &rej):
		status, msg = "rejected", loadErr.Error()
	case loadErr != nil:
		status, msg = "failed", loadErr.Error()
	case res.RowsRejected > 0:
		msg = fmt.Sprintf("%d bad rows skipped (IGNORE); first: %s", res.RowsRejected, res.Errors[0].String())
	}
	q := fmt.Sprintf("UPDATE `%s`.load_history SET finished_at = '%s', rows_read = %d, rows_loaded = %d, rows_rejected = %d, status = '%s', message = %s WHERE id = %d",
		db, time.Now().UTC().Format("2006-01-02 15:04:05.000000"), res.RowsRead, res.RowsLoaded, res.RowsRejected, status, sqlString(msg), id)
	hctx := e.NewContext(ctx)
	if _, iter, _, err := e.sql.Query(hctx, q); err == nil {
		_, _ = sql.RowIterToRows(hctx, iter)
	}
}

// MarkInterruptedLoads marks loads still "running" in load_history (the
// server was killed during them) as interrupted; called at startup.
func (e *Engine) MarkInterruptedLoads(ctx *sql.Context) {
	for _, db := range e.store.Databases() {
		if _, err := e.store.Table(db, "load_history"); err != nil {
			continue
		}
		q := fmt.Sprintf("UPDATE `%s`.load_history SET status = 'interrupted', message = 'the server stopped during the load; none of its rows were stored' WHERE status = 'running'", db)
		hctx := e.NewContext(ctx)
		if _, iter, _, err := e.sql.Query(hctx, q); err == nil {
			_, _ = sql.RowIterToRows(hctx, iter)
		}
	}
}

// sqlString quotes s as a SQL string literal.
func sqlString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}
