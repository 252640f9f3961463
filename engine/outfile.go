package engine

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// buildOutfile runs SELECT … INTO OUTFILE (its path already checked by
// guardInto) writing each value as MySQL's text protocol shows it —
// DATETIME as 2024-01-05 10:00:00, not Go's time format, which GMS's own
// writer uses — escaped as MySQL escapes it, so mysqldump --tab's files
// load back as they were.
func (b *loadDataBuilder) buildOutfile(ctx *sql.Context, n *plan.Into, row sql.Row) (sql.RowIter, error) {
	it, err := b.base.Build(ctx, n.Child, row)
	if err != nil {
		return nil, err
	}
	defer it.Close(ctx)
	f, err := os.OpenFile(n.Outfile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, sql.ErrFileExists.New(n.Outfile)
	} else if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	count, err := writeOutfileRows(ctx, w, n, it)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return sql.RowsToRowIter(sql.Row{types.NewOkResult(count)}), nil
}

func writeOutfileRows(ctx *sql.Context, w *bufio.Writer, n *plan.Into, it sql.RowIter) (int, error) {
	sch := n.Child.Schema()
	count := 0
	for {
		r, err := it.Next(ctx)
		if err == io.EOF {
			return count, nil
		}
		if err != nil {
			return count, err
		}
		w.WriteString(n.LinesStartingBy)
		for i, v := range r {
			if i > 0 {
				w.WriteString(n.FieldsTerminatedBy)
			}
			field, err := outfileField(ctx, n, sch[i].Type, v)
			if err != nil {
				return count, err
			}
			w.WriteString(field)
		}
		w.WriteString(n.LinesTerminatedBy)
		count++
	}
}

// outfileField is one value of a row: \N for NULL (NULL without an
// escape character), the value's text escaped, enclosed when asked (for
// OPTIONALLY ENCLOSED BY, strings only).
func outfileField(ctx *sql.Context, n *plan.Into, t sql.Type, v any) (string, error) {
	if v == nil {
		if n.FieldsEscapedBy == "" {
			return "NULL", nil
		}
		return n.FieldsEscapedBy + "N", nil
	}
	sv, err := t.SQL(ctx, nil, v)
	if err != nil {
		return "", err
	}
	enclose := n.FieldsEnclosedBy != "" && (!n.FieldsEnclosedByOpt || types.IsTextOnly(t) || types.IsBinaryType(t))
	text := escapeOutfile(string(sv.Raw()), n, enclose)
	if enclose {
		return n.FieldsEnclosedBy + text + n.FieldsEnclosedBy, nil
	}
	return text, nil
}

// escapeOutfile puts the escape character before itself, the enclosing
// character, and — when fields are not enclosed — the first characters
// of the field and line terminators; NUL becomes escape + 0 (MySQL's
// SELECT … INTO OUTFILE rules).
func escapeOutfile(s string, n *plan.Into, enclosed bool) string {
	esc := n.FieldsEscapedBy
	if esc == "" {
		return s
	}
	special := esc[:1]
	if n.FieldsEnclosedBy != "" {
		special += n.FieldsEnclosedBy[:1]
	}
	if !enclosed {
		if n.FieldsTerminatedBy != "" {
			special += n.FieldsTerminatedBy[:1]
		}
		if n.LinesTerminatedBy != "" {
			special += n.LinesTerminatedBy[:1]
		}
	}
	if !strings.ContainsAny(s, special+"\x00") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			b.WriteString(esc[:1] + "0")
		case strings.IndexByte(special, c) >= 0:
			b.WriteString(esc[:1])
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
