package engine

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"
)

// loadFileFunction replaces GMS's LOAD_FILE (served ahead of it by the
// provider, see builtin_functions.go), which reads any file without a
// FILE privilege check when secure_file_priv is empty.
func loadFileFunction(p *Provider) sql.Function {
	return sql.Function1{Name: "load_file", Fn: func(e sql.Expression) sql.Expression {
		return &loadFile{UnaryExpression: expression.UnaryExpression{Child: e}, p: p}
	}}
}

// loadFile is LOAD_FILE(path) as MySQL defines it: the file's bytes, or
// NULL when the caller lacks the FILE privilege, the file is outside
// secure_file_priv (or file access is disabled), cannot be read, or is
// larger than max_allowed_packet. The reason for a NULL is a warning.
type loadFile struct {
	expression.UnaryExpression
	p *Provider
}

var _ sql.FunctionExpression = (*loadFile)(nil)

func (l *loadFile) FunctionName() string { return "load_file" }
func (l *loadFile) Description() string {
	return "returns a server file's contents (FILE privilege, secure_file_priv)"
}
func (l *loadFile) Type() sql.Type   { return types.LongBlob }
func (l *loadFile) IsNullable() bool { return true }
func (l *loadFile) String() string   { return fmt.Sprintf("load_file(%s)", l.Child) }
func (l *loadFile) CollationCoercibility(*sql.Context) (sql.CollationID, byte) {
	return sql.Collation_binary, 5
}

func (l *loadFile) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(l, len(children), 1)
	}
	return &loadFile{UnaryExpression: expression.UnaryExpression{Child: children[0]}, p: l.p}, nil
}

func (l *loadFile) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := l.Child.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	path, _, err := types.LongText.Convert(ctx, v)
	if err != nil {
		return nil, err
	}
	real, err := l.p.fileAllowed(ctx, fmt.Sprint(path), false)
	if err != nil {
		return l.null(ctx, err)
	}
	f, err := os.Open(real)
	if err != nil {
		return l.null(ctx, err)
	}
	defer f.Close()
	limit := int64(1 << 30)
	if v, err := ctx.GetSessionVariable(ctx, "max_allowed_packet"); err == nil {
		if n, ok := v.(int64); ok {
			limit = n
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return l.null(ctx, err)
	}
	if int64(len(b)) > limit {
		return l.null(ctx, fmt.Errorf("file is larger than max_allowed_packet (%d bytes)", limit))
	}
	return b, nil
}

// null answers NULL, as MySQL does, with the reason as a warning.
func (l *loadFile) null(ctx *sql.Context, why error) (any, error) {
	msg := why.Error()
	var se *mysql.SQLError
	if errors.As(why, &se) {
		msg = se.Message
	}
	ctx.Session.Warn(&sql.Warning{Level: "Warning", Code: 1105, Message: "LOAD_FILE returned NULL: " + msg})
	return nil, nil
}
