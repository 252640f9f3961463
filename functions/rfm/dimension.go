package rfm

import (
	"strings"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Dimensions contacts can be grouped by. Computed ones come from the
// facts; the rest name a text column of customers.
var computedDims = map[string]bool{
	"lifecycle": true, "stage": true, "value_tier": true, "frequency_tier": true,
	"engagement": true, "buyer_status": true, "all": true,
}

var customerDims = map[string]bool{"country": true, "source": true, "gender": true, "city": true}

// dimNames lists the accepted dimensions for error messages.
const dimNames = "lifecycle, stage, value_tier, frequency_tier, engagement, buyer_status, country, source, gender, city, all"

// parseDim reads a dimension argument.
func parseDim(fn string, args []any, i int, def string) (string, error) {
	s, err := sqlfn.String(fn, args, i, def)
	if err != nil {
		return "", err
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if !computedDims[s] && !customerDims[s] {
		return "", sqlfn.ErrArg(fn, "argument %d: unknown dimension %q (one of %s)", i+1, s, dimNames)
	}
	return s, nil
}

// labeler names each contact's group on one dimension.
type labeler struct {
	d                   *data
	dim                 string
	w                   Windows
	baseRev, baseOrders int64
	slot                int      // which Customer.Label holds a customers column
	labels              []string // its dictionary
}

// label is c's value on the dimension, "" (NULL) when it has none.
func (l *labeler) label(c *Customer) string {
	rec := l.d.recency(c)
	switch l.dim {
	case "lifecycle":
		return OmetriaStatus(c.Orders, rec, l.w)
	case "stage":
		return EmarsysStage(c.Orders, rec, l.w)
	case "value_tier":
		return ValueTier(c.Revenue, c.Orders, l.baseRev, l.baseOrders)
	case "frequency_tier":
		return FrequencyTier(c.Orders)
	case "engagement":
		return EngagementLevel(l.d.engagement(c))
	case "buyer_status":
		return BuyerStatus(c.Orders)
	case "all":
		return "all"
	}
	if c.Label[l.slot] < 0 {
		return ""
	}
	return l.labels[c.Label[l.slot]]
}

// gatherDims reads what the dimensions dims (at most two) need and
// returns a labeler for each. Windows come from args[wi], args[wi+1] (see
// windows).
func gatherDims(g *sqlfn.Guard, fn string, env sqlfn.Env, asOf int64, set bool, dims []string, args []any, wi int) (*data, []*labeler, error) {
	var cols [2]string
	slots := make([]int, len(dims))
	for i, dim := range dims {
		if !customerDims[dim] {
			continue
		}
		switch {
		case cols[0] == "" || cols[0] == dim:
			cols[0] = dim
		default:
			cols[1], slots[i] = dim, 1
		}
	}
	d, err := gather(g, fn, env, asOf, set, need{events: true, contacts: true, days: !windowsGiven(args, wi), labels: cols})
	if err != nil || d.empty {
		return d, nil, err
	}
	w, err := windows(fn, env, d, args, wi)
	if err != nil {
		return nil, nil, err
	}
	rev, orders := d.base()
	ls := make([]*labeler, len(dims))
	for i, dim := range dims {
		ls[i] = &labeler{d: d, dim: dim, w: w, baseRev: rev, baseOrders: orders, slot: slots[i], labels: d.labels[slots[i]]}
	}
	return d, ls, nil
}
