package gen

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Event types.
const (
	evEmailSent uint8 = iota
	evEmailOpen
	evEmailClick
	evSiteVisit
	evProductView
	evCartAdd
	evUnsubscribe
)

var eventNames = [...]string{
	"email_sent", "email_open", "email_click", "site_visit", "product_view", "cart_add", "unsubscribe",
}

// event is one row of events.csv. campaign is 0 and product -1 when the
// type has none.
type event struct {
	at       int64
	typ      uint8
	channel  uint8
	campaign int32
	product  int32
	// Web events only (web.go): source, device, and the subcategory of a
	// search or social landing page (-1: the home page).
	src, dev   uint8
	landingSub int16
	who        uint8 // whoContact, or a visitor's event (identity.go)
}

// campaign is one email send. ids run 1.. in time order.
type campaign struct {
	id    int32
	at    int64
	name  string
	reach float64 // share of opted-in contacts it goes to
}

// Email engagement parameters.
const (
	regularReach   = 0.25
	specialReach   = 0.85
	leadDecayDays  = 180.0 // leads lose interest after signing up
	lapseDecayDays = 150.0 // dropped-out buyers lose interest after their last order
	aliveDecayDays = 400.0 // buyers still in the purchase process, more slowly
	nearOrderDays  = 3.0   // a send this close before an order is engaging
	attributionSec = 72 * hourSec
)

// newCampaigns schedules the weekly Thursday newsletter and the seasonal
// specials inside the window.
func newCampaigns(cal *calendar) []campaign {
	var out []campaign
	for d := range cal.days {
		t := cal.start.AddDate(0, 0, d)
		at := int64(d)*daySec + 10*hourSec
		if t.Weekday() == time.Thursday {
			y, w := t.ISOWeek()
			out = append(out, campaign{at: at, name: "nl_" + strconv.Itoa(y) + "_w" + strconv.Itoa(w), reach: regularReach})
		}
		if name := specialCampaign(t); name != "" {
			out = append(out, campaign{at: at - 3*hourSec, name: name + "_" + strconv.Itoa(t.Year()), reach: specialReach})
		}
	}
	slices.SortStableFunc(out, func(a, b campaign) int { return cmp.Compare(a.at, b.at) })
	for i := range out {
		out[i].id = int32(i + 1)
	}
	return out
}

func specialCampaign(t time.Time) string {
	bf := blackFriday(t.Year())
	switch {
	case t.Equal(bf):
		return "black_friday"
	case t.Equal(bf.AddDate(0, 0, 3)):
		return "cyber_monday"
	case t.Month() == time.December && t.Day() == 5:
		return "xmas_gift_guide"
	case t.Month() == time.December && t.Day() == 19:
		return "last_minute_xmas"
	case t.Month() == time.January && t.Day() == 3:
		return "winter_sale"
	case t.Month() == time.February && t.Day() == 7:
		return "valentines"
	case t.Month() == time.March && t.Day() == 20:
		return "spring_collection"
	case t.Month() == time.July && t.Day() == 1:
		return "summer_sale"
	}
	return ""
}

// emails appends the email events of c: sends while opted in, opens and
// clicks driven by engagement, and possibly an unsubscribe that ends them.
func (g *generator) emails(c *contact) {
	if !c.optIn {
		return
	}
	r, end := g.r, g.cal.end()
	first := sort.Search(len(g.camps), func(i int) bool { return g.camps[i].at >= c.signup })
	next := 0 // first order after the current send
	for i := first; i < len(g.camps); i++ {
		cp := &g.camps[i]
		if !r.bernoulli(cp.reach) {
			continue
		}
		sent := cp.at + r.Int64N(hourSec)
		for next < len(g.orders) && g.orders[next].at <= sent {
			next++
		}
		m, near := g.engagement(c, sent, next)
		g.events = append(g.events, event{at: sent, typ: evEmailSent, channel: chEmail, campaign: cp.id, product: -1})
		if r.bernoulli(math.Min(0.9, c.engage*m)) {
			open := sent + int64(r.logNormal(3*hourSec, 1.2))
			if open < end {
				g.events = append(g.events, event{at: open, typ: evEmailOpen, channel: chEmail, campaign: cp.id, product: -1})
				g.maybeClick(c, cp, open, near)
			}
		}
		if r.bernoulli(0.002 + 0.006*math.Max(0, 1-m)) {
			if at := sent + int64(r.ExpFloat64()*2*daySec); at < end {
				c.unsubAt, c.optIn = at, false
				g.events = append(g.events, event{at: at, typ: evUnsubscribe, channel: chEmail, product: -1})
				return
			}
		}
	}
}

func (g *generator) maybeClick(c *contact, cp *campaign, open int64, near bool) {
	p := 0.08
	if c.buyer {
		p *= 1.5
	}
	if near {
		p *= 3
	}
	if at := open + 10 + g.r.Int64N(600); g.r.bernoulli(p) && at < g.cal.end() {
		g.events = append(g.events, event{at: at, typ: evEmailClick, channel: chEmail, campaign: cp.id, product: -1})
		g.clicks = append(g.clicks, click{at: at, campaign: cp})
	}
}

// engagement returns the multiplier of c's open propensity at time t, given
// that g.orders[next] is its first order after t, and whether an order
// follows within nearOrderDays.
func (g *generator) engagement(c *contact, t int64, next int) (float64, bool) {
	if !c.buyer {
		age := float64(t-c.signup) / daySec
		return 0.5 * (0.4 + 0.6*math.Exp(-age/leadDecayDays)), false
	}
	near := next < len(g.orders) && float64(g.orders[next].at-t) < nearOrderDays*daySec
	m := 0.8 // signed up, not bought yet
	if next > 0 {
		since := float64(t-g.orders[next-1].at) / daySec
		decay := aliveDecayDays
		if c.lapsed {
			decay = lapseDecayDays
		}
		m = 1.4 * (0.15 + 0.85*math.Exp(-since/decay))
	}
	if near {
		m *= 1.8
	}
	return m, near
}

// click is an email click that may get the credit for a later order.
type click struct {
	at       int64
	campaign *campaign
}

// attribute credits online orders placed within attributionSec of an email
// click to that email.
func (g *generator) attribute() {
	for k := range g.orders {
		o := &g.orders[k]
		if o.channel != chWeb && o.channel != chApp {
			continue
		}
		for i := len(g.clicks) - 1; i >= 0; i-- {
			cl := g.clicks[i]
			if cl.at < o.at && o.at-cl.at <= attributionSec {
				if g.r.bernoulli(0.8) {
					o.medium, o.campaign = "newsletter / email", cl.campaign.name
				}
				break
			}
		}
	}
}
