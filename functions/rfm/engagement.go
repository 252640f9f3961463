package rfm

import (
	"strconv"
	"strings"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Engagement settings (rows of the settings table; docs/analytics.md).
const (
	setWeightOpen  = "engagement.weight_open"
	setWeightClick = "engagement.weight_click"
	setWeightVisit = "engagement.weight_visit"
	setHalfPoints  = "engagement.half_points"
)

// EngagementWeights turn a contact's 90-day events into the engagement
// score 0–100: points = Open·opens + Click·clicks + Visit·visits, and
// score = ROUND(100 · points / (points + Half)), rounded half up. The score
// is 0 without events, 50 at Half points, and approaches 100; it is
// monotone in the points, so quintile scores do not depend on Half.
// Invariant: weights ≥ 0, Half ≥ 1.
type EngagementWeights struct {
	Open, Click, Visit, Half int64
}

// DefaultEngagement: clicks show more intent than opens; a site visit is a
// self-started return to the shop. With Half = 10 the score levels at 33
// and 67 fall exactly where 5 and 20 points did.
var DefaultEngagement = EngagementWeights{Open: 1, Click: 3, Visit: 2, Half: 10}

// Points is the weighted event count.
func (w EngagementWeights) Points(c *Customer) int64 {
	return int64(c.Opens)*w.Open + int64(c.Clicks)*w.Click + int64(c.Visits)*w.Visit
}

// Score is the 0–100 engagement score of c.
func (w EngagementWeights) Score(c *Customer) int64 {
	p := w.Points(c)
	return (200*p + p + w.Half) / (2 * (p + w.Half)) // ⌊100p/(p+h) + ½⌋
}

// engagementWeights reads the engagement settings of db (defaults for the
// rows that are missing); a bad value is an error naming the row.
func engagementWeights(fn string, env sqlfn.Env, db string) (EngagementWeights, error) {
	w := DefaultEngagement
	kv, err := sqlfn.Settings(env, db)
	if err != nil {
		return w, err
	}
	for _, s := range []struct {
		name string
		dst  *int64
		min  int64
	}{{setWeightOpen, &w.Open, 0}, {setWeightClick, &w.Click, 0}, {setWeightVisit, &w.Visit, 0}, {setHalfPoints, &w.Half, 1}} {
		v, ok := kv[s.name]
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < s.min || n > 1_000_000 {
			return w, sqlfn.ErrArg(fn, "setting %s = %q: want a whole number from %d to 1000000 (fix or delete the settings row)", s.name, v, s.min)
		}
		*s.dst = n
	}
	return w, nil
}
