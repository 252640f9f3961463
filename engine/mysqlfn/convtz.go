package mysqlfn

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // named zones on a machine without /usr/share/zoneinfo

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// convertTzFunc is CONVERT_TZ(dt, from, to) as MySQL and MariaDB compute
// it: dt read as a wall clock in from, taken to UTC and shown in to. BI
// tools with a report time zone (Metabase) wrap every date column in it.
// GMS v0.20.0 shifted by the two zones' offsets at the wall clock itself,
// an hour off for instants near a transition (CONVERT_TZ('2026-03-29
// 01:30:00', 'UTC', 'Europe/Berlin') is 03:30, GMS said 02:30), and it
// loaded the zone from disk on every row (4 µs a row).
var convertTzFunc = sql.Function3{Name: "convert_tz", Fn: func(dt, from, to sql.Expression) sql.Expression {
	return &ConvertTzExpr{dt, from, to}
}}

// ConvertTzExpr is CONVERT_TZ(dt, from, to).
type ConvertTzExpr struct{ DT, From, To sql.Expression }

var _ sql.FunctionExpression = (*ConvertTzExpr)(nil)

func (e *ConvertTzExpr) FunctionName() string { return "convert_tz" }
func (e *ConvertTzExpr) Description() string {
	return "converts a datetime from one time zone to another"
}
func (e *ConvertTzExpr) Type() sql.Type             { return types.DatetimeMaxPrecision }
func (e *ConvertTzExpr) IsNullable() bool           { return true }
func (e *ConvertTzExpr) Children() []sql.Expression { return []sql.Expression{e.DT, e.From, e.To} }
func (e *ConvertTzExpr) Resolved() bool {
	return e.DT.Resolved() && e.From.Resolved() && e.To.Resolved()
}
func (e *ConvertTzExpr) String() string {
	return fmt.Sprintf("convert_tz(%s,%s,%s)", e.DT, e.From, e.To)
}

func (e *ConvertTzExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 3 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 3)
	}
	return &ConvertTzExpr{children[0], children[1], children[2]}, nil
}

// CollationCoercibility is binary, as a DATETIME.
func (*ConvertTzExpr) CollationCoercibility(*sql.Context) (sql.CollationID, byte) {
	return sql.Collation_binary, 5
}

// Eval is NULL for a NULL or unreadable argument or an unknown zone.
func (e *ConvertTzExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	var zones [2]Zone
	for i, x := range []sql.Expression{e.From, e.To} {
		z, ok, err := EvalZone(ctx, x, row)
		if err != nil || !ok {
			return nil, err
		}
		zones[i] = z
	}
	v, err := e.DT.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	c, _, err := types.DatetimeMaxPrecision.Convert(ctx, v)
	if err != nil {
		return nil, nil // not a date: NULL, as MySQL
	}
	t, ok := c.(time.Time)
	if !ok {
		return nil, nil
	}
	return time.UnixMicro(ConvertTZ(t.UnixMicro(), zones[0], zones[1])).UTC(), nil
}

// EvalZone evaluates x as a CONVERT_TZ zone; ok is false for NULL or a
// zone MySQL does not know.
func EvalZone(ctx *sql.Context, x sql.Expression, row sql.Row) (Zone, bool, error) {
	v, err := x.Eval(ctx, row)
	if err != nil || v == nil {
		return Zone{}, false, err
	}
	s, ok := v.(string)
	if !ok {
		return Zone{}, false, nil
	}
	z, ok := ParseZone(s)
	return z, ok, nil
}

// Zone is a time zone of CONVERT_TZ: a fixed offset or a named zone.
type Zone struct {
	loc *time.Location // nil: the fixed offset
	off int64          // seconds east of UTC
}

// ParseZone reads '+hh:mm' (-12:59 to +13:00, as MariaDB), 'SYSTEM' or a
// zone name of the tz database, its case ignored.
func ParseZone(s string) (Zone, bool) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return parseOffset(s)
	}
	if strings.EqualFold(s, "SYSTEM") {
		return Zone{loc: time.Local}, true
	}
	loc, ok := loadZone(s)
	return Zone{loc: loc}, ok
}

func parseOffset(s string) (Zone, bool) {
	h, m, ok := strings.Cut(s[1:], ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return Zone{}, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || h[0] == '+' || h[0] == '-' || m[0] == '+' || m[0] == '-' || mm > 59 {
		return Zone{}, false
	}
	off := int64(hh*3600 + mm*60)
	if s[0] == '-' {
		off = -off
	}
	if off > 13*3600 || off < -(12*3600+59*60) {
		return Zone{}, false
	}
	return Zone{off: off}, true
}

// zones caches loaded locations by the name asked for (nil: unknown).
var zones sync.Map

// loadZone loads a named zone. MySQL's names are case-insensitive; the
// tz database's files are not, so a name not found as written is tried
// as the database spells names (Europe/Berlin, America/New_York, UTC).
func loadZone(name string) (*time.Location, bool) {
	if v, ok := zones.Load(name); ok {
		loc := v.(*time.Location)
		return loc, loc != nil
	}
	var loc *time.Location
	if name != "" && name != "Local" && !strings.ContainsAny(name, " .\\") {
		for _, n := range []string{name, titleZone(name), strings.ToUpper(name)} {
			if l, err := time.LoadLocation(n); err == nil {
				loc = l
				break
			}
		}
	}
	zones.Store(name, loc)
	return loc, loc != nil
}

// titleZone spells a zone name as the tz database does: each word
// capitalised.
func titleZone(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}

// TIMESTAMP's range in seconds since the epoch: CONVERT_TZ leaves a value
// whose UTC instant falls outside it as it is.
const (
	minTimestamp = 1
	maxTimestamp = 1<<31 - 1
)

// ConvertTZ converts a wall clock (microseconds since 0001 read as UTC,
// as a DATETIME is held) from one zone to another, as MySQL does: a wall
// clock in a gap of from's (spring forward) is the transition's instant,
// one that occurs twice (fall back) the earlier instant.
func ConvertTZ(wall int64, from, to Zone) int64 {
	secs := calendar.FloorDiv(wall, 1e6)
	frac := wall - secs*1e6
	utc := from.toUTC(secs)
	if utc < minTimestamp || utc > maxTimestamp {
		return wall
	}
	return to.fromUTC(utc)*1e6 + frac
}

// fromUTC is the wall clock of an instant (seconds).
func (z Zone) fromUTC(utc int64) int64 {
	if z.loc == nil {
		return utc + z.off
	}
	_, off := time.Unix(utc, 0).In(z.loc).Zone()
	return utc + int64(off)
}

// toUTC is the instant of a wall clock (seconds).
func (z Zone) toUTC(wall int64) int64 {
	if z.loc == nil {
		return wall - z.off
	}
	// The offsets in force a day either side bound the candidates: a
	// candidate is valid when the zone has that offset at its instant.
	_, o1 := time.Unix(wall-86400, 0).In(z.loc).Zone()
	_, o2 := time.Unix(wall+86400, 0).In(z.loc).Zone()
	best, found := int64(0), false
	for _, o := range []int64{int64(o1), int64(o2)} {
		u := wall - o
		if _, off := time.Unix(u, 0).In(z.loc).Zone(); int64(off) == o && (!found || u < best) {
			best, found = u, true
		}
	}
	if found {
		return best
	}
	// In a gap: the instant the clocks jumped, the end of the period the
	// earlier offset's candidate falls in.
	u := wall - int64(max(o1, o2))
	_, end := time.Unix(u, 0).In(z.loc).ZoneBounds()
	if end.IsZero() {
		return u
	}
	return end.Unix()
}
