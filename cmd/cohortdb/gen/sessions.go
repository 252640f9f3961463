package gen

import "math"

// Web and app session parameters.
const (
	orderViewShare = 0.5  // ordered products whose product_view was tracked
	orderCartShare = 0.65 // ordered products whose cart_add was tracked
	abandonShare   = 0.12 // browse sessions ending with a cart_add and no order
	leadSessions   = 1.5  // mean browse sessions of a lead
	buyerSessions  = 1.0  // mean browse sessions of a buyer, plus per order:
	perOrderBrowse = 0.3
	leadActiveDays = 120.0 // mean days a lead keeps browsing after signup
	lapseBrowse    = 45.0  // mean days a lapsed buyer keeps browsing after the last order
)

// orderSessions appends the tracked visit, product views and cart adds that
// led to each online order.
func (g *generator) orderSessions() {
	r := g.r
	for k := range g.orders {
		o := &g.orders[k]
		if o.channel != chWeb && o.channel != chApp {
			continue
		}
		visit := max(0, o.at-r.between(180, 2700))
		step := max(1, (o.at-visit)/int64(2*o.nLines+2))
		t := visit
		g.events = append(g.events, event{at: t, typ: evSiteVisit, channel: o.channel, product: -1})
		for _, l := range g.lines[o.line0 : o.line0+o.nLines] {
			t += step
			if r.bernoulli(orderViewShare) {
				g.events = append(g.events, event{at: t, typ: evProductView, channel: o.channel, product: l.product})
			}
			t += step
			if r.bernoulli(orderCartShare) {
				g.events = append(g.events, event{at: t, typ: evCartAdd, channel: o.channel, product: l.product})
			}
		}
	}
}

// browseSessions appends visits that did not end in an order: a few product
// views, sometimes an abandoned cart.
func (g *generator) browseSessions(c *contact) {
	r, cal := g.r, g.cal
	from, until := c.signup, c.signup+int64(r.ExpFloat64()*leadActiveDays*daySec)
	mean := leadSessions
	if n := len(g.orders); n > 0 {
		until = g.orders[n-1].at + int64(r.ExpFloat64()*lapseBrowse*daySec)
		if !c.lapsed {
			until = cal.end() // still active: browses to the end
		}
		mean = buyerSessions + perOrderBrowse*math.Min(float64(n), 60)
	}
	until = min(until, cal.end()-1)
	ch := chWeb
	if c.channel == chApp || r.bernoulli(0.2) {
		ch = chApp
	}
	for range r.poisson(mean) {
		day := r.between(from, until) / daySec
		t := max(day*daySec+cal.timeOfDay(r), from)
		if t >= cal.end() {
			continue
		}
		g.events = append(g.events, event{at: t, typ: evSiteVisit, channel: ch, product: -1})
		sub := -1
		if c.fav >= 0 && r.bernoulli(0.5) {
			sub = c.fav
		}
		var p int32
		for range 1 + r.IntN(3) {
			t += r.between(20, 240)
			p = g.cat.pick(r, sub, t)
			g.events = append(g.events, event{at: t, typ: evProductView, channel: ch, product: p})
		}
		if r.bernoulli(abandonShare) {
			g.events = append(g.events, event{at: t + r.between(10, 120), typ: evCartAdd, channel: ch, product: p})
		}
	}
}
