package engine

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// CALL export_query(sql, file) writes the rows of a query, run as the
// caller, to a CSV file of the export directory; CALL
// export_segment(name, file) exports the customers rows of a saved
// segment's members. The file is written under a temporary name and
// renamed into place, so a reader never sees half a file and a nightly
// export replaces yesterday's whole. CSV as the import side reads it: a
// header line, comma-separated, double quotes around fields that need
// them, NULL as an empty field and an empty string as "".

var exportResult = sql.Schema{
	{Name: "file", Type: types.LongText},
	{Name: "rows", Type: types.Int64},
}

func (e *Engine) exportSegment(ctx *sql.Context, segment, file string) (sql.RowIter, error) {
	q := "SELECT * FROM customers WHERE in_segment(customer_id, " + sqlString(segment) + ") ORDER BY customer_id"
	return e.exportQuery(ctx, q, file)
}

func (e *Engine) exportQuery(ctx *sql.Context, query, file string) (sql.RowIter, error) {
	if err := e.needFile(ctx); err != nil {
		return nil, err
	}
	real, err := inDir(e.dirs.Export, "--export-dir", file)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), ".export-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", file, err)
	}
	n, err := e.writeQueryCSV(ctx, query, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), real)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	return sql.RowsToRowIter(sql.Row{file, n}), nil
}

// writeQueryCSV runs query as the caller, in a session of its own (see
// env.ExecIn), streaming its rows to w.
func (e *Engine) writeQueryCSV(ctx *sql.Context, query string, w io.Writer) (int64, error) {
	base := sql.NewBaseSessionWithClientServer("", ctx.Session.Client(), 0)
	sess := NewSession(base, e.store)
	sess.eng = e
	qctx := sql.NewContext(ctx, sql.WithSession(sess))
	qctx.SetCurrentDatabase(ctx.GetCurrentDatabase())
	sch, iter, _, err := e.sql.Query(qctx, query)
	if err != nil {
		return 0, deniedAsSQLError(err)
	}
	defer iter.Close(qctx)
	bw := bufio.NewWriter(w)
	names := make([]any, len(sch))
	for i, c := range sch {
		names[i] = c.Name
	}
	writeCSVRow(bw, names)
	var n int64
	var cells []any
	for {
		row, err := iter.Next(qctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, deniedAsSQLError(err)
		}
		if cells, err = csvCells(qctx, sch, row, cells); err != nil {
			return n, err
		}
		writeCSVRow(bw, cells)
		n++
	}
	return n, bw.Flush()
}

func writeCSVRow(w *bufio.Writer, row []any) {
	for i, v := range row {
		if i > 0 {
			w.WriteByte(',')
		}
		s, ok := v.(string)
		if !ok {
			continue // NULL
		}
		if s == "" || strings.ContainsAny(s, ",\"\r\n") {
			w.WriteByte('"')
			w.WriteString(strings.ReplaceAll(s, `"`, `""`))
			w.WriteByte('"')
			continue
		}
		w.WriteString(s)
	}
	w.WriteByte('\n')
}

// csvCells renders a row as the wire protocol would (each type's own
// text form: ISO dates, exact decimals, ENUM labels), NULL as nil.
func csvCells(ctx *sql.Context, sch sql.Schema, row sql.Row, out []any) ([]any, error) {
	out = out[:0]
	for i, v := range row {
		if v == nil {
			out = append(out, nil)
			continue
		}
		sv, err := sch[i].Type.SQL(ctx, nil, v)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", sch[i].Name, err)
		}
		if sv.IsNull() {
			out = append(out, nil)
			continue
		}
		out = append(out, sv.ToString())
	}
	return out, nil
}
