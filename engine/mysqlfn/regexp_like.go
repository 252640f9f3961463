package mysqlfn

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// RegexpLike is REGEXP_LIKE(text, pattern[, match_type]), and the
// REGEXP, RLIKE and NOT REGEXP operators (engine's syntax rule puts it
// in place of GMS's). A literal pattern (and match_type) that
// TranslateRegexp takes is matched by Go's regexp, which one compiled
// matcher serves every row and every worker with; any other is GMS's
// ICU matcher, as before. Case sensitivity is MySQL's: the collation's
// unless match_type holds 'c' or 'i' (GMS's drops the collation's as
// soon as a match_type is given, 'm' alone included).
type RegexpLike struct {
	Text, Pattern, Flags sql.Expression // Flags nil without match_type

	once sync.Once
	re   *regexp.Regexp // the translation, when there is one
	gms  sql.Expression // GMS's REGEXP_LIKE otherwise (stateful: one ICU matcher)
}

var _ sql.FunctionExpression = (*RegexpLike)(nil)
var _ sql.CollationCoercible = (*RegexpLike)(nil)
var _ sql.Disposable = (*RegexpLike)(nil)

// NewRegexpLike is REGEXP_LIKE of two or three arguments.
func NewRegexpLike(args ...sql.Expression) (sql.Expression, error) {
	switch len(args) {
	case 2:
		return &RegexpLike{Text: args[0], Pattern: args[1]}, nil
	case 3:
		return &RegexpLike{Text: args[0], Pattern: args[1], Flags: args[2]}, nil
	}
	return nil, sql.ErrInvalidArgumentNumber.New("regexp_like", "2 or 3", len(args))
}

// FromGMSRegexpLike is r as a RegexpLike.
func FromGMSRegexpLike(r *function.RegexpLike) *RegexpLike {
	return &RegexpLike{Text: r.Text, Pattern: r.Pattern, Flags: r.Flags}
}

var regexpLikeFunc = sql.FunctionN{Name: "regexp_like", Fn: NewRegexpLike}

func (r *RegexpLike) FunctionName() string { return "regexp_like" }
func (r *RegexpLike) Description() string {
	return "returns whether string matches regular expression."
}
func (r *RegexpLike) Type() sql.Type   { return types.Boolean }
func (r *RegexpLike) IsNullable() bool { return true }

func (r *RegexpLike) Children() []sql.Expression {
	if r.Flags != nil {
		return []sql.Expression{r.Text, r.Pattern, r.Flags}
	}
	return []sql.Expression{r.Text, r.Pattern}
}

func (r *RegexpLike) Resolved() bool {
	return r.Text.Resolved() && r.Pattern.Resolved() && (r.Flags == nil || r.Flags.Resolved())
}

// WithChildren is a new expression with its own matcher (each worker of
// the executor evaluates its own copy: GMS's matcher is stateful).
func (r *RegexpLike) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	want := 2
	if r.Flags != nil {
		want = 3
	}
	if len(children) != want {
		return nil, sql.ErrInvalidChildrenNumber.New(r, len(children), want)
	}
	return NewRegexpLike(children...)
}

func (r *RegexpLike) String() string {
	args := make([]string, 0, 3)
	for _, e := range r.Children() {
		args = append(args, e.String())
	}
	return fmt.Sprintf("%s(%s)", r.FunctionName(), strings.Join(args, ","))
}

func (r *RegexpLike) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	lc, lcoer := sql.GetCoercibility(ctx, r.Text)
	rc, rcoer := sql.GetCoercibility(ctx, r.Pattern)
	return sql.ResolveCoercibility(lc, lcoer, rc, rcoer)
}

// Matcher is the Go matcher of r, when its pattern has one: a literal
// pattern and match_type TranslateRegexp takes under the collation's
// case sensitivity (GMS's rule: a collation ending in _ci).
func (r *RegexpLike) Matcher(ctx *sql.Context) (*regexp.Regexp, bool) {
	r.once.Do(func() { r.prepare(ctx) })
	return r.re, r.re != nil
}

func (r *RegexpLike) prepare(ctx *sql.Context) {
	coll, _ := r.CollationCoercibility(ctx)
	f := RegexpFlags{CaseInsensitive: strings.HasSuffix(coll.String(), "_ci")}
	flags, flagsOK := r.Flags, true
	if r.Flags != nil {
		s, ok := literalString(r.Flags)
		var nf RegexpFlags
		if ok {
			nf, ok = ParseRegexpFlags(f, s)
		}
		if ok {
			// GMS's matcher, if it has to be, with MySQL's flags.
			f, flags = nf, expression.NewLiteral(nf.String(), types.LongText)
		} else {
			flagsOK = false // NULL, not a literal or invalid: GMS's answer
		}
	}
	if pat, ok := literalString(r.Pattern); ok && flagsOK {
		if tr, ok := TranslateRegexp(pat, f); ok {
			r.re = regexp.MustCompile(tr)
			return
		}
	}
	args := []sql.Expression{r.Text, r.Pattern}
	if flags != nil {
		args = append(args, flags)
	}
	r.gms, _ = function.NewRegexpLike(args...)
}

// literalString is e's value when e is a string literal.
func literalString(e sql.Expression) (string, bool) {
	l, ok := e.(*expression.Literal)
	if !ok {
		return "", false
	}
	s, ok := l.Value().(string)
	return s, ok
}

// Eval is 1 when the text matches, 0 when not, NULL for a NULL text.
func (r *RegexpLike) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	re, ok := r.Matcher(ctx)
	if !ok {
		return r.gms.Eval(ctx, row)
	}
	text, err := r.Text.Eval(ctx, row)
	if err != nil || text == nil {
		return nil, err
	}
	s, ok := text.(string)
	if !ok {
		if text, _, err = types.LongText.Convert(ctx, text); err != nil {
			return nil, err
		}
		if s, _, err = sql.Unwrap[string](ctx, text); err != nil {
			return nil, err
		}
	}
	if re.MatchString(s) {
		return int8(1), nil
	}
	return int8(0), nil
}

// Dispose closes GMS's ICU matcher, if r has one.
func (r *RegexpLike) Dispose() {
	if r.gms != nil {
		sql.Dispose(r.gms)
	}
}
