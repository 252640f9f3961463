package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Parameters reach SQL only through this file: every URL value is parsed
// into its kind (a date, a number, one of a fixed list, a segment name)
// and written back as a literal from the parsed value, so no text a
// browser sends is ever spliced into a statement as it came.

type kind int

const (
	kindDate  kind = iota // YYYY-MM-DD
	kindInt               // integer in [min, max]
	kindFloat             // decimal number in [min, max]
	kindEnum              // one of choices (case-insensitive)
	kindName              // a segment name: 1–64 letters, digits or _
)

// param is one URL parameter an endpoint accepts.
type param struct {
	name     string
	kind     kind
	def      string // default as URL text; "" means absent (NULL or the function's default)
	min, max float64
	choices  []string
	doc      string
}

var nameRe = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// parse validates raw and returns its canonical text.
func (p param) parse(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	switch p.kind {
	case kindDate:
		d, err := time.Parse(time.DateOnly, raw)
		if err != nil {
			return "", fmt.Errorf("%s: %q is not a date YYYY-MM-DD", p.name, raw)
		}
		return d.Format(time.DateOnly), nil
	case kindInt:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || float64(n) < p.min || float64(n) > p.max {
			return "", fmt.Errorf("%s: %q is not a whole number from %g to %g", p.name, raw, p.min, p.max)
		}
		return strconv.FormatInt(n, 10), nil
	case kindFloat:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || f < p.min || f > p.max {
			return "", fmt.Errorf("%s: %q is not a number from %g to %g", p.name, raw, p.min, p.max)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case kindEnum:
		for _, c := range p.choices {
			if strings.EqualFold(c, raw) {
				return c, nil
			}
		}
		return "", fmt.Errorf("%s: %q is not one of %s", p.name, raw, strings.Join(p.choices, ", "))
	case kindName:
		if !nameRe.MatchString(raw) {
			return "", fmt.Errorf("%s: %q is not a segment name (1-64 letters, digits or _)", p.name, raw)
		}
		return strings.ToLower(raw), nil
	}
	return "", fmt.Errorf("%s: unknown parameter kind", p.name)
}

// args are an endpoint's validated parameters: name → canonical text;
// a name absent from the map was not given and has no default.
type args map[string]string

// parseArgs validates the parameters of q that ps accepts, applying
// defaults. Parameters ps does not name are ignored (pages share URLs).
func parseArgs(ps []param, q url.Values) (args, error) {
	a := args{}
	for _, p := range ps {
		raw := q.Get(p.name)
		if raw == "" {
			raw = p.def
		}
		if raw == "" {
			continue
		}
		v, err := p.parse(raw)
		if err != nil {
			return nil, err
		}
		a[p.name] = v
	}
	return a, nil
}

// lit is the SQL literal of parameter name: a quoted string for dates,
// choices and names (their characters need no escaping), the number
// itself, or NULL when absent.
func (a args) lit(name string) string {
	v, ok := a[name]
	if !ok {
		return "NULL"
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// str is the SQL string literal of parameter name (NULL when absent),
// also for values that look like numbers (a level named '2').
func (a args) str(name string) string {
	v, ok := a[name]
	if !ok {
		return "NULL"
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// num is parameter name as a number literal (its default applied).
func (a args) num(name string) string { return a[name] }

// date is parameter name as a day; the zero time when absent.
func (a args) date(name string) time.Time {
	d, _ := time.Parse(time.DateOnly, a[name])
	return d
}

// dayLit is the SQL literal of day d.
func dayLit(d time.Time) string { return "'" + d.Format(time.DateOnly) + "'" }

// Common parameters.
var (
	asOfParam = param{name: "as_of", kind: kindDate,
		doc: "analysis day YYYY-MM-DD; default the latest order day"}
	levelParam = param{name: "level", kind: kindEnum, def: "category_2",
		choices: []string{"product", "category_1", "category_2", "category_3"}, doc: "item granularity"}
	dimensions = []string{"lifecycle", "stage", "value_tier", "frequency_tier", "engagement",
		"buyer_status", "all", "country", "source", "gender", "city"}
)
