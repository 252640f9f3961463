package leads

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// args reads the optional as-of date of every function of the package
// and scores the contacts under g.
func args(g *sqlfn.Guard, fn string, env sqlfn.Env, a []any) (*scores, error) {
	day, ok, err := sqlfn.Date(fn, a, 0)
	if err != nil {
		return nil, err
	}
	var asOf *int64
	if ok {
		asOf = &day
	}
	return compute(g, fn, env, sqlfn.ShopDB(env), asOf)
}

// addRow appends row to rows under g, which counts and charges it.
func addRow(g *sqlfn.Guard, rows []sql.Row, row sql.Row) ([]sql.Row, error) {
	if err := g.Step(1); err != nil {
		return nil, err
	}
	if err := g.Row(row); err != nil {
		return nil, err
	}
	return append(rows, row), nil
}

// round2 rounds to two decimals, half away from zero.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// contactSummary is one contact's score and what made it.
type contactSummary struct {
	score  float64
	events int64
	top    any // rule name or nil
	detail string
}

// summary sums a contact's rules; detail lists "rule:points" by the
// points' size, largest first (ties by name).
func (s *scores) summary(k int, parts []part) (contactSummary, []part) {
	var out contactSummary
	parts = parts[:0]
	for r := range s.rules {
		n := s.events(k, r)
		if n == 0 {
			continue
		}
		p := s.total(k, r)
		out.score += p
		parts = append(parts, part{s.rules[r].Name, p})
	}
	out.score = round2(out.score)
	out.events = int64(s.ev[2*k] + s.ev[2*k+1])
	slices.SortFunc(parts, func(a, b part) int {
		return cmp.Or(cmp.Compare(math.Abs(b.points), math.Abs(a.points)), strings.Compare(a.name, b.name))
	})
	if len(parts) > 0 {
		out.top = parts[0].name
	}
	var sb strings.Builder
	for i, p := range parts {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(p.name)
		sb.WriteByte(':')
		sb.WriteString(strconv.FormatFloat(round2(p.points), 'f', -1, 64))
	}
	out.detail = sb.String()
	return out, parts
}

// flag is a BOOLEAN value as MySQL returns it.
func flag(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

type part struct {
	name   string
	points float64
}

// leadScoreRows is lead_score([as_of]): every contact's score.
func leadScoreRows(ctx *sql.Context, env sqlfn.Env, a []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	s, err := args(g, "lead_score", env, a)
	if err != nil {
		return nil, err
	}
	ready := floatVariable(env, ReadyVariable, defaultReady)
	rows := make([]sql.Row, 0, len(s.c.ids))
	var parts []part
	for k, id := range s.c.ids {
		var sum contactSummary
		sum, parts = s.summary(k, parts)
		if rows, err = addRow(g, rows, sql.Row{id, sum.score, sum.events, flag(sum.score >= ready), sum.top, sum.detail}); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// leadScoreRuleRows is lead_score_rules([as_of]): one row per contact and
// rule that matched at least one of its events.
func leadScoreRuleRows(ctx *sql.Context, env sqlfn.Env, a []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	s, err := args(g, "lead_score_rules", env, a)
	if err != nil {
		return nil, err
	}
	var rows []sql.Row
	for k, id := range s.c.ids {
		if err := g.Step(len(s.rules)); err != nil {
			return nil, err
		}
		for r := range s.rules {
			if n := s.events(k, r); n > 0 {
				if rows, err = addRow(g, rows, sql.Row{id, s.rules[r].Name, n, round2(s.total(k, r))}); err != nil {
					return nil, err
				}
			}
		}
	}
	return rows, nil
}

// salesReadyRows is sales_ready_leads([as_of]): the leads (contacts
// without a valid order by the as-of day) whose score reaches the
// threshold, best first.
func salesReadyRows(ctx *sql.Context, env sqlfn.Env, a []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	s, err := args(g, "sales_ready_leads", env, a)
	if err != nil {
		return nil, err
	}
	ready := floatVariable(env, ReadyVariable, defaultReady)
	var rows []sql.Row
	var parts []part
	for k, id := range s.c.ids {
		if err := g.Step(1); err != nil {
			return nil, err
		}
		if s.c.first[k] != noOrder {
			continue
		}
		var sum contactSummary
		sum, parts = s.summary(k, parts)
		if sum.score >= ready {
			if rows, err = addRow(g, rows, sql.Row{id, sum.score, sum.events, sum.top, sum.detail}); err != nil {
				return nil, err
			}
		}
	}
	slices.SortStableFunc(rows, func(x, y sql.Row) int { return cmp.Compare(y[1].(float64), x[1].(float64)) })
	return rows, nil
}

// Halves and stages of the engagement index.
const (
	halfBefore = "before_first_purchase"
	halfAfter  = "retention"
)

// engagementIndexRows is engagement_index([as_of]): each contact's half
// (before the first valid order, or since it), the points earned in that
// half, and the stage they put the contact in.
func engagementIndexRows(ctx *sql.Context, env sqlfn.Env, a []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	s, err := args(g, "engagement_index", env, a)
	if err != nil {
		return nil, err
	}
	ready := floatVariable(env, ReadyVariable, defaultReady)
	keep := floatVariable(env, RetentionVariable, defaultRetention)
	rows := make([]sql.Row, 0, len(s.c.ids))
	for k, id := range s.c.ids {
		h := 0
		if s.c.first[k] != noOrder {
			h = 1
		}
		var score float64
		for r := range s.rules {
			score += s.half(k, r, h)
		}
		score = round2(score)
		half, stage, first := halfBefore, "nurture", any(nil)
		switch {
		case h == 0 && score >= ready:
			stage = "purchase"
		case h == 1:
			half, stage, first = halfAfter, "exit", time.UnixMicro(s.c.first[k]).UTC()
			if score >= keep {
				stage = "retention"
			}
		}
		if rows, err = addRow(g, rows, sql.Row{id, half, stage, score, first}); err != nil {
			return nil, err
		}
	}
	return rows, nil
}
