package leads

import (
	"math"
	"slices"
	"strings"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// RulesTable is the table the scoring rules are read from.
const RulesTable = "scoring_rules"

// maxRules bounds the rules: each event's matching rules are a uint64 mask.
const maxRules = 64

// Rule is one scoring rule (a row of scoring_rules).
type Rule struct {
	Name                                   string
	EventType                              string
	URL                                    string // LIKE pattern on events.url; "" with HasURL false: any
	Source                                 string // LIKE pattern on events.source
	Campaign                               int64  // events.campaign_id when HasCampaign
	Points                                 int64
	HalfLife                               float64 // days; 0: no decay
	Cap                                    int64   // 0 with HasCap false: no cap
	HasURL, HasSource, HasCampaign, HasCap bool
}

// DefaultRules score what SALESmanago's general scoring scores, with its
// documented example values for visits (2), e-mail opens (5) and clicks
// (3); the extra points for visits from ads and search engines, product
// views, cart adds, the unsubscribe penalty and the 30-day half-life are
// cohortdb's choices (docs/behaviour.md).
var DefaultRules = []Rule{
	{Name: "site_visit", EventType: "site_visit", Points: 2, HalfLife: 30},
	{Name: "ad_visit", EventType: "site_visit", Source: "ad", HasSource: true, Points: 3, HalfLife: 30},
	{Name: "search_visit", EventType: "site_visit", Source: "search", HasSource: true, Points: 2, HalfLife: 30},
	{Name: "product_view", EventType: "product_view", Points: 1, HalfLife: 30, Cap: 20, HasCap: true},
	{Name: "cart_add", EventType: "cart_add", Points: 5, HalfLife: 30},
	{Name: "email_open", EventType: "email_open", Points: 5, HalfLife: 30},
	{Name: "email_click", EventType: "email_click", Points: 3, HalfLife: 30},
	{Name: "unsubscribe", EventType: "unsubscribe", Points: -20},
}

// ruleColumns are the columns of scoring_rules read, in order.
var ruleColumns = []struct {
	name string
	kind read.Kind
}{
	{"rule", read.KindBytes}, {"event_type", read.KindBytes}, {"url_pattern", read.KindBytes},
	{"source_pattern", read.KindBytes}, {"campaign_id", read.KindInt}, {"points", read.KindInt},
	{"half_life_days", read.KindFloat}, {"cap", read.KindInt},
}

// loadRules reads db.scoring_rules sorted by name; a missing or empty
// table gives DefaultRules.
func loadRules(fn string, env sqlfn.Env, db string) ([]Rule, error) {
	if !env.HasTable(db, RulesTable) {
		return DefaultRules, nil
	}
	sn, err := env.Snapshot(db, RulesTable)
	if err != nil {
		return nil, err
	}
	cols := make([]int, len(ruleColumns))
	for i, c := range ruleColumns {
		if cols[i], err = sqlfn.Column(sn, RulesTable, c.name, c.kind); err != nil {
			return nil, sqlfn.ErrNoData(fn, "%v (see docs/schema.md)", err)
		}
	}
	var rules []Rule
	err = sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		var err error
		b.Each(func(i int) {
			if err == nil {
				var r Rule
				r, err = ruleAt(fn, b.Cols, i)
				rules = append(rules, r)
			}
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(rules) == 0 {
		return DefaultRules, nil
	}
	if len(rules) > maxRules {
		return nil, sqlfn.ErrArg(fn, "%s has %d rules; at most %d are supported", RulesTable, len(rules), maxRules)
	}
	slices.SortFunc(rules, func(a, b Rule) int { return strings.Compare(a.Name, b.Name) })
	return rules, nil
}

// ruleAt reads row i of a scoring_rules batch and checks it.
func ruleAt(fn string, c []*read.Vector, i int) (Rule, error) {
	str := func(k int) (string, bool) {
		if c[k].IsNull(i) {
			return "", false
		}
		return string(c[k].Bytes(i)), true
	}
	r := Rule{}
	r.Name, _ = str(0)
	r.EventType, _ = str(1)
	r.URL, r.HasURL = str(2)
	r.Source, r.HasSource = str(3)
	r.HasCampaign, r.HasCap = !c[4].IsNull(i), !c[7].IsNull(i)
	r.Campaign, r.Points, r.Cap = c[4].Ints[i], c[5].Ints[i], c[7].Ints[i]
	if !c[6].IsNull(i) {
		r.HalfLife = c[6].Floats[i]
	}
	switch {
	case !c[6].IsNull(i) && (r.HalfLife <= 0 || math.IsNaN(r.HalfLife) || math.IsInf(r.HalfLife, 0)):
		return r, sqlfn.ErrArg(fn, "rule %q: half_life_days must be positive or NULL, got %v", r.Name, r.HalfLife)
	case r.HasCap && r.Cap < 0:
		return r, sqlfn.ErrArg(fn, "rule %q: cap must not be negative, got %d", r.Name, r.Cap)
	}
	return r, nil
}

// capped applies the rule's cap to a contact's total of its points: a
// positive rule gives at most Cap, a negative one takes at most Cap.
func (r *Rule) capped(total float64) float64 {
	if !r.HasCap {
		return total
	}
	return math.Max(-float64(r.Cap), math.Min(float64(r.Cap), total))
}

// decayed is the rule's points for an event age days old.
func (r *Rule) decayed(age int64) float64 {
	if r.HalfLife == 0 {
		return float64(r.Points)
	}
	return float64(r.Points) * math.Exp2(-float64(age)/r.HalfLife)
}
